package dev.runbook.health.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.RunSkipped;
import dev.runbook.core.Status;
import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Jobs the monitor schedules itself, driven by a manual clock and executor. */
class JobScheduleTest {

  private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final JobMonitor monitor = JobMonitor.builder().clock(clock).executor(scheduler).build();

  private JobState state(String job) {
    return monitor.state(job).orElseThrow();
  }

  @Test
  void shouldRunAFixedRateJobOnTimeAndShowItsNextRun() {
    monitor.scheduleAtFixedRate("overdue-reminders", () -> { }, Duration.ofMinutes(1),
        Duration.ofHours(1), JobPolicy.defaults());

    assertThat(state("overdue-reminders").nextRunAt()).isEqualTo(START.plusSeconds(60));
    assertThat(state("overdue-reminders").runs()).isZero();

    scheduler.advance(Duration.ofMinutes(1));
    assertThat(state("overdue-reminders").runs()).isEqualTo(1);
    assertThat(state("overdue-reminders").lastRunAt()).isEqualTo(START.plusSeconds(60));
    assertThat(state("overdue-reminders").nextRunAt()).isEqualTo(START.plusSeconds(3660));

    scheduler.advance(Duration.ofHours(3));
    assertThat(state("overdue-reminders").runs()).isEqualTo(4);
    assertThat(state("overdue-reminders").lastSuccessAt()).isEqualTo(START.plusSeconds(10860));
  }

  @Test
  void shouldKeepTheScheduleOfATaskThatThrows() throws Exception {
    // The manual executor cancels a periodic task that throws, as the JDK's does.
    ScheduledFuture<?> schedule = monitor.scheduleAtFixedRate("flaky", () -> {
      throw new IllegalStateException("boom");
    }, Duration.ZERO, Duration.ofMinutes(5), JobPolicy.defaults());

    scheduler.advance(Duration.ofMinutes(20));

    assertThat(schedule.isCancelled()).isFalse();
    assertThat(state("flaky").failures()).isEqualTo(5);
    assertThat(state("flaky").consecutiveFailures()).isEqualTo(5);
    assertThat(state("flaky").lastError()).isEqualTo("boom");
    assertThat(monitor.healthCheck().check().status()).isEqualTo(Status.DEGRADED);
  }

  @Test
  void shouldWaitTheDelayAfterEachRunEndsAndShowNoNextRunWhileRunning() {
    AtomicReference<Instant> nextDuringRun = new AtomicReference<>(START);
    monitor.scheduleWithFixedDelay("nightly-backup", () -> {
      nextDuringRun.set(state("nightly-backup").nextRunAt());
      clock.advance(Duration.ofMinutes(10));
    }, Duration.ZERO, Duration.ofHours(1), JobPolicy.defaults());

    scheduler.advance(Duration.ZERO);

    assertThat(nextDuringRun.get()).isNull();
    assertThat(state("nightly-backup").lastDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(state("nightly-backup").nextRunAt()).isEqualTo(START.plusSeconds(4200));
    scheduler.advance(Duration.ofMinutes(59));
    assertThat(state("nightly-backup").runs()).isEqualTo(1);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(state("nightly-backup").runs()).isEqualTo(2);
  }

  @Test
  void shouldReportAJobWhoseScheduleSilentlyStoppedAsOverdue() throws Exception {
    ScheduledFuture<?> schedule = monitor.scheduleAtFixedRate("ingest", () -> { },
        Duration.ZERO, Duration.ofMinutes(30),
        JobPolicy.builder().expectEvery(Duration.ofMinutes(30), Duration.ofMinutes(5)).build());
    scheduler.advance(Duration.ofHours(1));
    assertThat(state("ingest").runs()).isEqualTo(3);

    schedule.cancel(false);
    scheduler.advance(Duration.ofMinutes(35));
    assertThat(state("ingest").overdue()).isFalse();
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(state("ingest").overdue()).isTrue();
    assertThat(monitor.healthCheck().check().details().get("overdue_jobs"))
        .isEqualTo(List.of("ingest"));
  }

  @Test
  void shouldNotCallALongRunningJobOverdueButStuck() {
    monitor.declare("drill", JobPolicy.builder().expectEvery(Duration.ofMinutes(10),
        Duration.ZERO).maxRuntime(Duration.ofMinutes(15)).build());
    JobRun run = monitor.start("drill");

    clock.advance(Duration.ofMinutes(16));
    JobState during = state("drill");
    run.succeeded();

    assertThat(during.overdue()).isFalse();
    assertThat(during.stuck()).isTrue();
    assertThat(state("drill").stuck()).isFalse();
  }

  @Test
  void shouldReportTheSchedulerDownOnceTheExecutorIsShutDown() throws Exception {
    monitor.scheduleAtFixedRate("ingest", () -> { }, Duration.ZERO, Duration.ofMinutes(1),
        JobPolicy.defaults());

    scheduler.shutdownNow();

    assertThat(monitor.running()).isFalse();
    assertThat(monitor.healthCheck().check().status()).isEqualTo(Status.DOWN);
    assertThat(monitor.healthCheck().check().error()).contains("scheduler is not running");
  }

  /** What the backup lock throws while an operator's drill holds it. */
  private static final class Busy extends RuntimeException implements RunSkipped {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("the repository is busy: drill by pid 42");
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.of(Duration.ofMinutes(1));
    }
  }

