package dev.runbook.health.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import dev.runbook.core.Settings;
import dev.runbook.core.Status;
import dev.runbook.health.checks.CredentialVaultCheck;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Status from probes, workers and the vault; drain and resume. */
class QueueTriageTest {

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  final AtomicReference<QueueReport> seen = new AtomicReference<>();

  QueueProbe probe() {
    return new QueueProbe() {
      @Override
      public String name() {
        return "table jobs";
      }

      @Override
      public QueueReport probe() throws IOException {
        QueueReport r = seen.get();
        if (r == null) {
          throw new IOException("connection refused to 127.0.0.1:5432 password=hunter2");
        }
        return r;
      }
    };
  }

  static QueueReport report(long size, long started, long failed, Instant heartbeat) {
    return new QueueReport(List.of(new QueueReport.Queue("ingest", size, 0L, null, started,
        failed)), heartbeat == null ? List.of() : List.of(new QueueReport.Worker("worker-a",
            "busy", List.of("ingest"), "42", heartbeat)));
  }

  @Test
  void theStatusFollowsTheProbesTheWorkersAndTheVault() {
    Settings secrets = Settings.of(Map.of("TMDB_API_KEY", "k-0123456789",
        "TMDB_API_KEY_EXPIRES_AT", "2026-12-10"));
    QueueTriage triage = QueueTriage.builder().clock(clock).probe(probe())
        .vault(CredentialVaultCheck.of(secrets, clock, "TMDB_API_KEY")).build();

    Map<String, Object> offline = triage.report();
    assertThat(offline.get("status")).isEqualTo("offline");
    assertThat(offline.get("reasons").toString()).contains("table jobs is offline")
        .doesNotContain("hunter2");

    seen.set(report(3, 1, 0, clock.instant()));
    Map<String, Object> r = triage.report();
    assertThat(r.get("status")).as("the key expires in 9 days: degraded").isEqualTo("degraded");
    assertThat(r.get("reasons").toString()).contains("TMDB_API_KEY expires in 9 days");
    assertThat(r.get("vault").toString()).doesNotContain("k-0123456789");

    QueueTriage noVault = QueueTriage.builder().clock(clock).probe(probe())
        .heartbeatTimeout(Duration.ofMinutes(2)).build();
    assertThat(noVault.report().get("status")).isEqualTo("online");
    assertThat(noVault.report().get("queues")).isEqualTo(List.of(Map.of("name", "ingest",
        "probe", "table jobs", "size", 3L, "deferred", 0L, "started", 1L, "failed", 0L))
        .stream().map(m -> new java.util.HashMap<String, Object>(m)).peek(m -> m.put("scheduled",
            null)).toList());
    clock.advance(Duration.ofMinutes(3));
    Map<String, Object> stale = noVault.report();
    assertThat(stale.get("status")).isEqualTo("degraded");
    assertThat(stale.get("reasons").toString()).contains("no worker with a heartbeat");
    assertThat(stale.get("workers").toString()).contains("state=stale");
    seen.set(report(0, 0, 2, null));
    assertThat(noVault.report().get("reasons").toString()).contains("ingest has 2 failed");
  }

  @Test
  void drainPausesTheFeedersReportsTheWorkLeftAndResumeUndoesOnlyItsOwnPauses() {
    JobMonitor jobs = JobMonitor.builder().clock(clock).build();
    jobs.declare("ingest-tmdb", JobPolicy.defaults());
    jobs.declare("ingest-omdb", JobPolicy.defaults());
    jobs.declare("prune-previews", JobPolicy.defaults());
    jobs.pause("ingest-omdb"); // an operator's own pause, before the drain
    QueueTriage triage = QueueTriage.builder().clock(clock).probe(probe()).jobs(jobs)
        .feeders("ingest-tmdb", "ingest-omdb").build();
    seen.set(report(5, 2, 0, clock.instant()));

    Map<String, Object> draining = triage.drain();
    @SuppressWarnings("unchecked")
    Map<String, Object> drain = (Map<String, Object>) draining.get("drain");
    assertThat(drain).containsEntry("paused_jobs", List.of("ingest-tmdb"))
        .containsEntry("remaining", 7L).containsEntry("drained", false);
    assertThat(jobs.pausedJobs()).containsExactly("ingest-omdb", "ingest-tmdb");
    @SuppressWarnings("unchecked")
    Map<String, Object> scheduler = (Map<String, Object>) draining.get("scheduler");
    assertThat(scheduler.get("paused_jobs")).isEqualTo(List.of("ingest-omdb", "ingest-tmdb"));

    seen.set(report(0, 0, 0, clock.instant()));
    assertThat(triage.report().get("drain").toString()).contains("drained=true");

    triage.resume();
    assertThat(jobs.pausedJobs()).containsExactly("ingest-omdb");
    assertThat(triage.report()).doesNotContainKey("drain");
  }

  @Test
  void theJobMonitorAsAQueue() throws Exception {
    JobMonitor jobs = JobMonitor.builder().clock(clock).failureThreshold(1).build();
    jobs.declare("nightly-backup", JobPolicy.defaults());
    jobs.declare("ingest", JobPolicy.defaults());
    jobs.pause("ingest");
    try {
      jobs.run("nightly-backup", () -> {
        throw new IllegalStateException("disk full");
      });
    } catch (IllegalStateException expected) {
      // recorded as a failure
    }
    QueueReport r = new JobMonitorProbe(jobs).probe();
    assertThat(r.queues()).containsExactly(new QueueReport.Queue("scheduler", null, 1L, 0L, 0L,
        1L));
    assertThat(r.workers().get(0).state()).isEqualTo("idle");
    jobs.close();
    assertThat(new JobMonitorProbe(jobs).probe().workers().get(0).state()).isEqualTo("stopped");
  }

  @Test
  void theVaultNamesMissingExpiredAndUnreadableCredentialsOnly() throws Exception {
    Settings s = Settings.of(Map.of("A_TOKEN", "secret-a", "A_TOKEN_EXPIRES_AT",
        "2026-11-30T00:00:00Z", "B_TOKEN", "secret-b", "B_TOKEN_EXPIRES_AT", "soon"));
    var result = CredentialVaultCheck.of(s, clock, "A_TOKEN", "B_TOKEN", "C_TOKEN").check();
    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.error().orElseThrow()).contains("C_TOKEN is not set",
        "A_TOKEN expired at 2026-11-30T00:00:00Z", "B_TOKEN_EXPIRES_AT is neither");
    assertThat(result.details().toString()).doesNotContain("secret-a", "secret-b");
  }
}
