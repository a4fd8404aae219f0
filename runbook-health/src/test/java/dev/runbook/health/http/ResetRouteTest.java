package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.sources.CircuitState;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourceException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@code POST /health/jobs/{name}/reset}: who may reset, and what every other caller gets. */
class ResetRouteTest {

  private static final String TOKEN = "tok-0123456789abcdef";
  private static final String ALLOWED = "10.0.0.7";
  private static final String PROXY = "10.9.9.9";
  private static final String STRANGER = "203.0.113.5";

  private final HealthRegistry registry = HealthRegistry.builder().service("bibliotheca").build();
  private final JobMonitor jobs = JobMonitor.builder().build();
  private final IngestionSources sources = IngestionSources.builder().build();
  private final HealthEndpoint endpoint = HealthEndpoint.builder(registry)
      .gate(AccessGate.builder().allow(ALLOWED).trustedProxies(PROXY).bearerTokens(TOKEN)
          .credentialCheck(r -> r.header("X-Ops-Session").filter("valid"::equals).isPresent())
          .build())
      .resetRoute("jobs", jobs::reset)
      .resetRoute("sources", sources::reset)
      .build();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(HealthEndpoint.class);

  ResetRouteTest() {
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void close() {
    logger.detachAppender(events);
    jobs.close();
    registry.close();
  }

  private void failThreeTimes(String job) {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> jobs.run(job, () -> {
        throw new IllegalStateException("smtp refused");
      })).isInstanceOf(IllegalStateException.class);
    }
  }

  private HealthResponse send(String method, String path, String peer, String... headers)
      throws Exception {
    HealthRequest.Builder b = HealthRequest.builder(method, path)
        .remoteAddress(InetAddress.getByName(peer));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return endpoint.handle(b.build());
  }

  static Stream<Arguments> callers() {
    return Stream.of(
        Arguments.of("stranger, no credential", STRANGER, new String[0], 401),
        Arguments.of("allowlisted address, no credential", ALLOWED, new String[0], 403),
        Arguments.of("allowlisted address via trusted proxy", PROXY,
            new String[] {"X-Forwarded-For", ALLOWED}, 403),
        Arguments.of("wrong token from an allowlisted address", ALLOWED,
            new String[] {"Authorization", "Bearer tok-0123456789abcdeX"}, 403),
        Arguments.of("wrong token", STRANGER,
            new String[] {"Authorization", "Bearer tok-0123456789abcdeX"}, 401),
        Arguments.of("token in the wrong scheme", STRANGER,
            new String[] {"Authorization", "Basic " + TOKEN}, 401),
        Arguments.of("spoofed forwarding from an untrusted peer", STRANGER,
            new String[] {"X-Forwarded-For", ALLOWED}, 401),
        Arguments.of("bearer token", STRANGER,
            new String[] {"Authorization", "Bearer " + TOKEN}, 200),
        Arguments.of("host credential callback", STRANGER,
            new String[] {"X-Ops-Session", "valid"}, 200));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("callers")
  void shouldResetOnlyForCallersWithACredential(String who, String peer, String[] headers,
      int expected) throws Exception {
    failThreeTimes("overdue-reminders");

    HealthResponse response = send("POST", "/health/jobs/overdue-reminders/reset", peer, headers);

    assertThat(response.statusCode()).as(who).isEqualTo(expected);
    int failures = jobs.state("overdue-reminders").orElseThrow().consecutiveFailures();
    if (expected == 200) {
      assertThat(response.bodyText()).isEqualTo("{\"reset\":\"jobs/overdue-reminders\"}");
      assertThat(failures).isZero();
      assertThat(events.list).extracting(ILoggingEvent::getMessage).containsExactly("health_reset");
      assertThat(events.list.get(0).getKeyValuePairs().toString())
          .contains("target=\"jobs/overdue-reminders\"", "client=\"" + peer + "\"");
    } else {
      assertThat(failures).as("a refused reset changes nothing").isEqualTo(3);
      assertThat(response.bodyText()).contains("Authorization: Bearer", "HEALTH_TOKENS")
          .doesNotContain("overdue-reminders");
      assertThat(events.list).extracting(ILoggingEvent::getMessage)
          .containsExactly("health_reset_refused");
    }
    if (expected == 401) {
      assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"runbook\"");
    }
  }

  @Test
  void shouldAnswer404ForAnUnknownJobOnlyToAnAuthorisedCaller() throws Exception {
    failThreeTimes("overdue-reminders");

    HealthResponse authorised = send("POST", "/health/jobs/nosuch/reset", STRANGER,
        "Authorization", "Bearer " + TOKEN);
    HealthResponse anonymous = send("POST", "/health/jobs/nosuch/reset", STRANGER);

    assertThat(authorised.statusCode()).isEqualTo(404);
    assertThat(authorised.bodyText()).contains("no job named \\\"nosuch\\\"");
    assertThat(anonymous.statusCode()).as("names do not leak before authorisation")
        .isEqualTo(401);
  }

  @Test
  void shouldResetASourcesCircuitUnderTheSameRule() throws Exception {
    IngestionSource tmdb = sources.register("tmdb");
    assertThatThrownBy(() -> tmdb.call("search", () -> {
      SourceException.checkStatus(429, "60");
      return null;
    })).isInstanceOf(SourceException.class);

    HealthResponse addressOnly = send("POST", "/health/sources/tmdb/reset", ALLOWED);
    CircuitState afterRefusal = tmdb.state();
    HealthResponse unknown = send("POST", "/health/sources/nosuch/reset", STRANGER,
        "Authorization", "Bearer " + TOKEN);
    HealthResponse done = send("POST", "/health/sources/tmdb/reset", STRANGER,
        "Authorization", "Bearer " + TOKEN);

    assertThat(addressOnly.statusCode()).isEqualTo(403);
    assertThat(afterRefusal).isEqualTo(CircuitState.OPEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyText()).contains("no source named \\\"nosuch\\\"");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.bodyText()).isEqualTo("{\"reset\":\"sources/tmdb\"}");
    assertThat(tmdb.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void shouldAnswer404ForACollectionWithoutARoute() throws Exception {
    HealthEndpoint jobsOnly = HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().bearerTokens(TOKEN).build())
        .resetRoute("jobs", jobs::reset)
        .build();

    HealthResponse response = jobsOnly.handle(HealthRequest.builder("POST",
        "/health/sources/tmdb/reset").header("Authorization", "Bearer " + TOKEN).build());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyText()).contains("no health route at /health/sources/tmdb/reset");
  }

  @Test
  void shouldRefuseOtherMethodsOnTheResetRouteAndPostElsewhere() throws Exception {
    failThreeTimes("overdue-reminders");

    HealthResponse get = send("GET", "/health/jobs/overdue-reminders/reset", STRANGER,
        "Authorization", "Bearer " + TOKEN);
    HealthResponse postHealth = send("POST", "/health", STRANGER,
        "Authorization", "Bearer " + TOKEN);

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers()).containsEntry("Allow", "POST");
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(jobs.state("overdue-reminders").orElseThrow().consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void shouldAnswer500WithoutDetailsWhenTheResetItselfFails() throws Exception {
    HealthEndpoint broken = HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().bearerTokens(TOKEN).build())
        .resetRoute("jobs", name -> {
          throw new IllegalStateException("password=hunter2 in the store");
        })
        .build();

    HealthResponse response = broken.handle(HealthRequest.builder("POST", "/health/jobs/x/reset")
        .header("Authorization", "Bearer " + TOKEN).build());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.bodyText()).isEqualTo(
        "{\"error\":\"reset of jobs/x failed; see the service log\"}");
  }

  @Test
  void shouldRejectBadResetRouteDeclarations() {
    HealthEndpoint.Builder b = HealthEndpoint.builder(registry).resetRoute("jobs", jobs::reset);

    assertThatThrownBy(() -> b.resetRoute("jobs", jobs::reset))
        .hasMessageContaining("reset route \"jobs\" was already set");
    assertThatThrownBy(() -> b.resetRoute("Jobs/x", jobs::reset))
        .hasMessageContaining("collection \"Jobs/x\" is not valid");
  }

  @Test
  void shouldResetOverRealHttpOnLoopback() throws Exception {
    failThreeTimes("overdue-reminders");
    HttpClient client = HttpClient.newHttpClient();
    try (HealthHttpServer server = HealthHttpServer.builder(endpoint)
        .bind(new InetSocketAddress("127.0.0.1", 0)).threads(2).stopGrace(Duration.ZERO)
        .start()) {
      URI uri = URI.create("http://127.0.0.1:" + server.port()
          + "/health/jobs/overdue-reminders/reset");

      HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      int afterRefusal = jobs.state("overdue-reminders").orElseThrow().consecutiveFailures();
      HttpResponse<String> done = client.send(HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + TOKEN)
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(afterRefusal).isEqualTo(3);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(jobs.state("overdue-reminders").orElseThrow().consecutiveFailures()).isZero();
    }
  }

  @Test
  void shouldNeverLetARequestPathForgeALogLine() throws Exception {
    HealthResponse refused = send("POST",
        "/health/jobs/x\n2026-12-02T03:00:00Z INFO health_reset target=jobs.all/reset", STRANGER);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(events.list).singleElement().satisfies(e -> {
      assertThat(e.getMessage()).isEqualTo("health_reset_refused");
      assertThat(e.getKeyValuePairs()).allSatisfy(kv -> assertThat(String.valueOf(kv.value))
          .doesNotContain("\n", "\r"));
      assertThat(e.getKeyValuePairs().toString()).contains("x\\n2026-12-02T03:00:00Z");
    });
  }

  @Test
  void shouldLogTheForwardedClientAndTheProxyOfARefusedReset() throws Exception {
    HealthResponse refused = send("POST", "/health/jobs/overdue-reminders/reset", PROXY,
        "X-Forwarded-For", "203.0.113.77");

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(events.list).singleElement().satisfies(e -> assertThat(
        e.getKeyValuePairs().toString()).contains("client=\"203.0.113.77\"",
            "proxy=\"" + PROXY + "\""));
  }
}
