/**
 * Everything that speaks to a database: DataSource and HikariCP pool checks, SQLite, H2 and
 * PostgreSQL backup sources and restore verifiers, and maintenance tasks (prune, scrub, reap).
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link DataSourceCheck}: Is the database answering?
 *   <li>{@link PostgresDiagnosticsCheck}: PostgreSQL server diagnostics an operator looks at
 *       first: connections in use against {@code max_connections} (degraded at 80 %, down at 95 % by
 *       default), queries running longer than a limit (5 minutes by default), and sessions waiting
 *       for a lock longer than a limit (1 minute by default).
 *   <li>{@link SqliteCheck}: The SQLite settings behind "database is locked": the journal mode
 *       and the busy timeout of the connections the service really uses.
 * </ul>
 */
package dev.runbook.jdbc;
