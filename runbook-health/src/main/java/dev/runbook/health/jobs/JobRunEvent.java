package dev.runbook.health.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished run, as a {@link JobListener} receives it: the job, how it ended, how long it
 * took, the job's consecutive failures after it, and when it ended.
 */
public record JobRunEvent(String job, JobOutcome outcome, Duration duration,
    int consecutiveFailures, Instant finishedAt) {}
