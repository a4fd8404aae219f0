/**
 * Micrometer integration, used only when micrometer-core is on the class path (it is an optional
 * dependency of runbook-health): {@link dev.runbook.health.micrometer.HealthMetrics} publishes
 * check statuses and durations, {@link dev.runbook.health.micrometer.MeterThresholdCheck} turns a
 * meter into a health check.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link HealthMetrics}: Publishes health checks to Micrometer: the gauge {@code
 *       runbook.health.status} per check (tag {@code check}; 0 ok, 1 degraded, 2 down) and the timer
 *       {@code runbook.health.check.duration} of each completed run.
 *   <li>{@link JobMetrics}: Publishes a {@link dev.runbook.health.jobs.JobMonitor} to
 *       Micrometer: the counter {@code runbook.job.runs} (tags {@code job}, {@code outcome}:
 *       success, failure, skipped), the timer {@code runbook.job.duration} (tags {@code job}, {@code
 *       outcome}) and the gauge {@code runbook.job.consecutive.failures} (tag {@code job}), which
 *       reads the monitor, so an operator's reset shows at once.
 *   <li>{@link MeterThresholdCheck}: A health check over a Micrometer meter, for the runbook's
 *       response-time and error-rate alerts.
 *   <li>{@link SourceMetrics}: Publishes {@link dev.runbook.health.sources.IngestionSources} to
 *       Micrometer: the counter {@code runbook.source.calls} (tags {@code source}, {@code outcome}:
 *       success, failure, ignored, rejected; {@code reason}: a failure reason or {@code none}) and
 *       the gauge {@code runbook.source.state} (tag {@code source}; 0 closed, 1 half-open, 2 open).
 * </ul>
 */
package dev.runbook.health.micrometer;
