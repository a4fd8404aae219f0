package dev.runbook.health.jobs;

import java.time.Duration;
import java.time.Instant;

/** The mutable state of one job; every access holds the record's monitor lock. */
final class JobRecord {
  final String name;
  final JobPolicy policy;
  final Instant registeredAt;
  int consecutiveFailures;
  String lastError;
  Instant lastRunAt;
  Instant lastSuccessAt;
  Instant lastFailureAt;
  Duration lastDuration;
  int inProgress;
  Instant runningSince;
  long runs;
  long failures;
  long skipped;
  Instant nextRunAt;
  boolean failingReported;
  boolean overdueReported;
  boolean stuckReported;
  boolean paused;

  JobRecord(String name, JobPolicy policy, Instant registeredAt) {
    this.name = name;
    this.policy = policy;
    this.registeredAt = registeredAt;
  }

  synchronized boolean inProgressNow() {
    return inProgress > 0;
  }

  int threshold(int monitorThreshold) {
    return policy.failureThreshold().orElse(monitorThreshold);
  }

  /**
   * No run has started within the interval plus grace; a job running now, or paused, is never
   * overdue.
   */
  boolean overdue(Instant now) {
    if (policy.expectedInterval().isEmpty() || inProgress > 0 || paused) {
      return false;
    }
    Instant since = lastRunAt != null ? lastRunAt : registeredAt;
    return now.isAfter(since.plus(policy.expectedInterval().get()).plus(policy.grace()));
  }

  boolean stuck(Instant now) {
    return policy.maxRuntime().isPresent() && inProgress > 0 && runningSince != null
        && now.isAfter(runningSince.plus(policy.maxRuntime().get()));
  }
}
