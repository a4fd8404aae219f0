package dev.runbook.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthHttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The wiring shown in README.md, line for line, so the README cannot drift from the API. */
class ReadmeExampleTest {

  static class EmailChecks {
    @Check(name = "email", critical = false, timeout = "1s")
    public boolean providerReachable() {
      return true;
    }
  }

  @Test
  void shouldServeTheReadmeWiring() throws Exception {
    EmailChecks emailChecks = new EmailChecks();
    // --- README begins
    HealthRegistry registry = HealthRegistry.builder().service("bibliotheca").version("1.0.0")
        .listener(new Slf4jStatusListener()).build();
    registry.register("database", () -> CheckResult.ok().withDetail("product", "SQLite"));
    registry.scan(emailChecks);                       // @Check(name = "email", critical = false)

    AccessGate gate = AccessGate.builder().allow("127.0.0.1", "10.0.0.0/8").build();
    HealthHttpServer server = HealthHttpServer.builder(
            HealthEndpoint.builder(registry).gate(gate).build())
        .bind(new InetSocketAddress("127.0.0.1", 0)) // README binds 8081; any free port here
        .start();
    // --- README ends
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
              .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).contains("\"database\":{\"status\":\"ok\"")
          .contains("\"email\":{\"status\":\"ok\"");
    } finally {
      server.close();
      registry.close();
    }
  }
}
