package dev.runbook.health.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.alerts.Alert.Severity;
import dev.runbook.health.alerts.AlertEvent.Type;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.slo.RequestSlis;
import dev.runbook.health.slo.Slo;
import dev.runbook.health.slo.SloSection;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.IngestionSources;
import dev.runbook.health.sources.SourcePolicy;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Checks, jobs, circuits and SLOs turned into alerts, raised and resolved. */
class AlertWatchTest {

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  final List<AlertEvent> sent = new CopyOnWriteArrayList<>();
  final AlertBook book = AlertBook.builder().clock(clock).renotifyAfter(Duration.ofHours(1))
      .executor(Runnable::run).channel("record", sent::add, Severity.WARNING).build();

  List<String> told() {
    return sent.stream().map(e -> e.type() + " " + e.alert().key() + " " + e.alert().severity())
        .toList();
  }

  @Test
  void checksRaiseByStatusAndCriticalityAndResolveWhenOk() {
    AtomicReference<CheckResult> db = new AtomicReference<>(CheckResult.ok());
    AtomicReference<CheckResult> mail = new AtomicReference<>(CheckResult.ok());
    try (HealthRegistry registry = HealthRegistry.builder().clock(clock).build()) {
      registry.register("database", db::get);
      registry.register("email", mail::get, CheckOptions.builder().critical(false).build());
      registry.register("scheduler", () -> CheckResult.down("summarised elsewhere"));
      AlertWatch watch = AlertWatch.builder(book).checks(registry, "scheduler").build();

      watch.tick();
      assertThat(sent).isEmpty();

      db.set(CheckResult.down("connection refused"));
      mail.set(CheckResult.down("provider unreachable"));
      clock.advance(Duration.ofSeconds(2)); // past the results' 1 s time to live
      watch.tick();
      watch.tick(); // the same conditions: told once
      assertThat(told()).containsExactlyInAnyOrder("RAISED check/database CRITICAL",
          "RAISED check/email WARNING");
      assertThat(book.active()).filteredOn(a -> a.subject().equals("database")).singleElement()
          .satisfies(a -> assertThat(a.reason()).isEqualTo("down: connection refused"));

      db.set(CheckResult.ok());
      mail.set(CheckResult.degraded("slow"));
      clock.advance(Duration.ofSeconds(2));
      watch.tick();
      assertThat(told()).contains("RESOLVED check/database CRITICAL");
      assertThat(book.active()).extracting(Alert::key).containsExactly("check/email");

      clock.advance(Duration.ofHours(1).minusSeconds(2));
      watch.tick();
      assertThat(told()).last().isEqualTo("RENOTIFIED check/email WARNING");
    }
  }

  @Test
  void aJobCrossingItsThresholdRaisesAtOnceAndItsNextSuccessResolves() {
    try (JobMonitor jobs = JobMonitor.builder().clock(clock).failureThreshold(2).build()) {
      AlertWatch.builder(book).jobs(jobs).build(); // no tick: the run listener tells the book
      Runnable fails = () -> {
        throw new IllegalStateException("could not deliver mail 7");
      };
      runQuietly(jobs, fails);
      assertThat(sent).isEmpty();
      runQuietly(jobs, fails);
      assertThat(told()).containsExactly("RAISED job/overdue-reminders WARNING");
      assertThat(sent.get(0).alert().reason()).isEqualTo(
          "failed 2 times in a row (threshold 2): could not deliver mail 7");
      jobs.run("overdue-reminders", () -> { });
      assertThat(told()).last().isEqualTo("RESOLVED job/overdue-reminders WARNING");
    }
  }

