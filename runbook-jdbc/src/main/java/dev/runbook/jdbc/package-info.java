/**
 * Everything that speaks to a database: DataSource and HikariCP pool checks, SQLite, H2 and
 * PostgreSQL backup sources and restore verifiers, and maintenance tasks (prune, scrub, reap).
 */
package dev.runbook.jdbc;
