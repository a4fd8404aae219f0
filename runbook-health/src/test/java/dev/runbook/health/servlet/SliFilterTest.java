package dev.runbook.health.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.slo.RequestSlis;
import dev.runbook.health.slo.Slo;
import dev.runbook.health.slo.SloSection;
import dev.runbook.testkit.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SLI filter in front of an application in Jetty, over real HTTP: forced 5xx answers on a test
 * route drive the availability SLO to its warning level, seen in {@code /health/slo}.
 */
class SliFilterTest {

  final MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
  final RequestSlis slis = RequestSlis.builder().clock(clock).group("api", "/api").build();
  final HealthRegistry registry = HealthRegistry.builder().service("bibliotheca").build();
  final HttpClient client = HttpClient.newHttpClient();
  Server jetty;
  int port;

  /** {@code /api/fail} answers 503, every other route 200. */
  static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
      resp.setStatus(req.getRequestURI().endsWith("/fail") ? 503 : 200);
    }
  }

  @BeforeEach
  void start() throws Exception {
    registry.register("slo", SloSection.builder(slis)
            .slo("api", Slo.availability("availability", 99.5, 99.0, 98.0)).build(),
        CheckOptions.builder().groups("readiness", "slo")
            .ttl(Duration.ZERO).build());
    HealthEndpoint endpoint = HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().allow("127.0.0.1").build()).build();
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new SliFilter(slis)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HealthServlet(endpoint)), "/health/*");
    context.addServlet(new ServletHolder(new HealthServlet(endpoint)), "/health");
    context.addServlet(new ServletHolder(new App()), "/*");
    LoopbackJetty started = LoopbackJetty.start(context);
    jetty = started.server();
    port = started.port();
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    registry.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forcedServerErrorsDriveTheAvailabilitySloToWarning() throws Exception {
    for (int i = 0; i < 197; i++) {
      assertThat(get("/api/books").statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(get("/api/fail").statusCode()).isEqualTo(503);
    }
    get("/health"); // probes are not counted
    assertThat(slis.windows("api").window(Duration.ofMinutes(5)).requests()).isEqualTo(200);
    assertThat(slis.windows("default").window(Duration.ofMinutes(5)).empty()).isTrue();

    HttpResponse<String> slo = get("/health/slo");
    assertThat(slo.statusCode()).isEqualTo(200);
    // 3 of 200 failed: 98.5 %, below the 99.0 % warning and above the 98.0 % critical
    assertThat(slo.body()).contains("\"status\":\"degraded\"", "\"level\":\"warning\"",
        "\"value\":98.5", "api/availability is warning at 98.5");
  }
}
