package dev.runbook.jdbc.sqlite;

import dev.runbook.jdbc.internal.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.SQLiteOpenMode;

/** What the SQLite source, verifier and restore target share. */
final class Sqlite {

  static final String KIND = "sqlite";
  static final String ENGINE = "SQLite";
  private static final long SPIN_NANOS = 5_000_000;

  private Sqlite() {}

  /**
   * Loads the driver's native library now (a no-op once loaded), so that a later {@link #open}
   * does not wait for it; whether it loaded.
   */
  static boolean loadDriver() throws Exception {
    return SQLiteJDBCLoader.initialize();
  }

  /** Opens an existing database file; never creates one. */
  static Connection open(Path file, boolean readOnly, Duration busyTimeout) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw new SQLException("SQLite database " + file + " does not exist or is not a file;"
          + " check the path");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * Makes {@code c} retry a busy lock at once, for up to {@code limit}, instead of SQLite's
   * default of sleeping between tries (1 ms, then 2, 5, 10 ... 100): a writer committing in a
   * loop frees the write lock only for microseconds between its transactions, which a sleeping
   * try almost never meets. Spins for the first few milliseconds, then tries every 100 µs.
   */
  static void spinForLocks(Connection c, Duration limit) throws SQLException {
    long limitNanos = limit.toNanos();
    BusyHandler.setHandler(c, new BusyHandler() {
      private long since;

      @Override
      protected int callback(int tries) {
        long now = System.nanoTime();
        if (tries == 0) {
          since = now;
        }
        long waited = now - since;
        if (waited >= limitNanos) {
          return 0;
        }
        if (waited < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(100_000);
        }
        return 1;
      }
    });
  }

  static String version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The value of a read-only pragma, e.g. {@code page_size}. */
  static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      if (!rs.next()) {
        throw new SQLException("PRAGMA " + name + " returned no row");
      }
      return rs.getString(1);
    }
  }

  /** The user's tables (not SQLite's own), by name. */
  static List<String[]> tables(Connection c) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
            + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
      while (rs.next()) {
        tables.add(new String[] {null, rs.getString(1)});
      }
    }
    return tables;
  }

  static Map<String, Long> counts(Connection c) throws SQLException {
    return Tables.count(c, tables(c));
  }

  /** The checks run on a copy, in order. */
  static final List<String> CHECKS = List.of("PRAGMA integrity_check", "PRAGMA foreign_key_check");

  /** What {@link #CHECKS} report wrong; empty when the copy is sound. */
  static List<String> problems(Connection c) throws SQLException {
    List<String> problems = integrityProblems(c);
    problems.addAll(foreignKeyProblems(c));
    return problems;
  }

  static List<String> integrityProblems(Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equalsIgnoreCase(line)) {
          problems.add("integrity_check: " + line);
        }
      }
    }
    return problems;
  }

  static List<String> foreignKeyProblems(Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
      while (rs.next()) {
        problems.add("foreign_key_check: row " + rs.getString(2) + " of table "
            + rs.getString(1) + " refers to a missing row of " + rs.getString(3));
      }
    }
    return problems;
  }

  static void deleteQuietly(Path file) {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException ignored) {
        // a leftover temporary file is harmless; the next run uses a new name
      }
    }
  }
}
