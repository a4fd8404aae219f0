/**
 * PostgreSQL: backups with {@code pg_dump -Fc} and row counts from the same snapshot, drills with
 * {@code pg_restore} into a scratch database that is always dropped, and real restores.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link PgDatabase}: Where a PostgreSQL database is and who connects to it, for both JDBC
 *       and the command-line tools.
 *   <li>{@link PgTools}: Finds and runs PostgreSQL's client tools, {@code pg_dump} and {@code
 *       pg_restore}: from a folder given in code (e.g. {@code /usr/lib/postgresql/16/bin}) or else
 *       from {@code PATH}.
 *   <li>{@link PostgresBackupSource}: A backup of a PostgreSQL database (or some of its schemas)
 *       in {@code pg_dump}'s custom format, which {@code pg_restore} reads.
 *   <li>{@link PostgresRestoreTarget}: A real restore of a PostgreSQL database from a {@code
 *       pg_dump} artifact: {@code pg_restore --clean --if-exists --single-transaction
 *       --exit-on-error} into the database, so it either replaces every dumped object or, at the
 *       first error, changes nothing.
 *   <li>{@link PostgresRestoreVerifier}: The drill for {@code postgresql} artifacts: creates a
 *       scratch database named {@code runbook_drill_<utc time>_<random>}, streams the dump into
 *       {@code pg_restore --exit-on-error}, counts every table's rows, and drops the scratch
 *       database afterwards, whatever happened ({@code DROP DATABASE ... WITH (FORCE)} where the
 *       server has it).
 * </ul>
 */
package dev.runbook.jdbc.postgres;
