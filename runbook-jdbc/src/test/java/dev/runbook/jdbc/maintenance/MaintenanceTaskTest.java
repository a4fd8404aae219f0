package dev.runbook.jdbc.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.jdbc.TestDatabases.CapturedLog;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.postgres.PgDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The same tasks on real SQLite, H2 and PostgreSQL databases. */
class MaintenanceTaskTest {

  static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;
  PgDatabase pgAdmin;
  PgDatabase pg;

  @AfterEach
  void dropPostgres() throws Exception {
    if (pg != null) {
      TestDatabases.dropPostgres(pgAdmin, pg);
    }
  }

  /** previews: 30 rows 10..39 days old with payloads, 12 rows from today; jobs in states. */
  private DataSource engine(String engine) throws Exception {
    DataSource ds;
    String ts;
    switch (engine) {
      case "sqlite" -> {
        ds = TestDatabases.sqlite(dir.resolve("m.db"), true, 5000);
        ts = "INTEGER";
      }
      case "h2" -> {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("m").toAbsolutePath());
        h2.setUser("sa");
        ds = h2;
        ts = "TIMESTAMP WITH TIME ZONE";
      }
      case "postgresql" -> {
        pgAdmin = TestDatabases.postgresAdmin();
        pg = TestDatabases.createPostgres(pgAdmin, "runbook_maint");
        PGSimpleDataSource p = new PGSimpleDataSource();
        p.setUrl(pg.jdbcUrl());
        p.setUser(pg.user());
        ds = p;
        ts = "TIMESTAMP WITH TIME ZONE";
      }
      default -> throw new IllegalArgumentException(engine);
    }
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c,
          "CREATE TABLE previews (id INTEGER PRIMARY KEY, created_at " + ts
              + " NOT NULL, payload VARCHAR(100), raw VARCHAR(100))",
          "CREATE TABLE jobs (id INTEGER PRIMARY KEY, state VARCHAR(20) NOT NULL, updated_at "
              + ts + " NOT NULL)");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO previews VALUES (?, ?, ?, ?)");
          PreparedStatement j = c.prepareStatement("INSERT INTO jobs VALUES (?, ?, ?)")) {
        int id = 1;
        for (int i = 0; i < 30; i++) {
          insertPreview(p, engine, id++, NOW.minus(Duration.ofDays(10 + i)));
        }
        for (int i = 0; i < 12; i++) {
          insertPreview(p, engine, id++, NOW.minus(Duration.ofHours(i)));
        }
        p.executeBatch();
        String[] states = {"processing", "processing", "done", "processing"};
        for (int i = 0; i < 40; i++) {
          // ids 1..40: every hour back in time; 'processing' for over 2 h are the stuck ones
          j.setInt(1, i + 1);
          j.setString(2, states[i % states.length]);
          bindTime(j, 3, engine, NOW.minus(Duration.ofMinutes(30 + 60L * i)));
          j.addBatch();
        }
        j.executeBatch();
      }
    }
    return ds;
  }

  private static void insertPreview(PreparedStatement p, String engine, int id, Instant at)
      throws Exception {
    p.setInt(1, id);
    bindTime(p, 2, engine, at);
    p.setString(3, "payload " + id);
    p.setString(4, "raw " + id);
    p.addBatch();
  }

  private static void bindTime(PreparedStatement ps, int i, String engine, Instant at)
      throws Exception {
    if (engine.equals("sqlite")) {
      ps.setLong(i, at.toEpochMilli());
    } else {
      ps.setTimestamp(i, java.sql.Timestamp.from(at));
    }
  }

  private static TimestampFormat format(String engine) {
    return engine.equals("sqlite") ? TimestampFormat.EPOCH_MILLIS : TimestampFormat.SQL_TIMESTAMP;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void pruneDeletesOnlyOldRowsInBatchesAndLogsTheRunbooksLine(String engine) throws Exception {
    DataSource ds = engine(engine);
    MaintenanceTask task = MaintenanceTask.prune(ds, "previews", "created_at")
        .olderThan(Duration.ofDays(7)).batchSize(7).timestamps(format(engine)).clock(CLOCK)
        .message("Pruned {count} expired external search previews").build();
    try (CapturedLog log = new CapturedLog("dev.runbook.jdbc.maintenance")) {
      assertThat(task.run()).isEqualTo(30);
      assertThat(log.messages()).containsExactly("maintenance_pruned");
      assertThat(log.summaries()).containsExactly("Pruned 30 expired external search previews");
      assertThat(log.events().get(0).getKeyValuePairs()).anySatisfy(kv -> {
        assertThat(kv.key).isEqualTo("batches");
        assertThat(kv.value).isEqualTo(5);
      });
    }
    assertThat(ids(ds, "SELECT id FROM previews ORDER BY id")).hasSize(12).allMatch(i -> i > 30);
    assertThat(task.run()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void scrubNullsPayloadsOfOldRowsOnceAndKeepsTheRows(String engine) throws Exception {
    DataSource ds = engine(engine);
    MaintenanceTask task = MaintenanceTask.scrub(ds, "previews", "created_at", "payload", "raw")
        .olderThan(Duration.ofDays(20)).batchSize(4).timestamps(format(engine)).clock(CLOCK)
        .message("Scrubbed {count} ingestion payloads older than {days} days").build();
    try (CapturedLog log = new CapturedLog("dev.runbook.jdbc.maintenance")) {
      // 10..39 days old: the 19 rows older than 20 days (21..39) and the row at exactly 20 is not
      assertThat(task.run()).isEqualTo(19);
      assertThat(log.messages()).containsExactly("maintenance_scrubbed");
      assertThat(log.summaries())
          .containsExactly("Scrubbed 19 ingestion payloads older than 20 days");
    }
    assertThat(ids(ds, "SELECT id FROM previews WHERE payload IS NULL AND raw IS NULL"))
        .hasSize(19);
    assertThat(ids(ds, "SELECT id FROM previews")).hasSize(42);
    assertThat(task.run()).as("already scrubbed rows are not touched again").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2", "postgresql"})
  void reapMovesRowsStuckInAStateTooLong(String engine) throws Exception {
    DataSource ds = engine(engine);
    MaintenanceTask task = MaintenanceTask.reap(ds, "jobs", "state", "updated_at")
        .from("processing").to("failed").olderThan(Duration.ofHours(2)).batchSize(5)
        .timestamps(format(engine)).clock(CLOCK).build();
    List<Long> stuck = ids(ds, "SELECT id FROM jobs WHERE state = 'processing' AND id >= 3");
    try (CapturedLog log = new CapturedLog("dev.runbook.jdbc.maintenance")) {
      assertThat(task.run()).isEqualTo(stuck.size());
      assertThat(log.messages()).containsExactly("maintenance_reaped");
      assertThat(log.summaries()).containsExactly("Moved " + stuck.size()
          + " rows of jobs stuck in processing for over 2 h to failed");
    }
    assertThat(ids(ds, "SELECT id FROM jobs WHERE state = 'failed' ORDER BY id"))
        .containsExactlyElementsOf(stuck);
    assertThat(ids(ds, "SELECT id FROM jobs WHERE state = 'processing' ORDER BY id"))
        .containsExactly(1L, 2L);
    assertThat(ids(ds, "SELECT id FROM jobs WHERE state = 'done'")).hasSize(10);
  }

  @org.junit.jupiter.api.Test
  void sqliteTextTimestampsCompareAsSqliteWritesThem() throws Exception {
    DataSource ds = TestDatabases.sqlite(dir.resolve("t.db"), true, 5000);
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c, "CREATE TABLE previews (id INTEGER PRIMARY KEY, created_at TEXT)",
          "INSERT INTO previews(created_at) VALUES ('2026-11-01 00:00:00'),"
              + " ('2026-11-15 02:59:59'), ('2026-11-15 03:00:01'), ('2026-11-22 01:00:00')");
    }
    long n = MaintenanceTask.prune(ds, "previews", "created_at").olderThan(Duration.ofDays(7))
        .timestamps(TimestampFormat.SQLITE_TEXT).clock(CLOCK).build().run();
    assertThat(n).isEqualTo(2);
  }

  @org.junit.jupiter.api.Test
  void badSettingsAreRefusedNamingTheInput() {
    DataSource ds = TestDatabases.sqlite(dir.resolve("x.db"), true, 5000);
    assertThatThrownBy(() -> MaintenanceTask.prune(ds, "previews; DROP TABLE x", "created_at"))
        .hasMessageContaining("prune table \"previews; DROP TABLE x\" is not a plain SQL name");
    assertThatThrownBy(() -> MaintenanceTask.prune(ds, "previews", "created_at").build())
        .hasMessageContaining("needs olderThan");
    assertThatThrownBy(() -> MaintenanceTask.reap(ds, "jobs", "state", "updated_at")
        .olderThan(Duration.ofHours(2)).from("processing").to("processing").build())
        .hasMessageContaining("to the same state");
    assertThatThrownBy(() -> MaintenanceTask.prune(ds, "previews", "created_at").from("x"))
        .hasMessageContaining("is for reap tasks");
    assertThatThrownBy(() -> MaintenanceTask.scrub(ds, "previews", "created_at"))
        .hasMessageContaining("needs at least one payload column");
    assertThatThrownBy(() -> MaintenanceTask.prune(ds, "previews", "created_at").batchSize(0))
        .hasMessageContaining("batchSize must be at least 1");
  }

  @org.junit.jupiter.api.Test
  void aFailingBatchSaysHowManyRowsEarlierBatchesDid() throws Exception {
    DataSource ds = TestDatabases.sqlite(dir.resolve("f.db"), true, 5000);
    MaintenanceTask task = MaintenanceTask.prune(ds, "missing_table", "created_at")
        .olderThan(Duration.ofDays(1)).build();
    assertThatThrownBy(task::run).hasMessageContaining("prune missing_table failed in batch 1"
        + " after 0 rows");
  }

  private static List<Long> ids(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<Long> ids = new java.util.ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      return ids;
    }
  }

  @Test
  void shouldKeepWhatTheBuilderHeldAtBuildWhateverTheBuilderIsToldAfterwards() throws Exception {
    DataSource ds = engine("sqlite");
    MaintenanceTask.Builder builder = MaintenanceTask.prune(ds, "previews", "created_at")
        .olderThan(Duration.ofDays(7)).timestamps(TimestampFormat.EPOCH_MILLIS).clock(CLOCK)
        .message("Pruned {count} expired external search previews");
    MaintenanceTask task = builder.build();

    builder.olderThan(Duration.ofDays(365)).batchSize(1).keyColumn("nosuch")
        .timestamps(TimestampFormat.ISO_INSTANT).message("changed afterwards");

    try (CapturedLog log = new CapturedLog("dev.runbook.jdbc.maintenance")) {
      assertThat(task.run()).isEqualTo(30);
      assertThat(log.summaries()).containsExactly("Pruned 30 expired external search previews");
      assertThat(log.events().get(0).getKeyValuePairs()).anySatisfy(kv -> {
        assertThat(kv.key).isEqualTo("batches");
        assertThat(kv.value).isEqualTo(1);
      });
    }
  }
}
