package dev.runbook.jdbc;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The SQLite settings behind "database is locked": the journal mode and the busy timeout of the
 * connections the service really uses. {@code degraded}, with the fix in the reason, when the
 * database is not in WAL mode (readers and the writer then block each other) or the connections
 * have no busy timeout (a writer that meets a lock then fails at once instead of waiting).
 *
 * <p>Give it the service's own data source (its pool), because {@code busy_timeout} is a setting of
 * each connection, not of the file. Details: {@code journal_mode}, {@code busy_timeout_ms}.
 */
public final class SqliteCheck implements HealthCheck {

  private final DataSource dataSource;

  private SqliteCheck(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
  }

  public static SqliteCheck of(DataSource dataSource) {
    return new SqliteCheck(dataSource);
  }

  @Override
  public CheckResult check() throws SQLException {
    String journalMode;
    long busyTimeout;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      journalMode = single(s, "PRAGMA journal_mode").toLowerCase(Locale.ROOT);
      busyTimeout = Long.parseLong(single(s, "PRAGMA busy_timeout"));
    }
    List<String> reasons = new ArrayList<>();
    if (!journalMode.equals("wal")) {
      reasons.add("journal_mode is " + journalMode + ", not wal: readers and the writer block each"
          + " other and callers see \"database is locked\"; run PRAGMA journal_mode=WAL once (it"
          + " is stored in the file)");
    }
    if (busyTimeout <= 0) {
      reasons.add("busy_timeout is 0 on the service's connections: a writer that meets a lock"
          + " fails at once with \"database is locked\"; set it on every connection, e.g."
          + " SQLiteConfig.setBusyTimeout(5000) or ?busy_timeout=5000 in the JDBC URL");
    }
    CheckResult result = reasons.isEmpty()
        ? CheckResult.ok()
        : CheckResult.degraded(String.join("; ", reasons));
    return result.withDetail("journal_mode", journalMode).withDetail("busy_timeout_ms", busyTimeout);
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(sql + " returned no row; is this an SQLite database?");
      }
      return rs.getString(1);
    }
  }
}
