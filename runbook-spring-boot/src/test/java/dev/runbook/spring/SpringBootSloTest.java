package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * runbook.slo and runbook.alerts in a Spring Boot application over real HTTP: the SLI filter
 * counts the application's requests, {@code /health/slo} judges them, the alert watch writes the
 * SLO's alert to the JSON Lines file, {@code /health/alerts} shows it to a token holder.
 */
@SpringBootTest(classes = SpringBootSloTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "spring.application.name=analytics",
        "runbook.health.tokens=tok-0123456789abcdef",
        "runbook.slo.route-groups=api=/api", "runbook.slo.availability=99.5%",
        "runbook.slo.latency-p95=500ms", "runbook.alerts.interval=100ms"})
class SpringBootSloTest {

  static final String TOKEN = "tok-0123456789abcdef";
  @TempDir static Path dir;

  @DynamicPropertySource
  static void alertsFile(DynamicPropertyRegistry registry) {
    registry.add("runbook.alerts.file", () -> dir.resolve("alerts.jsonl").toString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @org.springframework.context.annotation.Import({OpenSecurity.class, Api.class})
  static class App {}

  @RestController
  static class Api {
    @GetMapping("/api/ok")
    String ok() {
      return "ok";
    }

    @GetMapping("/api/fail")
    ResponseEntity<String> fail() {
      return ResponseEntity.internalServerError().body("failed on purpose");
    }
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theApplicationsRequestsDriveTheSloItsAlertAndTheRoutes() throws Exception {
    for (int i = 0; i < 197; i++) {
      assertThat(get("/api/ok", null).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(get("/api/fail", null).statusCode()).isEqualTo(500);
    }
    JsonNode slo = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    // the check's result lives 1 s, and the alert watch (every 100 ms) may have taken one
    // before the last requests (after the second failure it is already a warning, at 197 of
    // 199): wait for a result taken after all 200
    while (System.nanoTime() < deadline) {
      slo = new ObjectMapper().readTree(get("/health/slo", TOKEN).body());
      if (slo.at("/slo/slos/api~1availability/value").asDouble() == 98.5) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertThat(slo.at("/slo/slos/api~1availability/value").asDouble()).as(slo.toString())
        .isEqualTo(98.5);
    assertThat(slo.at("/slo/slos/api~1availability/level").asText()).isEqualTo("warning");
    assertThat(slo.at("/slo/slos/api~1latency_p95/target").asDouble()).isEqualTo(500);
    assertThat(slo.get("status").asText()).isEqualTo("degraded");

    Path file = dir.resolve("alerts.jsonl");
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && !(Files.exists(file) && Files.readString(file).contains("slo/api/availability"))) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertThat(Files.readString(file)).contains("\"event\":\"raised\"",
        "\"key\":\"slo/api/availability\"", "\"severity\":\"warning\"");

    assertThat(get("/health/alerts", null).statusCode()).isEqualTo(401);
    JsonNode alerts = new ObjectMapper().readTree(get("/health/alerts", TOKEN).body());
    assertThat(alerts.get("active").toString()).contains("slo/api/availability");
    assertThat(get("/health/audit?action=denied", TOKEN).body())
        .contains("\"route\":\"GET /health/alerts\"");
  }
}
