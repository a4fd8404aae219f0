package dev.runbook.health.http;

import static dev.runbook.health.http.AlertsAndAuditRoutesTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.alerts.Alert;
import dev.runbook.health.alerts.AlertBook;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourcePolicy;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /health/ui}: what each caller sees, escaping, the policy, the weight. */
class StatusPageTest {

  static final String ALLOWED = "10.0.0.7";
  static final String STRANGER = "203.0.113.5";
  static final String EVIL = "<script>alert('x')</script>";

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  final HealthRegistry registry = HealthRegistry.builder().clock(clock).service("bibliotheca")
      .build();
  final JobMonitor jobs = JobMonitor.builder().clock(clock).failureThreshold(2).build();
  final AlertBook alerts = AlertBook.builder().clock(clock).executor(Runnable::run).build();

  @AfterEach
  void close() {
    jobs.close();
    registry.close();
  }

  HealthEndpoint endpoint() throws Exception {
    AtomicReference<CheckResult> db = new AtomicReference<>(CheckResult.ok());
    registry.register("database", db::get);
    registry.register("email", () -> CheckResult.down("provider said " + EVIL),
        CheckOptions.builder().critical(false).build());
    jobs.declare("overdue-reminders", JobPolicy.defaults());
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> jobs.run("overdue-reminders", () -> {
        throw new IllegalStateException("could not deliver " + EVIL);
      })).isInstanceOf(IllegalStateException.class);
    }
    registry.register("scheduler", jobs.healthCheck());
    IngestionSources sources = IngestionSources.builder().clock(clock).build();
    IngestionSource email = sources.register("mailer", SourcePolicy.builder().window(2)
        .minimumCalls(2).cooldown(Duration.ofSeconds(60)).build());
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> email.call("send", () -> {
        throw new IOException("refused");
      })).isInstanceOf(Exception.class);
    }
    registry.register(sources.section(), sources.healthCheck());
    alerts.observe("job", "overdue-reminders", Alert.Severity.WARNING, "failed 2 times");
    return HealthEndpoint.builder(registry).gate(AccessGate.builder().allow(ALLOWED).build())
        .alerts(alerts).build();
  }

  @Test
  void anOperatorSeesEverythingEscapedAndAStrangerOnlyTheStatus() throws Exception {
    HealthEndpoint e = endpoint();
    HealthResponse page = get(e, "GET", "/health/ui", ALLOWED);
    String html = page.bodyText();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.headers().get("Content-Security-Policy")).startsWith("default-src 'none';")
        .contains("connect-src 'self'").doesNotContain("unsafe");
    assertThat(html).contains("bibliotheca", "overdue-reminders", "failing", "2 of 2",
        "mailer", "data-cd=\"60\"", "job/overdue-reminders", "2026-12-01 03:00:00 UTC")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .doesNotContain("<script>alert");
    assertThat(html.indexOf("<script>")).as("one script only: the page's own")
        .isEqualTo(html.lastIndexOf("<script>"));
    assertThat(html.getBytes(StandardCharsets.UTF_8).length).as("page weight").isLessThan(30_000);

    String stranger = get(e, "GET", "/health/ui", STRANGER).bodyText();
    assertThat(stranger).contains("DEGRADED")
        .doesNotContain("database", "email", "overdue-reminders", "mailer", "bibliotheca");

    JsonNode refresh = new ObjectMapper().readTree(get(e, "GET", "/health/ui?format=json",
        ALLOWED).bodyText());
    assertThat(refresh.get("status").asText()).isEqualTo("degraded");
    assertThat(refresh.get("html").asText()).contains("overdue-reminders")
        .doesNotContain("<script>");
    assertThat(new ObjectMapper().readTree(get(e, "GET", "/health/ui?format=json", STRANGER)
        .bodyText()).get("html").asText()).doesNotContain("overdue-reminders");
  }

  @Test
  void theAgesReadAsPeopleSayThem() {
    java.time.Instant now = clock.instant();
    assertThat(StatusPage.ago(now.minusSeconds(300), now)).isEqualTo("5 min ago");
    assertThat(StatusPage.ago(now.plusSeconds(40), now)).isEqualTo("in 40 s");
    assertThat(StatusPage.ago(now.minus(Duration.ofDays(3)), now)).isEqualTo("3 d ago");
    assertThat(StatusPage.esc("a\"b'c<&>")).isEqualTo("a&quot;b&#39;c&lt;&amp;&gt;");
  }
}
