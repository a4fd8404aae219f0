package dev.runbook.health.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause and resume, with the injected clock and the manual scheduler. */
class JobPauseTest {

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");

  @Test
  void aPausedJobIsSkippedNotFailedNeverOverdueAndRunsAgainOnceResumed() throws Exception {
    ManualScheduler scheduler = new ManualScheduler(clock);
    JobMonitor jobs = JobMonitor.builder().clock(clock).executor(scheduler).build();
    AtomicInteger ran = new AtomicInteger();
    jobs.scheduleAtFixedRate("ingest-tmdb", ran::incrementAndGet, Duration.ZERO,
        Duration.ofMinutes(1), JobPolicy.builder()
            .expectEvery(Duration.ofMinutes(1), Duration.ofMinutes(1)).build());
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(ran).hasValue(1);

    assertThat(jobs.pause("ingest-tmdb")).isTrue();
    assertThat(jobs.pause("ingest-tmdb")).as("twice changes nothing").isFalse();
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(ran).as("no run while paused").hasValue(1);
    JobState paused = jobs.state("ingest-tmdb").orElseThrow();
    assertThat(paused.paused()).isTrue();
    assertThat(paused.skipped()).isEqualTo(10);
    assertThat(paused.failures()).isZero();
    assertThat(paused.overdue()).as("a paused job is not overdue").isFalse();
    Map<String, Object> section = jobs.healthCheck().check().details();
    assertThat(section.get("paused_jobs")).isEqualTo(List.of("ingest-tmdb"));
    assertThat(jobs.healthCheck().check().status()).isEqualTo(dev.runbook.core.Status.OK);
    assertThat(jobs.call("ingest-tmdb", () -> "ran")).as("run() and call() are skipped too")
        .isNull();

    assertThat(jobs.resume("ingest-tmdb")).isTrue();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(ran).hasValue(2);
    assertThat(jobs.pausedJobs()).isEmpty();
    assertThatThrownBy(() -> jobs.pause("nightly-backup"))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining("ingest-tmdb");
  }

  @Test
  void aPauseFileKeepsPausesAcrossARestartAndABadOneStopsTheStart(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("paused-jobs.json");
    try (JobMonitor first = JobMonitor.builder().clock(clock).pauseFile(file).build()) {
      first.declare("prune-previews", JobPolicy.defaults());
      first.declare("nightly-backup", JobPolicy.defaults());
      first.pause("prune-previews");
      first.pause("nightly-backup");
      first.resume("nightly-backup");
    }
    assertThat(Files.readString(file)).isEqualTo("{\"paused\":[\"prune-previews\"]}");

    AtomicInteger ran = new AtomicInteger();
    try (JobMonitor second = JobMonitor.builder().clock(clock).pauseFile(file).build()) {
      second.declare("prune-previews", JobPolicy.defaults());
      assertThat(second.state("prune-previews").orElseThrow().paused()).isTrue();
      second.run("prune-previews", ran::incrementAndGet);
      assertThat(ran).as("still paused after the restart").hasValue(0);
    }

    // the operator's command, another process on the same file, pauses a job of a running one
    try (JobMonitor running = JobMonitor.builder().clock(clock).pauseFile(file).build();
        JobMonitor command = JobMonitor.builder().clock(clock).pauseFile(file).build()) {
      running.declare("ingest-tmdb", JobPolicy.defaults());
      command.declare("ingest-tmdb", JobPolicy.defaults());
      command.pause("ingest-tmdb");
      assertThat(running.state("ingest-tmdb").orElseThrow().paused()).isTrue();
      running.run("ingest-tmdb", ran::incrementAndGet);
      assertThat(ran).hasValue(0);
      command.resume("ingest-tmdb");
      running.run("ingest-tmdb", ran::incrementAndGet);
      assertThat(ran).hasValue(1);
    }

    Files.writeString(file, "{\"paused\": \"prune-previews\"}");
    assertThatThrownBy(() -> JobMonitor.builder().pauseFile(file).build())
        .hasMessageContaining("paused-jobs.json cannot be read")
        .hasMessageContaining("move it away to resume every job");
    assertThat(Files.readString(file)).as("never overwritten").contains("\"prune-previews\"");
    assertThatThrownBy(() -> JobMonitor.builder().pauseFile(dir.resolve("no/such/file.json")))
        .hasMessageContaining("does not exist; create it first");
  }
}
