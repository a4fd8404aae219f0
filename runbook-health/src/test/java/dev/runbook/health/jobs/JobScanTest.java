package dev.runbook.health.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

/** {@link MonitoredJob} methods found by {@link JobMonitor#scan}. */
class JobScanTest {

  private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final JobMonitor monitor = JobMonitor.builder().clock(clock).executor(scheduler).build();

  static class LibraryJobs {
    final List<String> ran = new ArrayList<>();
    boolean mailerDown = true;
    boolean circuitOpen;

    @MonitoredJob(name = "overdue-reminders", every = "1h", initialDelay = "1m",
        failureThreshold = 2)
    void sendReminders() throws IOException {
      ran.add("overdue-reminders");
      if (circuitOpen) {
        throw new JobSkipped("email circuit open");
      }
      if (mailerDown) {
        throw new IOException("connect to smtp://mailer:secret@mx refused");
      }
    }

    @MonitoredJob(name = "nightly-backup", every = "24h", fixedDelay = true,
        maxRuntime = "1h", critical = true)
    String backup() {
      ran.add("nightly-backup");
      return "20261122T030000Z";
    }
  }

  @Test
  void shouldScheduleEachAnnotatedMethodWithItsPolicy() {
    LibraryJobs target = new LibraryJobs();

    Map<String, ScheduledFuture<?>> schedules = monitor.scan(target);

    assertThat(schedules).containsOnlyKeys("nightly-backup", "overdue-reminders");
    assertThat(monitor.state("overdue-reminders").orElseThrow().nextRunAt())
        .isEqualTo(START.plusSeconds(60));
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(target.ran).containsExactly("nightly-backup", "overdue-reminders");

    JobState once = monitor.state("overdue-reminders").orElseThrow();
    assertThat(once.failing()).isFalse();
    assertThat(once.lastError()).isEqualTo("connect to smtp://mailer:***@mx refused");
    scheduler.advance(Duration.ofHours(1));
    assertThat(monitor.state("overdue-reminders").orElseThrow().failing())
        .as("the annotation's threshold of 2, not the monitor's 3").isTrue();

    target.circuitOpen = true;
    scheduler.advance(Duration.ofHours(1));
    JobState skipped = monitor.state("overdue-reminders").orElseThrow();
    assertThat(skipped.skipped()).isEqualTo(1);
    assertThat(skipped.consecutiveFailures()).isEqualTo(2);

    target.circuitOpen = false;
    target.mailerDown = false;
    scheduler.advance(Duration.ofHours(1));
    assertThat(monitor.state("overdue-reminders").orElseThrow().consecutiveFailures()).isZero();
    assertThat(monitor.state("nightly-backup").orElseThrow().runs()).isEqualTo(1);
  }

  @Test
  void shouldExpectAScannedJobAtItsIntervalWithOneIntervalOfGrace() {
    monitor.scan(new LibraryJobs());
    scheduler.advance(Duration.ofMinutes(1));
    ScheduledFuture<?> reminders = monitor.scan(new Object() {
      @MonitoredJob(name = "ingest", every = "10m", grace = "1m")
      void ingest() { }
    }).get("ingest");
    scheduler.advance(Duration.ofMinutes(10));
    reminders.cancel(false);

    clock.advance(Duration.ofMinutes(11));
    assertThat(monitor.state("ingest").orElseThrow().overdue()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(monitor.state("ingest").orElseThrow().overdue()).isTrue();
    assertThat(monitor.state("overdue-reminders").orElseThrow().overdue())
        .as("default grace is one more interval").isFalse();
    clock.advance(Duration.ofHours(2));
    assertThat(monitor.state("overdue-reminders").orElseThrow().overdue()).isTrue();
  }

  static class TakesParameters {
    @MonitoredJob(name = "x", every = "1h")
    void run(String what) { }
  }

  static class BadEvery {
    @MonitoredJob(name = "x", every = "hourly")
    void run() { }
  }

  static class MissingEvery {
    @MonitoredJob(name = "x", every = "")
    void run() { }
  }

  static class ZeroEvery {
    @MonitoredJob(name = "x", every = "0s")
    void run() { }
  }

  static class BadName {
    @MonitoredJob(name = "Nightly Backup", every = "1h")
    void run() { }
  }

  static class BadThreshold {
    @MonitoredJob(name = "x", every = "1h", failureThreshold = -1)
    void run() { }
  }

  static class BadMaxRuntime {
    @MonitoredJob(name = "x", every = "1h", maxRuntime = "-5m")
    void run() { }
  }

  static class Twice {
    @MonitoredJob(name = "x", every = "1h")
    void a() { }

    @MonitoredJob(name = "x", every = "2h")
    void b() { }
  }

  static class GoodThenBad {
    @MonitoredJob(name = "a-good", every = "1h")
    void good() { }

    @MonitoredJob(name = "b-bad", every = "1 hour")
    void bad() { }
  }

  @Test
  void shouldRejectBadDeclarationsNamingClassAndMethod() {
    String prefix = JobScanTest.class.getName() + "$";
    assertThatThrownBy(() -> monitor.scan(new TakesParameters()))
        .hasMessage(prefix + "TakesParameters.run() takes parameters; a @MonitoredJob method"
            + " takes none");
    assertThatThrownBy(() -> monitor.scan(new BadEvery()))
        .hasMessageStartingWith(prefix + "BadEvery.run(): @MonitoredJob(every = \"hourly\") is"
            + " not a duration");
    assertThatThrownBy(() -> monitor.scan(new MissingEvery()))
        .hasMessage(prefix + "MissingEvery.run(): @MonitoredJob(every) is required, e.g."
            + " every = \"1h\"");
    assertThatThrownBy(() -> monitor.scan(new ZeroEvery()))
        .hasMessage(prefix + "ZeroEvery.run(): every PT0S must be positive");
    assertThatThrownBy(() -> monitor.scan(new BadName()))
        .hasMessageStartingWith(prefix + "BadName.run(): job name \"Nightly Backup\" is not"
            + " valid");
    assertThatThrownBy(() -> monitor.scan(new BadThreshold()))
        .hasMessage(prefix + "BadThreshold.run(): failureThreshold -1 must be at least 1");
    assertThatThrownBy(() -> monitor.scan(new BadMaxRuntime()))
        .hasMessageStartingWith(prefix + "BadMaxRuntime.run(): @MonitoredJob(maxRuntime");
    assertThatThrownBy(() -> monitor.scan(new Twice()))
        .hasMessageContaining("job name \"x\" is declared twice in " + prefix + "Twice");
    assertThatThrownBy(() -> monitor.scan(new Object()))
        .hasMessage("java.lang.Object has no @MonitoredJob methods; annotate a method with"
            + " @MonitoredJob(name = \"...\", every = \"...\")");
    assertThat(monitor.states()).as("nothing was declared by a failed scan").isEmpty();
  }

  @Test
  void shouldScheduleNothingWhenAnyDeclarationIsBad() {
    assertThatThrownBy(() -> monitor.scan(new GoodThenBad()))
        .hasMessageContaining("GoodThenBad.bad()");

    assertThat(scheduler.pending()).isZero();
    assertThat(monitor.states()).isEmpty();
  }

  @Test
  void shouldRefuseAJobAlreadyDeclaredInTheMonitor() {
    monitor.scan(new LibraryJobs());

    assertThatThrownBy(() -> monitor.scan(new LibraryJobs()))
        .hasMessageContaining("job \"nightly-backup\" of " + LibraryJobs.class.getName()
            + " is already declared in this monitor");
    assertThat(scheduler.pending()).isEqualTo(2);
  }
}
