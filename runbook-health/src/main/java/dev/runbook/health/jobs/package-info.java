/**
 * Scheduler job monitoring: every run of every job is recorded, consecutive failures are compared
 * with a threshold, and jobs that stop running ({@code overdue}) or never finish ({@code stuck})
 * are detected. {@link dev.runbook.health.jobs.JobMonitor#healthCheck()} is the {@code scheduler}
 * section of {@code /health}.
 */
package dev.runbook.health.jobs;
