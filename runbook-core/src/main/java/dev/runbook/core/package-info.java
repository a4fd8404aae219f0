/**
 * The vocabulary every runbook module shares: {@link dev.runbook.core.Status}, {@link
 * dev.runbook.core.CheckResult}, {@link dev.runbook.core.HealthCheck}, {@link
 * dev.runbook.core.Thresholds}, {@link dev.runbook.core.Redactor} and {@link
 * dev.runbook.core.Settings}.
 *
 * <p>This package depends on no other runbook module; health, backup and jdbc all build on it.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link CheckResult}: The immutable outcome of one health check: a {@link Status},
 *       ordered details, and an optional error string that says why the status is not {@code ok}.
 *   <li>{@link HealthCheck}: One health check: a question about one dependency or resource,
 *       answered with a {@link CheckResult}.
 *   <li>{@link JobSpec}: A job a module offers to be scheduled, described without naming a
 *       scheduler.
 *   <li>{@link LeaseProvider}: Named leases in a store every replica shares, so a job runs on one
 *       node at a time.
 *   <li>{@link QueueProbe}: Reads the state of a work queue's backend.
 *   <li>{@link QueueReport}: What a {@link QueueProbe} saw: its queues and its workers.
 *   <li>{@link Redactor}: Removes secrets from text that is about to be shown or logged, and
 *       bounds its length.
 *   <li>{@link RunSkipped}: Implemented by an exception that means "not this time" rather than
 *       "failed"; a scheduler skips the run and may retry it soon.
 *   <li>{@link Settings}: Typed reading of settings from environment variables and system
 *       properties, with errors that name the setting and its bad value.
 *   <li>{@link SettingsException}: A setting that is missing or cannot be read.
 *   <li>{@link Status}: The health of a thing, ordered by severity: {@code OK} &lt; {@code
 *       DEGRADED} &lt; {@code DOWN}.
 *   <li>{@link Thresholds}: Warn and critical levels over an observed number, giving a {@link
 *       Status}.
 * </ul>
 */
package dev.runbook.core;
