package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.alerts.Alert.Severity;
import dev.runbook.health.alerts.AlertBook;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.testkit.MutableClock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health/alerts} and {@code GET /health/audit}, and what the trail records. */
class AlertsAndAuditRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "tok-0123456789abcdef";
  static final String ALLOWED = "10.0.0.7";
  static final String PROXY = "10.9.9.9";
  static final String STRANGER = "203.0.113.5";

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  final HealthRegistry registry = HealthRegistry.builder().clock(clock).service("svc").build();
  final JobMonitor jobs = JobMonitor.builder().clock(clock).build();
  final AlertBook alerts = AlertBook.builder().clock(clock).executor(Runnable::run).build();

  HealthEndpoint endpoint(AuditTrail trail) {
    HealthEndpoint.Builder b = HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().allow(ALLOWED).trustedProxies(PROXY).bearerTokens(TOKEN)
            .build())
        .resetRoute("jobs", jobs::reset).alerts(alerts);
    return (trail == null ? b : b.audit(trail)).build();
  }

  @AfterEach
  void close() {
    jobs.close();
    registry.close();
  }

  static HealthResponse get(HealthEndpoint e, String method, String path, String peer,
      String... headers) throws Exception {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    HealthRequest.Builder b = HealthRequest.builder(method, p)
        .remoteAddress(InetAddress.getByName(peer));
    if (path.contains("?")) {
      b.rawQuery(path.substring(path.indexOf('?') + 1));
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return e.handle(b.build());
  }

  @Test
  void alertsAreShownToWhoMaySeeDetailsOnly() throws Exception {
    HealthEndpoint endpoint = endpoint(null);
    alerts.observe("job", "overdue-reminders", Severity.WARNING, "failed 3 times in a row");
    alerts.observe("check", "disk", Severity.CRITICAL, "95 % used");
    clock.advance(Duration.ofMinutes(3));
    alerts.observe("check", "disk", null, "ok");

    HealthResponse stranger = get(endpoint, "GET", "/health/alerts", STRANGER);
    assertThat(stranger.statusCode()).isEqualTo(401);
    assertThat(stranger.headers()).containsKey("WWW-Authenticate");
    assertThat(stranger.bodyText()).doesNotContain("overdue");

    for (HealthResponse r : List.of(get(endpoint, "GET", "/health/alerts", ALLOWED),
        get(endpoint, "GET", "/health/alerts", STRANGER, "Authorization", "Bearer " + TOKEN))) {
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.bodyText());
      assertThat(body.get("active")).hasSize(1);
      assertThat(body.get("active").get(0).get("key").asText())
          .isEqualTo("job/overdue-reminders");
      assertThat(body.get("history").get(0).get("resolved_at").asText())
          .isEqualTo("2026-12-01T03:03:00Z");
      assertThat(body.get("failing_channels").isObject()).isTrue();
    }
    assertThat(get(endpoint, "POST", "/health/alerts", ALLOWED).statusCode()).isEqualTo(405);
  }

  @Test
  void refusalsAndStateChangesAreAuditedAndOnlyACredentialReadsThem(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("audit.jsonl");
    HealthEndpoint endpoint = endpoint(AuditTrail.builder().clock(clock).file(file).build());
    jobs.run("nightly-backup", () -> { });

    get(endpoint, "GET", "/health", STRANGER); // a plain probe: not an event
    get(endpoint, "GET", "/health", STRANGER, "Authorization", "Bearer wrong-token-0000000");
    clock.advance(Duration.ofSeconds(1));
    get(endpoint, "POST", "/health/jobs/nightly-backup/reset", ALLOWED);
    get(endpoint, "POST", "/health/jobs/nightly-backup/reset", PROXY,
        "X-Forwarded-For", STRANGER);
    get(endpoint, "GET", "/health/alerts", STRANGER);
    HealthResponse reset = get(endpoint, "POST", "/health/jobs/nightly-backup/reset", STRANGER,
        "Authorization", "Bearer " + TOKEN);
    assertThat(reset.statusCode()).isEqualTo(200);

    assertThat(get(endpoint, "GET", "/health/audit", STRANGER).statusCode()).isEqualTo(401);
    assertThat(get(endpoint, "GET", "/health/audit", ALLOWED).statusCode()).isEqualTo(403);

    HealthResponse denied = get(endpoint, "GET", "/health/audit?action=denied", STRANGER,
        "Authorization", "Bearer " + TOKEN);
    assertThat(denied.statusCode()).isEqualTo(200);
    JsonNode events = JSON.readTree(denied.bodyText()).get("events");
    List<String> seen = new java.util.ArrayList<>();
    events.forEach(e -> seen.add(e.get("route").asText() + " | " + e.get("client").asText()
        + " | " + e.get("proxy").asText() + " | " + e.get("reason").asText()));
    assertThat(seen).containsExactly(
        "GET /health/audit | 10.0.0.7 | null | address only",
        "GET /health/audit | 203.0.113.5 | null | no credential",
        "GET /health/alerts | 203.0.113.5 | null | no credential",
        "POST /health/jobs/nightly-backup/reset | 203.0.113.5 | 10.9.9.9 | no credential",
        "POST /health/jobs/nightly-backup/reset | 10.0.0.7 | null | address only",
        "GET /health | 203.0.113.5 | null | credential refused");
    assertThat(events.get(5).get("at").asText()).isEqualTo("2026-12-01T03:00:00Z");

    JsonNode accepted = JSON.readTree(get(endpoint, "GET", "/health/audit?action=accepted",
        STRANGER, "Authorization", "Bearer " + TOKEN).bodyText()).get("events");
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).get("reason").asText()).isEqualTo("reset jobs/nightly-backup");
    assertThat(Files.readAllLines(file)).hasSize(7);
    assertThat(Files.readString(file)).doesNotContain("wrong-token", TOKEN);

    assertThat(get(endpoint, "GET", "/health/audit?action=maybe", STRANGER,
        "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
    assertThat(get(endpoint, "GET", "/health/audit?limit=0", STRANGER,
        "Authorization", "Bearer " + TOKEN).bodyText()).contains("limit must be");
  }

  @Test
  void theTrailKeepsItsCapacityNewestFirst() {
    AuditTrail trail = AuditTrail.builder().clock(clock).capacity(3).build();
    for (int i = 0; i < 10; i++) {
      trail.record(AuditTrail.Action.DENIED, "203.0.113." + i, null, "GET /health/alerts",
          "no credential");
    }
    assertThat(trail.events(null, 100)).extracting(AuditTrail.Event::client)
        .containsExactly("203.0.113.9", "203.0.113.8", "203.0.113.7");
  }
}