  private static void runQuietly(JobMonitor jobs, Runnable task) {
    assertThatThrownBy(() -> jobs.run("overdue-reminders", task))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anOpenCircuitRaisesOnTheCallThatOpensItAndAResetResolves() {
    IngestionSources sources = IngestionSources.builder().clock(clock).build();
    IngestionSource tmdb = sources.register("tmdb", SourcePolicy.builder().window(4)
        .minimumCalls(4).cooldown(Duration.ofSeconds(60)).critical(true).build());
    AlertWatch watch = AlertWatch.builder(book).sources(sources).build();
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> tmdb.call("fetch", () -> {
        throw new IOException("connection reset");
      })).isInstanceOf(Exception.class);
    }
    assertThat(told()).containsExactly("RAISED circuit/tmdb CRITICAL");
    assertThat(sent.get(0).alert().reason()).startsWith("circuit open, calls refused for 60 s");
    sources.reset("tmdb");
    watch.tick();
    assertThat(told()).last().isEqualTo("RESOLVED circuit/tmdb CRITICAL");
  }

  @Test
  void anSloAtWarningRaisesAWarningAndNoTrafficRaisesNothing() {
    RequestSlis slis = RequestSlis.builder().clock(clock).group("api", "/api").build();
    SloSection section = SloSection.builder(slis)
        .slo("api", Slo.availability("availability", 99.5, 99.0, 98.0)).build();
    AlertWatch watch = AlertWatch.builder(book).slos(section).build();
    watch.tick();
    assertThat(sent).as("no traffic is not 0 %% availability").isEmpty();
    for (int i = 0; i < 985; i++) {
      slis.record("/api/books", 200, Duration.ofMillis(5));
    }
    for (int i = 0; i < 15; i++) {
      slis.record("/api/books", 503, Duration.ofMillis(5));
    }
    watch.tick(); // 98.5 %: warning; the 1 h and 5 m windows burn 3x, under every page rule
    assertThat(told()).containsExactly("RAISED slo/api/availability WARNING");
    assertThat(sent.get(0).alert().reason()).startsWith("availability 98.50 over 60 min");
    for (int i = 0; i < 100; i++) {
      slis.record("/api/books", 503, Duration.ofMillis(5));
    }
    watch.tick(); // 89.6 %: critical, and 20x burn fires the 1 h/5 m page rule
    assertThat(told()).last().isEqualTo("ESCALATED slo/api/availability CRITICAL");
    assertThat(sent.get(1).alert().reason()).contains("burn rate page 1h/5m > 14.4");
  }

  @Test
  void theTimerJudgesOnItsOwnThreadUntilClosed() throws Exception {
    AtomicReference<CheckResult> db = new AtomicReference<>(CheckResult.down("refused"));
    java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
    AlertBook latchBook = AlertBook.builder().clock(clock).executor(Runnable::run)
        .channel("latch", e -> told.countDown(), Severity.WARNING).build();
    try (HealthRegistry registry = HealthRegistry.builder().clock(clock).build()) {
      registry.register("database", db::get);
      try (AlertWatch watch = AlertWatch.builder(latchBook).checks(registry)
          .interval(Duration.ofMillis(100)).build().start()) {
        assertThat(told.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(latchBook.active()).extracting(Alert::key).containsExactly("check/database");
        assertThat(watch).isNotNull();
      }
    }
    assertThatThrownBy(() -> AlertWatch.builder(book).interval(Duration.ofMillis(10)))
        .hasMessageContaining("at least 100 ms");
  }

  @Test
  void eventsCarryTheirJsonFieldsAndASummary() {
    book.observe("backup", "freshness", Severity.CRITICAL, "no backup for 30 h");
    AlertEvent raised = sent.get(0);
    assertThat(raised.type()).isEqualTo(Type.RAISED);
    assertThat(raised.fields()).containsEntry("event", "raised")
        .containsEntry("key", "backup/freshness").containsEntry("severity", "critical")
        .containsEntry("at", "2026-12-01T03:00:00Z").containsEntry("resolved_at", null);
    assertThat(raised.summary()).isEqualTo(
        "[CRITICAL] backup/freshness raised: no backup for 30 h");
  }
}
