package dev.runbook.jdbc.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.runbook.core.QueueReport;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.maintenance.TimestampFormat;
import dev.runbook.jdbc.postgres.PgDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The queue probes against real databases: SQLite, H2 and PostgreSQL tables, db-scheduler's. */
class QueueProbesTest {

  /** The analytics runbook's jobs table, with a worker column and epoch-millisecond times. */
  static void fill(Connection c, String idType) throws SQLException {
    TestDatabases.exec(c, "CREATE TABLE jobs (id " + idType + " PRIMARY KEY, kind VARCHAR(40),"
        + " state VARCHAR(20) NOT NULL, locked_by VARCHAR(40), updated_at BIGINT NOT NULL)");
    long t = Instant.parse("2026-12-01T03:00:00Z").toEpochMilli();
    String[] rows = {
        "(1, 'rollup', 'queued', NULL, " + t + ")",
        "(2, 'rollup', 'queued', NULL, " + t + ")",
        "(3, 'rollup', 'queued', NULL, " + t + ")",
        "(4, 'export', 'processing', 'worker-a', " + (t + 5_000) + ")",
        "(5, 'export', 'processing', 'worker-a', " + (t + 9_000) + ")",
        "(6, 'export', 'processing', 'worker-b', " + t + ")",
        "(7, 'rollup', 'failed', NULL, " + t + ")",
        "(8, 'rollup', 'done', NULL, " + t + ")",
        "(9, 'rollup', 'retry_wait', NULL, " + t + ")"};
    for (String row : rows) {
      TestDatabases.exec(c, "INSERT INTO jobs (id, kind, state, locked_by, updated_at) VALUES "
          + row);
    }
  }

  static JdbcJobTableProbe probe(DataSource ds) {
    return JdbcJobTableProbe.builder(ds, "jobs").statusColumn("state").queue("etl")
        .waiting("queued").started("processing").failed("failed").deferred("retry_wait")
        .workers("locked_by", "updated_at", TimestampFormat.EPOCH_MILLIS).build();
  }

  static void assertJobsTable(QueueReport r) {
    assertThat(r.queues()).containsExactly(new QueueReport.Queue("etl", 3L, 1L, null, 3L, 1L));
    assertThat(r.workers()).extracting(QueueReport.Worker::name, QueueReport.Worker::currentJobId,
        QueueReport.Worker::lastHeartbeat).containsExactly(
            org.assertj.core.groups.Tuple.tuple("worker-a", "5",
                Instant.parse("2026-12-01T03:00:09Z")),
            org.assertj.core.groups.Tuple.tuple("worker-b", "6",
                Instant.parse("2026-12-01T03:00:00Z")));
  }

  @Test
  void aJobTableOnSqlite(@TempDir Path dir) throws Exception {
    DataSource ds = TestDatabases.sqlite(dir.resolve("jobs.db"), true, 5000);
    try (Connection c = ds.getConnection()) {
      fill(c, "INTEGER");
    }
    assertJobsTable(probe(ds).probe());
  }

  @Test
  void aJobTableOnH2(@TempDir Path dir) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath());
    ds.setUser("sa");
    try (Connection c = ds.getConnection()) {
      fill(c, "BIGINT");
    }
    assertJobsTable(probe(ds).probe());
  }

  @Test
  void aJobTableOnPostgresqlAndAnUnreachableServerFails() throws Exception {
    PgDatabase admin = TestDatabases.postgresAdmin();
    PgDatabase db = TestDatabases.createPostgres(admin, "runbook_queues");
    try {
      try (Connection c = db.connect()) {
        fill(c, "BIGINT");
      }
      assertJobsTable(probe(pg(db)).probe());
    } finally {
      TestDatabases.dropPostgres(admin, db);
    }
    PGSimpleDataSource closed = new PGSimpleDataSource();
    closed.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    assertThatThrownBy(() -> probe(closed).probe()).isInstanceOf(SQLException.class);
  }

  @Test
  void namesAndMappingsAreChecked() {
    DataSource none = new JdbcDataSource();
    assertThatThrownBy(() -> JdbcJobTableProbe.builder(none, "jobs; DROP TABLE x"))
        .hasMessageContaining("is not a plain SQL name");
    assertThatThrownBy(() -> JdbcJobTableProbe.builder(none, "jobs").build())
        .hasMessageContaining("map at least one status value");
    assertThatThrownBy(() -> JdbcJobTableProbe.builder(none, "jobs").waiting("x").failed("x"))
        .hasMessageContaining("mapped to both size and failed");
  }

  static DataSource pg(PgDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    return ds;
  }

  /** db-scheduler's table for PostgreSQL, as its documentation gives it. */
  static final String SCHEDULED_TASKS = "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL,"
      + " task_instance TEXT NOT NULL, task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE"
      + " NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT, last_success TIMESTAMP WITH TIME"
      + " ZONE, last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT, last_heartbeat"
      + " TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
      + " PRIMARY KEY (task_name, task_instance))";

  @Test
  void dbSchedulersOwnTableWhileItRuns() throws Exception {
    PgDatabase admin = TestDatabases.postgresAdmin();
    PgDatabase db = TestDatabases.createPostgres(admin, "runbook_dbscheduler");
    Scheduler scheduler = null;
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    try {
      try (Connection c = db.connect()) {
        TestDatabases.exec(c, SCHEDULED_TASKS);
      }
      DataSource ds = pg(db);
      Task<Void> export = Tasks.oneTime("export").execute((instance, context) -> {
        started.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Task<Void> flaky = Tasks.oneTime("flaky").execute((instance, context) -> {
        failed.countDown();
        throw new IllegalStateException("upstream refused");
      });
      Task<Void> report = Tasks.oneTime("report").execute((instance, context) -> { });
      // "report" is written by a client only: no running scheduler knows it, so it stays due
      SchedulerClient client = SchedulerClient.Builder.create(ds, List.of(report)).build();
      client.scheduleIfNotExists(report.instance("daily"), Instant.now().minusSeconds(60));
      scheduler = Scheduler.create(ds, List.<Task<?>>of(export, flaky)).threads(2)
          .pollingInterval(Duration.ofMillis(100)).heartbeatInterval(Duration.ofSeconds(1))
          .schedulerName(new SchedulerName.Fixed("node-a")).build();
      scheduler.start();
      scheduler.scheduleIfNotExists(export.instance("e-1"), Instant.now());
      scheduler.scheduleIfNotExists(flaky.instance("f-1"), Instant.now());
      scheduler.scheduleIfNotExists(export.instance("e-later"),
          Instant.now().plus(Duration.ofHours(1)));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();

      DbSchedulerProbe probe = DbSchedulerProbe.of(ds, Clock.systemUTC());
      QueueReport r = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) { // the failure is written after the task throws
        r = probe.probe();
        if (r.queues().stream().anyMatch(q -> q.name().equals("flaky") && q.failed() == 1)) {
          break;
        }
      }
      assertThat(r.queues()).containsExactly(
          new QueueReport.Queue("export", 0L, null, 1L, 1L, 0L),
          new QueueReport.Queue("flaky", 0L, null, 1L, 0L, 1L),
          new QueueReport.Queue("report", 1L, null, 0L, 0L, 0L));
      assertThat(r.workers()).singleElement().satisfies(w -> {
        assertThat(w.name()).isEqualTo("node-a");
        assertThat(w.currentJobId()).isEqualTo("export/e-1");
        assertThat(w.queues()).containsExactly("export");
      });
    } finally {
      release.countDown();
      if (scheduler != null) {
        scheduler.stop();
      }
      TestDatabases.dropPostgres(admin, db);
    }
  }
}
