/**
 * Queue probes over JDBC, for {@code /health/queues}.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link DbSchedulerProbe}: db-scheduler's {@code scheduled_tasks} table, read over JDBC.
 *   <li>{@link JdbcJobTableProbe}: A job table as a queue.
 * </ul>
 */
package dev.runbook.jdbc.queues;
