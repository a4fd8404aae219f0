/**
 * H2: backups with {@code SCRIPT}, drills that run the script into a private in-memory database.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link H2BackupSource}: A backup of an H2 database as the SQL script H2's {@code SCRIPT}
 *       command writes: schema, data and constraints, in plain UTF-8 text that {@code RUNSCRIPT} (or
 *       H2's {@code RunScript} tool) replays.
 *   <li>{@link H2RestoreVerifier}: The drill for {@code h2} artifacts: runs the script into a
 *       new private in-memory H2 database (with {@code RUNSCRIPT}, which re-creates every table,
 *       index and constraint and so re-checks the data against them), counts each table's rows, and
 *       drops the database by closing its only connection.
 * </ul>
 */
package dev.runbook.jdbc.h2;
