package dev.runbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class DataSourceCheckTest {

  @TempDir Path dir;

  @Test
  void reportsProductVersionAndLatencyOfARealSqliteFile() throws Exception {
    CheckResult r = DataSourceCheck.of(TestDatabases.sqlite(dir.resolve("a.db"), true, 5000))
        .check();
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.details()).containsEntry("valid", true).containsEntry("product", "SQLite")
        .containsKeys("latency_ms", "version").doesNotContainKey("pool");
    assertThat((String) r.details().get("version")).matches("3\\.\\d+.*");
  }

  @Test
  void reportsH2() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:check");
    CheckResult r = DataSourceCheck.of(h2).check();
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.details()).containsEntry("product", "H2");
  }

  @Test
  void aRefusedConnectionIsDownWithTheDriversMessage() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setServerNames(new String[] {"127.0.0.1"});
    pg.setPortNumbers(new int[] {port});
    pg.setDatabaseName("nothing");
    CheckResult r = DataSourceCheck.of(pg).check();
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.error()).get().asString().contains("SQLState");
  }

  /** A database that accepts TCP connections and never says a word. */
  static final class SilentServer implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final CountDownLatch firstAccepted = new CountDownLatch(1);
    final Thread acceptor;

    SilentServer() throws IOException {
      acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(server.accept());
            firstAccepted.countDown();
          }
        } catch (IOException closed) {
          // closed by the test
        }
      }, "silent-db");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aDatabaseThatAcceptsButNeverAnswersIsDownWithinTheTimeoutAndCostsOneThread()
      throws Exception {
    try (SilentServer silent = new SilentServer()) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setServerNames(new String[] {"127.0.0.1"});
      pg.setPortNumbers(new int[] {silent.server.getLocalPort()});
      pg.setDatabaseName("hangs");
      DataSourceCheck check = DataSourceCheck.builder(pg).timeout(Duration.ofMillis(300)).build();

      CheckResult first = check.check();
      assertThat(silent.firstAccepted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(first.status()).isEqualTo(Status.DOWN);
      assertThat(first.error()).get().asString()
          .contains("no answer from the database within 300 ms");

      // The first attempt is still stuck on the silent socket: no second thread, no second
      // connection, and the same verdict at once.
      CheckResult second = check.check();
      assertThat(second.status()).isEqualTo(Status.DOWN);
      assertThat(second.error()).get().asString()
          .contains("previous connection attempt has had no answer");
      assertThat(silent.accepted).hasSize(1);
    }
  }

  @Test
  void gradesHikariPoolUsageWithTheDefaultThresholds() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(TestDatabases.sqlite(dir.resolve("pool.db"), true, 5000));
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(10);
    config.setConnectionTimeout(1000);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSourceCheck check = DataSourceCheck.of(pool);
      List<Connection> held = new ArrayList<>();
      try {
        hold(pool, held, 5);
        CheckResult half = check.check();
        assertThat(half.status()).isEqualTo(Status.OK);
        assertThat(pool(half)).containsEntry("active", 5).containsEntry("max", 10)
            .containsEntry("usage", 0.5).containsEntry("threads_waiting", 0)
            .containsKeys("idle", "total");

        hold(pool, held, 3);
        CheckResult eighty = check.check();
        assertThat(eighty.status()).isEqualTo(Status.DEGRADED);
        assertThat(eighty.error()).get().asString()
            .contains("pool usage 0.80 is at or above 0.80 (8 of 10 connections active");

        hold(pool, held, 2);
        CheckResult full = check.check();
        assertThat(full.status()).isEqualTo(Status.DOWN);
        assertThat(pool(full)).containsEntry("active", 10);
      } finally {
        for (Connection c : held) {
          c.close();
        }
      }
    }
  }

  @Test
  void aPoolOfOneIsNotGradedSinceItsUsageIsAllOrNothing() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(TestDatabases.sqlite(dir.resolve("single.db"), true, 5000));
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSourceCheck check = DataSourceCheck.builder(pool).timeout(Duration.ofSeconds(5)).build();
      CheckResult idle = check.check();
      assertThat(idle.status()).isEqualTo(Status.OK);
      assertThat(pool(idle)).containsEntry("max", 1);
      try (Connection held = pool.getConnection()) {
        // The only connection is busy: the check cannot borrow it and says so, but usage 1.0
        // alone is not the verdict.
        CheckResult busy = check.check();
        assertThat(pool(busy)).containsEntry("active", 1).containsEntry("usage", 1.0);
        assertThat(busy.error()).get().asString().doesNotContain("pool usage");
        assertThat(held.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void customPoolThresholdsApply() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(TestDatabases.sqlite(dir.resolve("pool2.db"), true, 5000));
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      List<Connection> held = new ArrayList<>();
      try {
        hold(pool, held, 1);
        CheckResult r = DataSourceCheck.builder(pool)
            .poolThresholds(Thresholds.above(0.25, 0.9)).build().check();
        assertThat(r.status()).isEqualTo(Status.DEGRADED);
      } finally {
        for (Connection c : held) {
          c.close();
        }
      }
    }
  }

  @Test
  void badSettingsAreRefusedWithTheFix() {
    JdbcDataSource h2 = new JdbcDataSource();
    assertThatThrownBy(() -> DataSourceCheck.builder(h2).timeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> DataSourceCheck.builder(h2).poolThresholds(Thresholds.below(5, 1)))
        .hasMessageContaining("Thresholds.above");
  }

  private static void hold(HikariDataSource pool, List<Connection> held, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      held.add(pool.getConnection());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> pool(CheckResult r) {
    return (Map<String, Object>) r.details().get("pool");
  }
}
