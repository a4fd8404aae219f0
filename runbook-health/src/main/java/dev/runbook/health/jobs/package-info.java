/**
 * Scheduler job monitoring: every run of every job is recorded, consecutive failures are compared
 * with a threshold, and jobs that stop running ({@code overdue}) or never finish ({@code stuck})
 * are detected. {@link dev.runbook.health.jobs.JobMonitor#healthCheck()} is the {@code scheduler}
 * section of {@code /health}.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link JobListener}: Told of every finished run, after the monitor has recorded it, on
 *       the thread that ended the run.
 *   <li>{@link JobMonitor}: Records every run of every job and turns consecutive failures,
 *       silence and runaway runs into health.
 *   <li>{@link JobOutcome}: How a run ended.
 *   <li>{@link JobPolicy}: How one job is judged: its own failure threshold (else the
 *       monitor's), the interval it is expected to run at plus a grace (no run in that time makes it
 *       {@code overdue}), the longest a run may take (longer makes it {@code stuck}), and whether a
 *       failing job takes the scheduler section {@code down} rather than {@code degraded}.
 *   <li>{@link JobRun}: One run in progress, for schedulers whose callbacks start and finish a
 *       run in different places.
 *   <li>{@link JobRunEvent}: One finished run, as a {@link JobListener} receives it: the job,
 *       how it ended, how long it took, the job's consecutive failures after it, and when it ended.
 *   <li>{@link JobSkipped}: Thrown by a task that could not run this time (for example its
 *       dependency's circuit is open).
 *   <li>{@link JobState}: One job as the monitor last saw it.
 *   <li>{@link MonitoredJob}: Declares a method as a scheduled job, picked up by {@link
 *       JobMonitor#scan(Object)} and run on the monitor's executor.
 * </ul>
 */
package dev.runbook.health.jobs;
