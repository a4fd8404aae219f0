package dev.runbook.health.jobs;

import dev.runbook.health.internal.Arguments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;

/**
 * Every job's record, in the order the monitor first saw them, and the reading of their state.
 *
 * <p>Reading a state decides under the record's lock whether an overdue or stuck episode has just
 * begun (so it is reported once per episode, however often health is read) and logs {@code
 * job_overdue} / {@code job_stuck} only after the lock is released: a slow appender never holds
 * up a run that is trying to record its end.
 */
final class JobRecords {

  private final Logger log;
  private final int failureThreshold;
  private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  JobRecords(Logger log, int failureThreshold) {
    this.log = log;
    this.failureThreshold = failureThreshold;
  }

  int failureThreshold() {
    return failureThreshold;
  }

  int threshold(JobRecord record) {
    return record.threshold(failureThreshold);
  }

  /** A new record for {@code name} with {@code policy}; fails if the job is known already. */
  JobRecord declare(String name, JobPolicy policy, Instant now) {
    requireName(name);
    Objects.requireNonNull(policy, "policy must not be null");
    JobRecord record = new JobRecord(name, policy, now);
    if (jobs.putIfAbsent(name, record) != null) {
      throw new IllegalArgumentException("job \"" + name + "\" is already declared");
    }
    order.add(name);
    return record;
  }

  /** The record of {@code name}, created with the default policy on first sight. */
  JobRecord record(String name, Instant now) {
    return jobs.computeIfAbsent(requireName(name), n -> {
      order.add(n);
      return new JobRecord(n, JobPolicy.defaults(), now);
    });
  }

  boolean contains(String name) {
    return jobs.containsKey(name);
  }

  /** The known record of {@code name}; fails naming the known jobs. */
  JobRecord known(String name) {
    JobRecord record = jobs.get(name);
    if (record == null) {
      throw new NoSuchElementException("no job named \"" + name + "\"; known jobs: " + order);
    }
    return record;
  }

  /** Every job's name, in the order the monitor first saw them. */
  List<String> names() {
    return List.copyOf(order);
  }

  /** The jobs with a run in progress now. */
  List<String> running() {
    List<String> names = new ArrayList<>();
    for (String name : order) {
      JobRecord r = jobs.get(name);
      synchronized (r) {
        if (r.inProgress > 0) {
          names.add(name);
        }
      }
    }
    return names;
  }

  JobState state(JobRecord record, Instant now) {
    return snapshot(record, now);
  }

  List<JobState> states(Instant now) {
    List<JobState> states = new ArrayList<>();
    for (String name : order) {
      states.add(snapshot(jobs.get(name), now));
    }
    return Collections.unmodifiableList(states);
  }

  private JobState snapshot(JobRecord r, Instant now) {
    JobState state;
    boolean overdueBegan = false;
    boolean stuckBegan = false;
    Instant runningSince;
    synchronized (r) {
      boolean overdue = r.overdue(now);
      boolean stuck = r.stuck(now);
      if (overdue && !r.overdueReported) {
        r.overdueReported = true;
        overdueBegan = true;
      }
      if (stuck && !r.stuckReported) {
        r.stuckReported = true;
        stuckBegan = true;
      }
      int threshold = r.threshold(failureThreshold);
      runningSince = r.runningSince;
      state = new JobState(r.name, r.consecutiveFailures, threshold, r.lastError, r.lastRunAt,
          r.lastSuccessAt, r.lastFailureAt, r.lastDuration, r.inProgress > 0, r.runs, r.failures,
          r.skipped, r.nextRunAt, r.consecutiveFailures >= threshold, overdue, stuck,
          r.policy.critical(), r.paused);
    }
    if (overdueBegan) {
      log.atWarn().setMessage("job_overdue").addKeyValue("job", state.name())
          .addKeyValue("last_run_at", state.lastRunAt()).log();
    }
    if (stuckBegan) {
      log.atWarn().setMessage("job_stuck").addKeyValue("job", state.name())
          .addKeyValue("running_since", runningSince).log();
    }
    return state;
  }

  static String requireName(String name) {
    return Arguments.name(name, "job", "nightly-backup");
  }
}
