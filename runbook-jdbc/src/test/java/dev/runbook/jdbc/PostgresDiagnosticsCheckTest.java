package dev.runbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import dev.runbook.jdbc.postgres.PgDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresDiagnosticsCheckTest {

  static PgDatabase admin;
  static PgDatabase db;
  static PGSimpleDataSource ds;

  @BeforeAll
  static void database() throws Exception {
    admin = TestDatabases.postgresAdmin();
    db = TestDatabases.createPostgres(admin, "runbook_diag");
    ds = new PGSimpleDataSource();
    ds.setUrl(db.jdbcUrl());
    ds.setUser(db.user());
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    }
  }

  @AfterAll
  static void drop() throws Exception {
    if (db != null) {
      TestDatabases.dropPostgres(admin, db);
    }
  }

  @Test
  void reportsConnectionsAgainstMaxConnections() throws Exception {
    CheckResult r = PostgresDiagnosticsCheck.of(ds).check();
    assertThat(r.details()).containsKeys("connections", "max_connections", "connection_usage",
        "long_queries", "lock_waits", "long_lock_waits")
        .containsEntry("long_query_limit_s", 300L);
    assertThat((Long) r.details().get("connections")).isPositive();
    assertThat((Long) r.details().get("max_connections")).isPositive();
  }

  @Test
  void connectionUsageAtTheWarnLevelIsDegraded() throws Exception {
    CheckResult r = PostgresDiagnosticsCheck.builder(ds)
        .connectionThresholds(Thresholds.above(0.0001, 1.0)).build().check();
    assertThat(r.status()).isEqualTo(Status.DEGRADED);
    assertThat(r.error()).get().asString().contains("of max_connections")
        .contains("connection leaks");
  }

  @Test
  void countsLockWaitsAndLongQueries() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try (Connection holder = ds.getConnection();
        Connection waiter = ds.getConnection()) {
      holder.setAutoCommit(false);
      TestDatabases.exec(holder, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
      int waiterPid = pid(waiter);
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        try (Statement s = waiter.createStatement()) {
          s.executeQuery("SELECT count(*) FROM t").close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, pool);
      // Wait on the server's own view until the waiter is really blocked by the lock (and, for
      // the long-query figure, has waited at least a second by the server's clock).
      try (Connection watch = ds.getConnection();
          var ps = watch.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?"
              + " AND wait_event_type = 'Lock' AND query_start < now() - interval '1100 ms'")) {
        ps.setInt(1, waiterPid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean waiting = false;
        while (!waiting && System.nanoTime() < deadline) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            waiting = rs.getLong(1) == 1;
          }
        }
        assertThat(waiting).as("the waiter blocks on the lock").isTrue();
      }
      CheckResult r = PostgresDiagnosticsCheck.builder(ds).longQuery(Duration.ofSeconds(1))
          .longLockWait(Duration.ofSeconds(1)).build().check();
      assertThat((Long) r.details().get("lock_waits")).isGreaterThanOrEqualTo(1);
      assertThat((Long) r.details().get("long_lock_waits")).isGreaterThanOrEqualTo(1);
      assertThat((Long) r.details().get("long_queries")).isGreaterThanOrEqualTo(1);
      assertThat(r.status()).isEqualTo(Status.DEGRADED);
      assertThat(r.error()).get().asString().contains("queries running longer than 1 s")
          .contains("waiting for a lock longer than 1 s");
      holder.rollback();
      blocked.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void limitsBelowOneSecondAreRefused() {
    assertThatThrownBy(() -> PostgresDiagnosticsCheck.builder(ds).longQuery(Duration.ZERO))
        .hasMessageContaining("longQuery must be at least one second");
  }

  private static int pid(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
