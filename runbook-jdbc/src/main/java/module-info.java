/**
 * Everything that speaks to a database: checks, SQLite / H2 / PostgreSQL backup sources, restore
 * verifiers and targets, and maintenance tasks. HikariCP and the JDBC drivers are optional; a
 * service brings the ones it uses. {@code dev.runbook.jdbc.internal} is not exported.
 */
module dev.runbook.jdbc {
  requires transitive dev.runbook.backup;
  requires transitive dev.runbook.core;
  requires transitive java.sql;
  requires org.slf4j;
  requires static com.zaxxer.hikari;
  requires static com.h2database;
  requires static org.postgresql.jdbc;
  requires static org.xerial.sqlitejdbc;
  requires static net.javacrumbs.shedlock.core;
  requires static net.javacrumbs.shedlock.provider.jdbctemplate;
  requires static spring.jdbc;

  exports dev.runbook.jdbc;
  exports dev.runbook.jdbc.h2;
  exports dev.runbook.jdbc.lease;
  exports dev.runbook.jdbc.maintenance;
  exports dev.runbook.jdbc.postgres;
  exports dev.runbook.jdbc.queues;
  exports dev.runbook.jdbc.sqlite;
}
