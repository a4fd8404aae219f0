package dev.runbook.health.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet adapter inside an embedded Jetty 12, over real HTTP on loopback. */
class HealthServletTest {

  private final HealthRegistry registry = HealthRegistry.builder().service("media-ingest").build();
  private final HttpClient client = HttpClient.newHttpClient();
  private Server jetty;
  private int port;

  @BeforeEach
  void start() throws Exception {
    registry.register("database", () -> CheckResult.ok().withDetail("product", "H2"));
    AccessGate gate = AccessGate.builder()
        .allow("192.0.2.1")
        .credentialCheck(r -> "ops".equals(((HttpServletRequest) r.nativeRequest())
            .getHeader("X-Test-Role")))
        .build();
    HealthEndpoint endpoint = HealthEndpoint.builder(registry).gate(gate).build();
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(new HealthServlet(endpoint)), "/*");
    LoopbackJetty started = LoopbackJetty.start(context);
    jetty = started.server();
    port = started.port();
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    registry.close();
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeTheStatusOnlyToAnonymousCallersUnderTheContextPath() throws Exception {
    HttpResponse<String> health = send("GET", "/app/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(health.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(send("GET", "/app/ping").body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void shouldGrantDetailsThroughTheHostCallbackOnTheServletRequest() throws Exception {
    assertThat(send("GET", "/app/health", "X-Test-Role", "ops").body())
        .contains("\"database\":{\"status\":\"ok\"").contains("\"product\":\"H2\"");
    assertThat(send("GET", "/app/health", "X-Test-Role", "guest").body())
        .isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void shouldAnswerHeadAndRefuseOtherMethods() throws Exception {
    HttpResponse<String> head = send("HEAD", "/app/health");
    HttpResponse<String> delete = send("DELETE", "/app/health");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(send("GET", "/app/health/nosuch").statusCode()).isEqualTo(404);
  }
}
