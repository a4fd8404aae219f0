/**
 * Maintenance tasks for scheduled jobs: prune old rows, scrub old payloads and reap rows stuck in
 * a state, in bounded batches on SQLite, H2 and PostgreSQL.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link MaintenanceTask}: A database housekeeping task for scheduled use, in the
 *       runbook's three forms.
 *   <li>{@link TimestampFormat}: How a table stores the timestamp a maintenance task compares
 *       with its cut-off.
 * </ul>
 */
package dev.runbook.jdbc.maintenance;
