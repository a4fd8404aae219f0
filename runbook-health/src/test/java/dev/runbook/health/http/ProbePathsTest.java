package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MicroProfile's, Kubernetes' and Actuator's paths, each on only when switched on. */
class ProbePathsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HealthRegistry registry = HealthRegistry.create();

  ProbePathsTest() {
    registry.register("process", CheckResult::ok,
        CheckOptions.builder().groups(CheckOptions.LIVENESS).build());
    registry.register("database", CheckResult::ok);
    registry.register("migrations", () -> CheckResult.down("schema 41 of 42"),
        CheckOptions.builder().groups(CheckOptions.STARTUP).build());
    registry.register("search-index", CheckResult::ok,
        CheckOptions.builder().groups("search").build());
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private HealthResponse get(HealthEndpoint endpoint, String path) throws Exception {
    return endpoint.handle(HealthRequest.builder("GET", path)
        .remoteAddress(InetAddress.getByName("127.0.0.1")).build());
  }

  private static List<String> names(HealthResponse response) throws Exception {
    List<String> names = new ArrayList<>();
    JsonNode checks = JSON.readTree(response.bodyText()).get("checks");
    checks.forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  private HealthEndpoint.Builder allowed() {
    return HealthEndpoint.builder(registry).gate(AccessGate.builder().allow("127.0.0.1").build());
  }

  @Test
  void shouldServeTheMicroProfilePathsWhenItIsTheDefaultFormat() throws Exception {
    HealthEndpoint endpoint = allowed().defaultFormat(PayloadFormat.MICROPROFILE).build();

    HealthResponse all = get(endpoint, "/health");
    assertThat(names(all)).containsExactly("process", "database", "migrations");
    assertThat(all.statusCode()).isEqualTo(503); // startup is not done: the conjunction is DOWN
    assertThat(names(get(endpoint, "/health/live"))).containsExactly("process");
    assertThat(names(get(endpoint, "/health/ready"))).containsExactly("database");
    assertThat(get(endpoint, "/health/ready").statusCode()).isEqualTo(200);
    assertThat(names(get(endpoint, "/health/started"))).containsExactly("migrations");
    assertThat(names(get(endpoint, "/health/group/search"))).containsExactly("search-index");
    assertThat(get(endpoint, "/health/group/nosuch").statusCode()).isEqualTo(404);
    assertThat(get(endpoint, "/ping").bodyText()).startsWith("{\"status\":\"UP\",\"checks\":[");
  }

  @Test
  void shouldKeepHealthAsReadinessWhenMicroProfilePathsAreSwitchedOnBesideNative()
      throws Exception {
    HealthEndpoint off = allowed().build();
    HealthEndpoint on = allowed().microProfilePaths(true).build();

    assertThat(get(off, "/health/live").statusCode()).isEqualTo(404);
    assertThat(get(on, "/health/live").bodyText()).contains("\"process\":{\"status\":\"ok\"");
    assertThat(get(on, "/health").bodyText()).contains("\"database\"")
        .doesNotContain("migrations");
  }

  @Test
  void shouldServeLivezAndReadyzOnlyWhenSwitchedOn() throws Exception {
    HealthEndpoint off = allowed().build();
    HealthEndpoint on = allowed().kubernetesPaths(true).build();

    assertThat(get(off, "/livez").statusCode()).isEqualTo(404);
    assertThat(get(on, "/livez").bodyText()).contains("process").doesNotContain("database");
    assertThat(get(on, "/readyz").bodyText()).contains("database").doesNotContain("process");
  }

  @Test
  void shouldServeActuatorsPathsInActuatorsShape() throws Exception {
    HealthEndpoint off = allowed().build();
    HealthEndpoint on = allowed().actuatorPaths(true).build();

    assertThat(get(off, "/actuator/health").statusCode()).isEqualTo(404);
    HealthResponse all = get(on, "/actuator/health");
    assertThat(all.headers()).containsEntry("Content-Type",
        "application/vnd.spring-boot.actuator.v3+json");
    JsonNode body = JSON.readTree(all.bodyText());
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("components").get("migrations").get("details").get("error").asText())
        .isEqualTo("schema 41 of 42");
    assertThat(JSON.readTree(get(on, "/actuator/health/liveness").bodyText())
        .get("components").fieldNames()).toIterable().containsExactly("process");
  }
}
