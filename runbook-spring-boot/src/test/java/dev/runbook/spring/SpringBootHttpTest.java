package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.health.jobs.JobMonitor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application with the starter's auto-configuration, over real HTTP on loopback. */
@SpringBootTest(classes = SpringBootHttpTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "spring.application.name=analytics",
        "runbook.health.tokens=tok-0123456789abcdef",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.show-components=always"})
class SpringBootHttpTest {

  static final String TOKEN = "tok-0123456789abcdef";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @org.springframework.context.annotation.Import(OpenSecurity.class)
  static class App {
    @Bean
    HealthCheck databaseCheck() {
      return () -> CheckResult.ok(Map.of("engine", "postgresql"));
    }
  }

  @LocalServerPort int port;
  @Autowired JobMonitor jobs;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return new ObjectMapper().readTree(response.body());
  }

  @Test
  void pingAndAGatedHealthOnTheApplicationsPort() throws Exception {
    assertThat(send("GET", "/ping").statusCode()).isEqualTo(200);

    HttpResponse<String> anonymous = send("GET", "/health");
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(json(anonymous).get("status").asText()).isEqualTo("ok");
    assertThat(json(anonymous).has("database")).as(anonymous.body()).isFalse();
    assertThat(json(anonymous).size()).as("status only: " + anonymous.body()).isEqualTo(1);

    HttpResponse<String> trusted = send("GET", "/health", "Authorization", "Bearer " + TOKEN);
    JsonNode body = json(trusted);
    assertThat(body.get("service").asText()).isEqualTo("analytics");
    assertThat(body.at("/database/status").asText()).as(trusted.body()).isEqualTo("ok");
    assertThat(body.at("/database/engine").asText()).isEqualTo("postgresql");
    assertThat(body.at("/scheduler/failure_threshold").asInt()).isEqualTo(3);
  }

  @Test
  void aSpringSecurityPrincipalIsACredential() throws Exception {
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (OpenSecurity.USER + ":" + OpenSecurity.PASSWORD).getBytes());
    JsonNode body = json(send("GET", "/health", "Authorization", basic));
    assertThat(body.at("/database/status").asText()).as(body.toString()).isEqualTo("ok");
    String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (OpenSecurity.USER + ":not-the-password").getBytes());
    assertThat(send("GET", "/health", "Authorization", wrong).statusCode())
        .as("Spring Security refuses a wrong password before runbook sees it").isEqualTo(401);
  }

  @Test
  void formatsAreChosenByAcceptAndByParameter() throws Exception {
    HttpResponse<String> ietf = send("GET", "/health", "Accept", "application/health+json",
        "Authorization", "Bearer " + TOKEN);
    assertThat(ietf.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/health+json");
    assertThat(json(ietf).get("status").asText()).isEqualTo("pass");

    HttpResponse<String> microProfile = send("GET", "/health?format=microprofile");
    assertThat(json(microProfile).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void aJobIsResetOnlyWithACredential() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.run("etl", () -> {
      throw new IllegalStateException("warehouse unreachable");
    })).hasMessage("warehouse unreachable");
    assertThat(jobs.state("etl").orElseThrow().consecutiveFailures()).isEqualTo(1);

    HttpResponse<String> refused = send("POST", "/health/jobs/etl/reset");
    assertThat(refused.statusCode()).isIn(401, 403);
    assertThat(jobs.state("etl").orElseThrow().consecutiveFailures()).isEqualTo(1);

    HttpResponse<String> reset = send("POST", "/health/jobs/etl/reset",
        "Authorization", "Bearer " + TOKEN);
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    assertThat(jobs.state("etl").orElseThrow().consecutiveFailures()).isZero();
  }

  @Test
  void actuatorShowsRunbooksChecks() throws Exception {
    HttpResponse<String> actuator = send("GET", "/actuator/health");
    assertThat(actuator.statusCode()).as(actuator.body()).isEqualTo(200);
    JsonNode runbook = json(actuator).at("/components/runbook");
    assertThat(runbook.at("/components/database/status").asText()).as(actuator.body())
        .isEqualTo("UP");
    assertThat(runbook.at("/components/database/details/engine").asText())
        .isEqualTo("postgresql");
  }
}
