/**
 * Queue triage: the queues and workers {@link dev.runbook.core.QueueProbe}s report, the
 * scheduler's jobs and the credential vault, with one status, and drain.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link JobMonitorProbe}: The job monitor as a queue.
 *   <li>{@link OpsCommandLine}: The operator's commands for queues and pauses.
 *   <li>{@link QueueTriage}: Queue triage, as the runbooks do it at night.
 * </ul>
 */
package dev.runbook.health.queues;