  @Test
  void shouldRunABusySkippedJobAgainAfterItsRetryDelayNotAPeriodLater() {
    AtomicInteger attempts = new AtomicInteger();
    monitor.scheduleAtFixedRate("nightly-backup", () -> {
      if (attempts.incrementAndGet() <= 2) {
        throw new Busy();
      }
    }, Duration.ZERO, Duration.ofHours(24), JobPolicy.defaults());

    scheduler.advance(Duration.ZERO);
    assertThat(state("nightly-backup").skipped()).isEqualTo(1);
    assertThat(state("nightly-backup").nextRunAt()).isEqualTo(START.plusSeconds(60));

    scheduler.advance(Duration.ofMinutes(1));
    assertThat(state("nightly-backup").skipped()).isEqualTo(2);
    assertThat(state("nightly-backup").nextRunAt()).isEqualTo(START.plusSeconds(120));

    scheduler.advance(Duration.ofMinutes(1));
    assertThat(attempts.get()).isEqualTo(3);
    assertThat(state("nightly-backup").lastSuccessAt()).isEqualTo(START.plusSeconds(120));
    assertThat(state("nightly-backup").consecutiveFailures()).isZero();
    // the success leaves only the regular schedule
    assertThat(state("nightly-backup").nextRunAt()).isEqualTo(START.plus(Duration.ofHours(24)));
    scheduler.advance(Duration.ofHours(23));
    assertThat(attempts.get()).isEqualTo(3);
    scheduler.advance(Duration.ofHours(1));
    assertThat(attempts.get()).isEqualTo(4);
  }

  @Test
  void shouldNotRetryWhenTheNextRegularRunComesFirst() {
    AtomicInteger attempts = new AtomicInteger();
    monitor.scheduleAtFixedRate("reminders", () -> {
      attempts.incrementAndGet();
      throw new Busy();
    }, Duration.ZERO, Duration.ofSeconds(30), JobPolicy.defaults());

    scheduler.advance(Duration.ofMinutes(2));

    // every 30 s, as scheduled: no retry ever came before the next regular run
    assertThat(attempts.get()).isEqualTo(5);
    assertThat(scheduler.pending()).isEqualTo(1);
  }

  @Test
  void shouldWaitForTheNextRegularRunAfterASkipWithoutARetryDelay() {
    AtomicInteger attempts = new AtomicInteger();
    monitor.scheduleWithFixedDelay("overdue-reminders", () -> {
      attempts.incrementAndGet();
      throw new JobSkipped("email circuit open");
    }, Duration.ZERO, Duration.ofHours(1), JobPolicy.defaults());

    scheduler.advance(Duration.ofMinutes(59));

    assertThat(attempts.get()).isEqualTo(1);
    assertThat(state("overdue-reminders").nextRunAt()).isEqualTo(START.plusSeconds(3600));
  }

  @Test
  void shouldCancelAPendingRetryOnClose() {
    monitor.scheduleAtFixedRate("nightly-backup", () -> {
      throw new Busy();
    }, Duration.ZERO, Duration.ofHours(24), JobPolicy.defaults());
    scheduler.advance(Duration.ZERO);
    assertThat(scheduler.pending()).isEqualTo(2);

    monitor.close();

    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void shouldScheduleAJobAnotherModuleDescribesJudgedAsItSays() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    monitor.schedule(dev.runbook.core.JobSpec.builder("restore-verify-drill", () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("drill failed");
    }).firstAfter(Duration.ofMinutes(5)).every(Duration.ofDays(7))
        .expectEvery(Duration.ofDays(7), Duration.ofHours(1)).failureThreshold(1).build());

    assertThat(state("restore-verify-drill").nextRunAt()).isEqualTo(START.plusSeconds(300));
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(runs.get()).isEqualTo(1);
    assertThat(state("restore-verify-drill").failing()).isTrue();
    assertThat(monitor.healthCheck().check().details().get("failing_jobs"))
        .isEqualTo(List.of("restore-verify-drill"));
    assertThat(state("restore-verify-drill").overdue()).isFalse();
  }
}
