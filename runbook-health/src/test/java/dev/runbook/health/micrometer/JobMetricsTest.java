package dev.runbook.health.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.jobs.JobRunEvent;
import dev.runbook.health.jobs.JobSkipped;
import dev.runbook.testkit.MutableClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobMetricsTest {

  private final MutableClock clock = MutableClock.at("2026-11-22T03:00:00Z");
  private final JobMonitor jobs = JobMonitor.builder().clock(clock).build();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    jobs.close();
  }

  private void fail() {
    assertThatThrownBy(() -> jobs.run("overdue-reminders", () -> {
      clock.advance(Duration.ofSeconds(2));
      throw new IllegalStateException("smtp refused");
    })).isInstanceOf(IllegalStateException.class);
  }

  private double runs(String outcome) {
    return meters.get(JobMetrics.RUNS_COUNTER).tag("job", "overdue-reminders")
        .tag("outcome", outcome).counter().count();
  }

  private double consecutiveFailures(String job) {
    return meters.get(JobMetrics.FAILURES_GAUGE).tag("job", job).gauge().value();
  }

  @Test
  void shouldCountRunsByOutcomeTimeThemAndGaugeConsecutiveFailures() {
    jobs.declare("nightly-backup", JobPolicy.defaults());
    JobMetrics.of(jobs).bindTo(meters);
    assertThat(consecutiveFailures("nightly-backup")).as("declared jobs appear at bind")
        .isZero();

    fail();
    fail();
    jobs.run("overdue-reminders", () -> {
      throw new JobSkipped("email circuit open");
    });
    assertThat(consecutiveFailures("overdue-reminders")).isEqualTo(2.0);
    jobs.run("overdue-reminders", () -> clock.advance(Duration.ofSeconds(5)));

    assertThat(runs("failure")).isEqualTo(2.0);
    assertThat(runs("skipped")).isEqualTo(1.0);
    assertThat(runs("success")).isEqualTo(1.0);
    Timer failures = meters.get(JobMetrics.DURATION_TIMER).tag("job", "overdue-reminders")
        .tag("outcome", "failure").timer();
    assertThat(failures.count()).isEqualTo(2);
    assertThat(failures.totalTime(TimeUnit.SECONDS)).isEqualTo(4.0);
    assertThat(meters.get(JobMetrics.DURATION_TIMER).tag("outcome", "success").timer()
        .totalTime(TimeUnit.SECONDS)).isEqualTo(5.0);
    assertThat(consecutiveFailures("overdue-reminders")).isZero();
  }

  @Test
  void shouldShowAnOperatorResetInTheGaugeAtOnce() {
    JobMetrics.of(jobs).bindTo(meters);
    fail();
    fail();
    fail();
    assertThat(consecutiveFailures("overdue-reminders")).isEqualTo(3.0);

    jobs.reset("overdue-reminders");

    assertThat(consecutiveFailures("overdue-reminders")).isZero();
  }

  @Test
  void shouldKeepRecordingWhenAListenerThrows() {
    List<JobRunEvent> seen = new ArrayList<>();
    jobs.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    jobs.addListener(seen::add);
    JobMetrics.of(jobs).bindTo(meters);

    jobs.run("overdue-reminders", () -> { });

    assertThat(seen).singleElement().satisfies(e -> {
      assertThat(e.job()).isEqualTo("overdue-reminders");
      assertThat(e.outcome().wireName()).isEqualTo("success");
      assertThat(e.finishedAt()).isEqualTo(clock.instant());
    });
    assertThat(runs("success")).isEqualTo(1.0);
    assertThat(jobs.state("overdue-reminders").orElseThrow().runs()).isEqualTo(1);
  }
}
