package dev.runbook.jdbc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.runbook.jdbc.postgres.PgDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Real engines for the tests: SQLite files, H2 files, and the local PostgreSQL server. */
public final class TestDatabases {

  private TestDatabases() {}

  /** An SQLite data source on {@code file}, in WAL mode with a busy timeout unless told. */
  public static SQLiteDataSource sqlite(Path file, boolean wal, int busyTimeoutMs) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(wal ? SQLiteConfig.JournalMode.WAL : SQLiteConfig.JournalMode.DELETE);
    config.setBusyTimeout(busyTimeoutMs);
    config.enforceForeignKeys(true);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return ds;
  }

  public static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The local server's admin database, or the test is skipped (never in CI) with the reason. */
  public static PgDatabase postgresAdmin() {
    PgDatabase admin = PgDatabase.builder("postgres")
        .host(System.getenv().getOrDefault("PGHOST_TEST", "127.0.0.1"))
        .user("postgres").build();
    try (Connection c = admin.connect()) {
      c.isValid(5);
      return admin;
    } catch (SQLException e) {
      String reason = "PostgreSQL is not reachable at " + admin.jdbcUrl() + " (" + e.getMessage()
          + "); start it to run this test";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI=true the PostgreSQL tests must run: " + reason, e);
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
      return null;
    }
  }

  /** A new empty database on the local server; drop it with {@link #dropPostgres}. */
  public static PgDatabase createPostgres(PgDatabase admin, String prefix) throws SQLException {
    String name = (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8))
        .toLowerCase(Locale.ROOT);
    try (Connection c = admin.connect()) {
      exec(c, "CREATE DATABASE \"" + name + "\"");
    }
    return admin.withDatabase(name);
  }

  public static void dropPostgres(PgDatabase admin, PgDatabase db) throws SQLException {
    try (Connection c = admin.connect()) {
      exec(c, "DROP DATABASE IF EXISTS \"" + db.database() + "\" WITH (FORCE)");
    }
  }

  /** Names of the databases on the server that start with {@code prefix}. */
  public static List<String> databasesLike(PgDatabase admin, String prefix) throws SQLException {
    try (Connection c = admin.connect();
        var ps = c.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)"
            + " ORDER BY 1")) {
      ps.setString(1, prefix);
      try (var rs = ps.executeQuery()) {
        List<String> names = new java.util.ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names;
      }
    }
  }

  public static Connection h2(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "");
  }

  /** Log lines captured from one logger (and the loggers below it). */
  public static final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog(String name) {
      logger = (Logger) LoggerFactory.getLogger(name);
      appender.start();
      logger.addAppender(appender);
    }

    public List<String> messages() {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The {@code summary} key-value of each event that has one. */
    public List<String> summaries() {
      return appender.list.stream().flatMap(e -> e.getKeyValuePairs() == null ? Stream.empty()
          : e.getKeyValuePairs().stream()).filter(kv -> kv.key.equals("summary"))
          .map(kv -> String.valueOf(kv.value)).toList();
    }

    public List<ILoggingEvent> events() {
      return List.copyOf(appender.list);
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
