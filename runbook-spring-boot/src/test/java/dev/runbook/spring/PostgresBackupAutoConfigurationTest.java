package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupTasks;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.postgres.PgDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The backup auto-configuration on the local PostgreSQL server, with real pg_dump/pg_restore. */
class PostgresBackupAutoConfigurationTest {

  @TempDir Path tmp;

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void aPostgresDataSourceIsDumpedDrilledAndLeavesNoScratchDatabase() throws Exception {
    PgDatabase admin = TestDatabases.postgresAdmin();
    String name = "runbook_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = admin.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    try {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl("jdbc:postgresql://127.0.0.1:5432/" + name);
      try (Connection c = ds.getConnection("postgres", ""); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jobs (id serial PRIMARY KEY, state text NOT NULL)");
        s.execute("INSERT INTO jobs (state) VALUES ('done'), ('processing'), ('failed')");
      }
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(RunbookHealthAutoConfiguration.class,
              RunbookBackupAutoConfiguration.class))
          .withBean(DataSource.class, () -> ds)
          .withPropertyValues("spring.datasource.username=postgres",
              "runbook.backup.dir=" + tmp.resolve("backups"), "runbook.backup.schedule=false")
          .run(context -> {
            BackupTasks tasks = context.getBean(BackupTasks.class);
            Backup backup = tasks.backup();
            assertThat(backup.manifest().artifacts().get(0).rowCounts())
                .containsEntry("public.jobs", 3L);
            assertThat(tasks.drill().passed()).isTrue();
            try (Connection c = admin.connect()) {
              assertThat(count(c, "SELECT count(*) FROM pg_database WHERE datname LIKE"
                  + " 'runbook_drill_%'")).as("the drill's scratch database is dropped").isZero();
            }
          });
    } finally {
      try (Connection c = admin.connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
