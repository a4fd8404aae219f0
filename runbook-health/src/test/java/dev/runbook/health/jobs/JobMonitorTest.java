package dev.runbook.health.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JobMonitorTest {

  private final MutableClock clock = MutableClock.at("2026-11-22T03:00:00Z");
  private final JobMonitor monitor = JobMonitor.builder().clock(clock).build();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(JobMonitor.class);

  JobMonitorTest() {
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void close() {
    logger.detachAppender(events);
    monitor.close();
  }

  private void fail(String job, String error) {
    assertThatThrownBy(() -> monitor.run(job, () -> {
      throw new IllegalStateException(error);
    })).hasMessage(error);
  }

  private List<String> eventNames() {
    return events.list.stream().map(ILoggingEvent::getMessage).toList();
  }

  @Test
  void shouldBecomeFailingAtTheThresholdAndRecoverOnSuccess() throws Exception {
    fail("overdue-reminders", "smtp refused");
    fail("overdue-reminders", "smtp refused");
    assertThat(monitor.state("overdue-reminders").orElseThrow().failing()).isFalse();

    fail("overdue-reminders", "connect to smtp://mailer:secret@mx failed");
    JobState failing = monitor.state("overdue-reminders").orElseThrow();
    assertThat(failing.failing()).isTrue();
    assertThat(failing.consecutiveFailures()).isEqualTo(3);
    assertThat(failing.lastError()).isEqualTo("connect to smtp://mailer:***@mx failed");
    CheckResult section = monitor.healthCheck().check();
    assertThat(section.status()).isEqualTo(Status.DEGRADED);
    assertThat(section.details().get("failing_jobs")).isEqualTo(List.of("overdue-reminders"));

    fail("overdue-reminders", "still down");
    monitor.run("overdue-reminders", () -> { });
    JobState recovered = monitor.state("overdue-reminders").orElseThrow();
    assertThat(recovered.consecutiveFailures()).isZero();
    assertThat(recovered.lastError()).isNull();
    assertThat(recovered.runs()).isEqualTo(5);
    assertThat(recovered.failures()).isEqualTo(4);
    assertThat(monitor.healthCheck().check().status()).isEqualTo(Status.OK);
    assertThat(eventNames()).containsExactly("job_failed", "job_failed", "job_failed",
        "job_failing", "job_failed", "job_recovered");
  }

  @Test
  void shouldNeitherCountNorResetSkippedRuns() throws Exception {
    fail("reminders", "x");
    fail("reminders", "x");
    monitor.run("reminders", () -> {
      throw new JobSkipped("email circuit open");
    });
    String value = monitor.call("reminders", () -> {
      throw new JobSkipped("still open");
    });
    assertThat(value).isNull();

    JobState state = monitor.state("reminders").orElseThrow();
    assertThat(state.consecutiveFailures()).isEqualTo(2);
    assertThat(state.skipped()).isEqualTo(2);
    assertThat(state.runs()).isEqualTo(2);
    fail("reminders", "x");
    assertThat(monitor.state("reminders").orElseThrow().failing()).isTrue();
  }

  @Test
  void shouldHonourAPerJobThresholdAndCriticality() throws Exception {
    monitor.declare("nightly-backup",
        JobPolicy.builder().failureThreshold(1).critical(true).build());

    fail("nightly-backup", "disk full");

    assertThat(monitor.healthCheck().check().status()).isEqualTo(Status.DOWN);
  }

  @Test
  void shouldDetectAnOverdueJobOncePerEpisode() throws Exception {
    monitor.declare("nightly-backup",
        JobPolicy.builder().expectEvery(Duration.ofHours(24), Duration.ofHours(1)).build());

    clock.advance(Duration.ofHours(25));
    assertThat(monitor.healthCheck().check().details().get("overdue_jobs")).isEqualTo(List.of());
    clock.advance(Duration.ofSeconds(1));
    CheckResult overdue = monitor.healthCheck().check();
    monitor.healthCheck().check();

    assertThat(overdue.status()).isEqualTo(Status.DEGRADED);
    assertThat(overdue.details().get("overdue_jobs")).isEqualTo(List.of("nightly-backup"));
    assertThat(eventNames()).containsExactly("job_overdue");

    monitor.run("nightly-backup", () -> { });
    assertThat(monitor.healthCheck().check().status()).isEqualTo(Status.OK);
    clock.advance(Duration.ofHours(26));
    monitor.healthCheck().check();
    assertThat(eventNames()).containsExactly("job_overdue", "job_overdue");
  }

  @Test
  void shouldDetectAStuckRunAndClearItWhenTheRunEnds() throws Exception {
    monitor.declare("restore-verify-drill",
        JobPolicy.builder().maxRuntime(Duration.ofMinutes(30)).build());
    JobRun run = monitor.start("restore-verify-drill");

    clock.advance(Duration.ofMinutes(31));
    CheckResult stuck = monitor.healthCheck().check();
    monitor.healthCheck().check();
    run.succeeded();
    run.failed(new IllegalStateException("ignored: the run already ended"));

    assertThat(stuck.details().get("stuck_jobs")).isEqualTo(List.of("restore-verify-drill"));
    assertThat(eventNames()).containsExactly("job_stuck");
    JobState done = monitor.state("restore-verify-drill").orElseThrow();
    assertThat(done.stuck()).isFalse();
    assertThat(done.running()).isFalse();
    assertThat(done.lastDuration()).isEqualTo(Duration.ofMinutes(31));
    assertThat(done.failures()).isZero();
  }

  @Test
  void shouldKeepTheScheduleOfATaskThatThrows() throws Exception {
    // Runs of one fixed-rate task never overlap, so once the fourth run has started the first
    // three failures are recorded.
    CountDownLatch fourRuns = new CountDownLatch(4);
    ScheduledFuture<?> schedule = monitor.scheduleAtFixedRate("flaky", () -> {
      fourRuns.countDown();
      throw new IllegalStateException("boom");
    }, Duration.ZERO, Duration.ofMillis(1), JobPolicy.defaults());

    assertThat(fourRuns.await(10, TimeUnit.SECONDS)).isTrue();
    schedule.cancel(false);

    assertThat(schedule.isCancelled()).isTrue();
    assertThat(monitor.state("flaky").orElseThrow().failures()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void shouldResetAJobWithoutARestart() throws Exception {
    fail("reminders", "x");
    fail("reminders", "x");
    fail("reminders", "x");

    monitor.reset("reminders");

    assertThat(monitor.state("reminders").orElseThrow().failing()).isFalse();
    assertThat(monitor.healthCheck().check().status()).isEqualTo(Status.OK);
    assertThatThrownBy(() -> monitor.reset("nosuch"))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining("\"nosuch\"");
  }

  @Test
  void shouldReportTheSchedulerDownOnceItsExecutorStops() throws Exception {
    monitor.close();

    CheckResult section = monitor.healthCheck().check();

    assertThat(section.status()).isEqualTo(Status.DOWN);
    assertThat(section.details()).containsEntry("running", false);
  }

  @Test
  void shouldRejectBadNamesAndPolicies() {
    assertThatThrownBy(() -> monitor.run("Nightly Backup", () -> { }))
        .hasMessageContaining("job name \"Nightly Backup\" is not valid");
    assertThatThrownBy(() -> JobPolicy.builder().failureThreshold(0))
        .hasMessageContaining("failureThreshold 0");
    assertThatThrownBy(() -> monitor.declare("x", JobPolicy.defaults()).declare("x",
        JobPolicy.defaults())).hasMessageContaining("already declared");
  }

  @Test
  void shouldRenderTheSchedulerSectionExactly() throws Exception {
    ManualScheduler scheduler = new ManualScheduler(clock);
    JobMonitor jobs = JobMonitor.builder().clock(clock).executor(scheduler).build();
    jobs.declare("nightly-backup",
        JobPolicy.builder().expectEvery(Duration.ofHours(24), Duration.ofHours(1)).build());
    jobs.scheduleAtFixedRate("ingest", () -> { }, Duration.ofSeconds(30), Duration.ofMinutes(30),
        JobPolicy.builder().expectEvery(Duration.ofMinutes(30), Duration.ofMinutes(5)).build());
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> jobs.run("overdue-reminders", () -> {
        throw new IllegalStateException("smtp refused");
      })).hasMessage("smtp refused");
      scheduler.advance(Duration.ofSeconds(30));
    }
    jobs.run("nightly-backup", () -> clock.advance(Duration.ofSeconds(90)));
    jobs.run("overdue-reminders", () -> {
      throw new JobSkipped("email circuit open");
    });

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String actual = json.writeValueAsString(jobs.healthCheck().check().details()) + "\n";

    assertThat(actual).isEqualTo(golden("scheduler.json"));
  }

  private static String golden(String file) throws IOException {
    try (InputStream in = JobMonitorTest.class.getResourceAsStream("/golden/" + file)) {
      if (in == null) {
        throw new AssertionError("golden file " + file + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldStampSuccessAndFailureAtTheEndOfTheirRuns() {
    JobRun ok = monitor.start("reminders");
    clock.advance(Duration.ofSeconds(5));
    ok.succeeded();
    clock.advance(Duration.ofMinutes(1));
    JobRun bad = monitor.start("reminders");
    clock.advance(Duration.ofSeconds(7));
    bad.failed(new IllegalStateException("smtp refused"));

    JobState state = monitor.state("reminders").orElseThrow();
    assertThat(state.lastRunAt()).isEqualTo(clock.instant().minusSeconds(7));
    assertThat(state.lastSuccessAt()).isEqualTo(Instant.parse("2026-11-22T03:00:05Z"));
    assertThat(state.lastFailureAt()).isEqualTo(clock.instant());
  }

  @Test
  void shouldLogAStuckEpisodeOnlyAfterReleasingTheJobsLock() throws Exception {
    monitor.declare("drill", JobPolicy.builder().maxRuntime(Duration.ofMinutes(30)).build());
    JobRun run = monitor.start("drill");
    CountDownLatch endedWhileLogging = new CountDownLatch(1);
    ch.qos.logback.core.AppenderBase<ILoggingEvent> endTheRunFromAnotherThread =
        new ch.qos.logback.core.AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (event.getMessage().equals("job_stuck")) {
              new Thread(() -> {
                run.succeeded();
                endedWhileLogging.countDown();
              }).start();
              try {
                endedWhileLogging.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    endTheRunFromAnotherThread.start();
    logger.addAppender(endTheRunFromAnotherThread);
    try {
      clock.advance(Duration.ofMinutes(31));
      monitor.healthCheck().check();
    } finally {
      logger.detachAppender(endTheRunFromAnotherThread);
    }

    assertThat(endedWhileLogging.getCount()).as("the run could end while job_stuck was logged")
        .isZero();
    assertThat(eventNames()).containsExactly("job_stuck");
  }

  @Test
  void shouldWaitOnCloseForARunningJobToFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch closeReturned = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean jobEnded = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean endedBeforeCloseReturned =
        new java.util.concurrent.atomic.AtomicBoolean();
    monitor.scheduleAtFixedRate("nightly-backup", () -> {
      started.countDown();
      try {
        // a close that does not wait returns while this run is still here
        closeReturned.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      jobEnded.set(true);
    }, Duration.ZERO, Duration.ofHours(24), JobPolicy.defaults());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    monitor.close();
    endedBeforeCloseReturned.set(jobEnded.get());
    closeReturned.countDown();

    assertThat(endedBeforeCloseReturned).as("the run ended before close returned").isTrue();
    assertThat(monitor.running()).isFalse();
    assertThat(monitor.state("nightly-backup").orElseThrow().runs()).isEqualTo(1);
  }

  @Test
  void shouldStopWaitingOnCloseAfterTheTimeoutAndNameTheRunningJob() throws Exception {
    JobMonitor bounded = JobMonitor.builder().clock(clock).closeTimeout(Duration.ofMillis(50))
        .build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    bounded.scheduleAtFixedRate("hung-export", () -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    }, Duration.ZERO, Duration.ofHours(1), JobPolicy.defaults());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    bounded.close();

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the run left is interrupted").isTrue();
    assertThat(events.list).filteredOn(e -> e.getMessage().equals("job_monitor_close_timed_out"))
        .singleElement().satisfies(e -> assertThat(e.getKeyValuePairs())
            .anySatisfy(kv -> {
              assertThat(kv.key).isEqualTo("running_jobs");
              assertThat(kv.value).isEqualTo(List.of("hung-export"));
            }));
  }

  @Test
  void shouldStopItsSchedulesOnCloseEvenOnAnExecutorItWasGiven() {
    ManualScheduler scheduler = new ManualScheduler(clock);
    JobMonitor jobs = JobMonitor.builder().clock(clock).executor(scheduler).build();
    jobs.scheduleAtFixedRate("ingest", () -> { }, Duration.ZERO, Duration.ofMinutes(1),
        JobPolicy.defaults());
    scheduler.advance(Duration.ofMinutes(2));
    long before = jobs.state("ingest").orElseThrow().runs();

    jobs.close();
    scheduler.advance(Duration.ofMinutes(10));

    assertThat(before).isPositive();
    assertThat(jobs.state("ingest").orElseThrow().runs()).isEqualTo(before);
    assertThat(jobs.running()).isFalse();
    assertThat(scheduler.isShutdown()).as("an executor it was given stays its owner's").isFalse();
  }
}
