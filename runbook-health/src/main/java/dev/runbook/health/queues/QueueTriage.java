package dev.runbook.health.queues;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import dev.runbook.core.Redactor;
import dev.runbook.core.Status;
import dev.runbook.health.internal.Arguments;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Queue triage, as the runbooks do it at night: every probe's queues and workers, the scheduler's
 * jobs, the credential vault, one {@code status} over them, and drain. {@link #report()} is what
 * {@code GET /health/queues} answers:
 *
 * <ul>
 *   <li>{@code status}: {@code offline} when a probe's backend cannot be reached, {@code
 *       degraded} when work is failing (a queue's {@code failed} above zero), a worker's heartbeat
 *       is older than the {@link Builder#heartbeatTimeout} (or a probe that reports workers has
 *       none alive), or the vault is not ok; else {@code online}.
 *   <li>{@code queues}: each queue with its probe, {@code size}, {@code deferred}, {@code
 *       scheduled}, {@code started}, {@code failed} (null where the backend does not know).
 *   <li>{@code workers}: each with {@code state}, {@code queues}, {@code current_job_id}, {@code
 *       last_heartbeat}.
 *   <li>{@code scheduler}: {@code scheduled_jobs} (non-zero when healthy), {@code running_jobs},
 *       {@code paused_jobs}.
 *   <li>{@code vault}: the credential check's status and details (names and ages only).
 *   <li>{@code drain}: while draining, since when, which jobs it paused, the work left, and
 *       {@code drained} once every size is zero.
 * </ul>
 *
 * <p>{@link #drain()} pauses the jobs that feed the queues ({@link Builder#feeders}); workers go
 * on until the queues are empty. {@link #resume()} resumes what drain paused.
 */
public final class QueueTriage {

  private final List<QueueProbe> probes;
  private final JobMonitor jobs;
  private final HealthCheck vault;
  private final List<String> feeders;
  private final Duration heartbeatTimeout;
  private final Clock clock;
  private final Redactor redactor;
  private Instant drainingSince; // guarded by this
  private List<String> drainPaused = List.of(); // guarded by this

  private QueueTriage(Builder b) {
    this.probes = List.copyOf(b.probes);
    this.jobs = b.jobs;
    this.vault = b.vault;
    this.feeders = List.copyOf(b.feeders);
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.clock = b.clock;
    this.redactor = b.redactor;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The payload of {@code GET /health/queues}. */
  public Map<String, Object> report() {
    Instant now = clock.instant();
    List<Map<String, Object>> queues = new ArrayList<>();
    List<Map<String, Object>> workers = new ArrayList<>();
    Map<String, Object> probeStates = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    boolean offline = false;
    long remaining = 0;
    for (QueueProbe probe : probes) {
      QueueReport r;
      try {
        r = probe.probe();
      } catch (Exception | LinkageError e) {
        offline = true;
        String why = redactor.redact(e);
        probeStates.put(probe.name(), Map.of("status", "offline", "error", why));
        reasons.add(probe.name() + " is offline: " + why);
        continue;
      }
      probeStates.put(probe.name(), Map.of("status", "online"));
      for (QueueReport.Queue q : r.queues()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", q.name());
        m.put("probe", probe.name());
        m.put("size", q.size());
        m.put("deferred", q.deferred());
        m.put("scheduled", q.scheduled());
        m.put("started", q.started());
        m.put("failed", q.failed());
        queues.add(m);
        remaining += nz(q.size()) + nz(q.deferred()) + nz(q.started());
        if (nz(q.failed()) > 0) {
          reasons.add(q.name() + " has " + q.failed() + " failed");
        }
      }
      int alive = 0;
      for (QueueReport.Worker w : r.workers()) {
        boolean stale = w.lastHeartbeat() != null
            && w.lastHeartbeat().plus(heartbeatTimeout).isBefore(now);
        alive += stale ? 0 : 1;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("probe", probe.name());
        m.put("state", stale ? "stale" : w.state());
        m.put("queues", w.queues());
        m.put("current_job_id", w.currentJobId());
        m.put("last_heartbeat", w.lastHeartbeat() == null ? null : w.lastHeartbeat().toString());
        workers.add(m);
      }
      if (!r.workers().isEmpty() && alive == 0) {
        reasons.add(probe.name() + " has no worker with a heartbeat in the last "
            + heartbeatTimeout.toSeconds() + " s");
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> vaultState = null;
    if (vault != null) {
      CheckResult v;
      try {
        v = vault.check();
      } catch (Exception e) {
        v = CheckResult.down("the vault check failed: " + redactor.redact(e));
      }
      vaultState = new LinkedHashMap<>();
      vaultState.put("status", v.status().wireName());
      vaultState.put("error", v.error().orElse(null));
      vaultState.putAll(v.details());
      if (v.status() != Status.OK) {
        reasons.add("vault: " + v.error().orElse(v.status().wireName()));
      }
    }
    String status = offline ? "offline" : reasons.isEmpty() ? "online" : "degraded";
    body.put("status", status);
    body.put("reasons", reasons);
    body.put("probes", probeStates);
    body.put("queues", queues);
    body.put("workers", workers);
    if (jobs != null) {
      Map<String, Object> scheduler = new LinkedHashMap<>();
      List<JobState> states = jobs.states();
      scheduler.put("scheduled_jobs", states.stream().filter(s -> s.nextRunAt() != null
          && !s.paused()).count());
      scheduler.put("running_jobs", states.stream().filter(JobState::running)
          .map(JobState::name).toList());
      scheduler.put("paused_jobs", jobs.pausedJobs());
      body.put("scheduler", scheduler);
    }
    body.put("vault", vaultState);
    synchronized (this) {
      if (drainingSince != null) {
        Map<String, Object> drain = new LinkedHashMap<>();
        drain.put("since", drainingSince.toString());
        drain.put("paused_jobs", drainPaused);
        drain.put("remaining", offline ? null : remaining);
        drain.put("drained", !offline && remaining == 0);
        body.put("drain", drain);
      }
    }
    return body;
  }

  private static long nz(Long n) {
    return n == null ? 0 : n;
  }

  /**
   * Starts draining: pauses every feeder job not paused already, and remembers which it paused.
   * Draining twice changes nothing.
   *
   * @return the report, with its {@code drain} part
   */
  public Map<String, Object> drain() {
    synchronized (this) {
      if (drainingSince == null) {
        List<String> paused = new ArrayList<>();
        for (String job : feeders) {
          try {
            if (jobs != null && jobs.pause(job)) {
              paused.add(job);
            }
          } catch (java.util.NoSuchElementException unknown) {
            // a feeder the monitor does not know (yet): nothing to pause
          }
        }
        drainingSince = clock.instant();
        drainPaused = List.copyOf(paused);
      }
    }
    return report();
  }

  /** Ends a drain: resumes the jobs the drain paused (not those an operator paused before). */
  public Map<String, Object> resume() {
    synchronized (this) {
      if (jobs != null) {
        drainPaused.forEach(jobs::resume);
      }
      drainingSince = null;
      drainPaused = List.of();
    }
    return report();
  }

  /** Configures a {@link QueueTriage}. */
  public static final class Builder {
    private final List<QueueProbe> probes = new ArrayList<>();
    private JobMonitor jobs;
    private HealthCheck vault;
    private final List<String> feeders = new ArrayList<>();
    private Duration heartbeatTimeout = Duration.ofMinutes(2);
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();

    private Builder() {}

    public Builder probe(QueueProbe probe) {
      probes.add(Objects.requireNonNull(probe, "probe"));
      return this;
    }

    /** The job monitor: its scheduled, running and paused jobs, and the feeders drain pauses. */
    public Builder jobs(JobMonitor monitor) {
      this.jobs = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    /** The jobs that put work into the queues, paused by {@link QueueTriage#drain()}. */
    public Builder feeders(String... jobNames) {
      feeders.addAll(List.of(jobNames));
      return this;
    }

    /**
     * The credential check shown as {@code vault}, e.g. {@link
     * dev.runbook.health.checks.CredentialVaultCheck}.
     */
    public Builder vault(HealthCheck check) {
      this.vault = Objects.requireNonNull(check, "check");
      return this;
    }

    /** A worker silent for longer is {@code stale}; default 2 minutes. */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = Arguments.positive(timeout, "heartbeatTimeout");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    public QueueTriage build() {
      if (!feeders.isEmpty() && jobs == null) {
        throw new IllegalArgumentException("feeders " + feeders + " need the job monitor; call"
            + " jobs(monitor) too");
      }
      return new QueueTriage(this);
    }
  }
}
