package dev.runbook.health.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a job: the first outcome reported counts, later ones are ignored. State changes
 * happen under the record's lock; log lines and listeners run after it is released, so a slow
 * appender or listener never holds up a health read.
 */
final class RecordedRun implements JobRun {
  private final JobMonitor monitor;
  private final JobRecord record;
  private final Instant started;
  private boolean done;

  RecordedRun(JobMonitor monitor, JobRecord record, Instant started) {
    this.monitor = monitor;
    this.record = record;
    this.started = started;
  }

  @Override
  public void succeeded() {
    boolean recovered;
    Duration duration;
    synchronized (record) {
      if (!finish()) {
        return;
      }
      duration = record.lastDuration;
      record.runs++;
      recovered = record.failingReported;
      record.consecutiveFailures = 0;
      record.lastError = null;
      record.lastSuccessAt = started.plus(duration);
      record.failingReported = false;
    }
    if (recovered) {
      JobMonitor.log.atInfo().setMessage("job_recovered").addKeyValue("job", record.name).log();
    }
    publish(JobOutcome.SUCCESS, duration, 0);
  }

  @Override
  public void failed(Throwable error) {
    String message = monitor.redact(error);
    int count;
    int threshold = monitor.threshold(record);
    boolean nowFailing = false;
    Duration duration;
    synchronized (record) {
      if (!finish()) {
        return;
      }
      duration = record.lastDuration;
      record.runs++;
      record.failures++;
      count = ++record.consecutiveFailures;
      record.lastError = message;
      record.lastFailureAt = started.plus(duration);
      if (count >= threshold && !record.failingReported) {
        record.failingReported = true;
        nowFailing = true;
      }
    }
    JobMonitor.log.atWarn().setMessage("job_failed").addKeyValue("job", record.name)
        .addKeyValue("consecutive_failures", count).addKeyValue("error", message).log();
    if (nowFailing) {
      JobMonitor.log.atError().setMessage("job_failing").addKeyValue("job", record.name)
          .addKeyValue("consecutive_failures", count)
          .addKeyValue("failure_threshold", threshold)
          .addKeyValue("error", message).log();
    }
    publish(JobOutcome.FAILURE, duration, count);
  }

  @Override
  public void skipped(String reason) {
    Duration duration;
    int count;
    synchronized (record) {
      if (!finish()) {
        return;
      }
      duration = record.lastDuration;
      count = record.consecutiveFailures;
      record.skipped++;
    }
    JobMonitor.log.atInfo().setMessage("job_skipped").addKeyValue("job", record.name)
        .addKeyValue("reason", monitor.redact(reason)).log();
    publish(JobOutcome.SKIPPED, duration, count);
  }

  private void publish(JobOutcome outcome, Duration duration, int consecutiveFailures) {
    monitor.publish(new JobRunEvent(record.name, outcome, duration, consecutiveFailures,
        started.plus(duration)));
  }

  /** Marks the run finished; false if it already was. Holds the record's lock. */
  private boolean finish() {
    if (done) {
      return false;
    }
    done = true;
    record.inProgress--;
    record.lastDuration = Duration.between(started, monitor.now());
    if (record.inProgress == 0) {
      record.runningSince = null;
    }
    monitor.ended();
    return true;
  }
}
