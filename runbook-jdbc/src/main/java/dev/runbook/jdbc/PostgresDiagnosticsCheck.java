package dev.runbook.jdbc;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * PostgreSQL server diagnostics an operator looks at first: connections in use against {@code
 * max_connections} (degraded at 80 %, down at 95 % by default), queries running longer than a limit
 * (5 minutes by default), and sessions waiting for a lock longer than a limit (1 minute by default).
 *
 * <p>Details: {@code connections}, {@code max_connections}, {@code connection_usage}, {@code
 * long_queries}, {@code long_query_limit_s}, {@code lock_waits} (all sessions waiting for a lock
 * now) and {@code long_lock_waits}. Long queries and long lock waits make the check {@code
 * degraded}. The numbers come from {@code pg_stat_activity} and {@code pg_locks}; a role that is
 * not a superuser sees other users' sessions only with {@code pg_read_all_stats} (or {@code
 * pg_monitor}).
 */
public final class PostgresDiagnosticsCheck implements HealthCheck {

  private final DataSource dataSource;
  private final Thresholds connectionThresholds;
  private final Duration longQuery;
  private final Duration longLockWait;

  private PostgresDiagnosticsCheck(Builder b) {
    this.dataSource = b.dataSource;
    this.connectionThresholds = b.connectionThresholds;
    this.longQuery = b.longQuery;
    this.longLockWait = b.longLockWait;
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  public static PostgresDiagnosticsCheck of(DataSource dataSource) {
    return builder(dataSource).build();
  }

  @Override
  public CheckResult check() throws SQLException {
    long connections;
    long max;
    long longQueries;
    long lockWaits;
    long longLockWaits;
    try (Connection c = dataSource.getConnection()) {
      max = Long.parseLong(text(c, "SELECT current_setting('max_connections')"));
      connections = number(c, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client"
          + " backend'");
      longQueries = number(c, "SELECT count(*) FROM pg_stat_activity WHERE state <> 'idle'"
          + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
          + " AND query_start < now() - make_interval(secs => ?)", longQuery.toSeconds());
      lockWaits = number(c, "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted");
      // pg_locks.waitstart exists from PostgreSQL 14; before that the statement's start is the
      // closest bound on how long a session has waited.
      boolean hasWaitStart =
          Long.parseLong(text(c, "SELECT current_setting('server_version_num')")) >= 140000;
      longLockWaits = number(c, "SELECT count(DISTINCT l.pid) FROM pg_locks l"
          + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND "
          + (hasWaitStart ? "l.waitstart" : "a.query_start")
          + " < now() - make_interval(secs => ?)", longLockWait.toSeconds());
    }
    double usage = max <= 0 ? 0 : (double) connections / max;
    Status status = connectionThresholds.statusOf(usage);
    List<String> reasons = new ArrayList<>();
    if (status != Status.OK) {
      reasons.add(String.format(Locale.ROOT,
          "%d of max_connections %d in use (%.0f %%, limit %.0f %%); look for connection leaks or"
              + " raise max_connections", connections, max, usage * 100,
          (status == Status.DOWN ? connectionThresholds.critical() : connectionThresholds.warn())
              * 100));
    }
    if (longQueries > 0) {
      reasons.add(longQueries + " queries running longer than " + longQuery.toSeconds()
          + " s; see pg_stat_activity and consider pg_cancel_backend(pid)");
    }
    if (longLockWaits > 0) {
      reasons.add(longLockWaits + " sessions waiting for a lock longer than "
          + longLockWait.toSeconds() + " s; see pg_locks for the blocking pid"
          + " (pg_blocking_pids)");
    }
    if (status == Status.OK && !reasons.isEmpty()) {
      status = Status.DEGRADED;
    }
    CheckResult result = reasons.isEmpty()
        ? CheckResult.ok()
        : CheckResult.of(status, String.join("; ", reasons));
    return result
        .withDetail("connections", connections)
        .withDetail("max_connections", max)
        .withDetail("connection_usage", Math.round(usage * 1000) / 1000.0)
        .withDetail("long_queries", longQueries)
        .withDetail("long_query_limit_s", longQuery.toSeconds())
        .withDetail("lock_waits", lockWaits)
        .withDetail("long_lock_waits", longLockWaits);
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long number(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Settings of a {@link PostgresDiagnosticsCheck}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Thresholds connectionThresholds = Thresholds.above(0.80, 0.95);
    private Duration longQuery = Duration.ofMinutes(5);
    private Duration longLockWait = Duration.ofMinutes(1);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /** Levels for connections / max_connections; default above(0.80, 0.95). */
    public Builder connectionThresholds(Thresholds thresholds) {
      Objects.requireNonNull(thresholds, "connectionThresholds must not be null");
      if (thresholds.direction() != Thresholds.Direction.ABOVE) {
        throw new IllegalArgumentException("connection usage is bad when high; use"
            + " Thresholds.above(warn, critical), not " + thresholds);
      }
      this.connectionThresholds = thresholds;
      return this;
    }

    /** A query running longer than this counts as long; default 5 minutes. */
    public Builder longQuery(Duration limit) {
      this.longQuery = positive(limit, "longQuery");
      return this;
    }

    /** A session waiting for a lock longer than this degrades the check; default 1 minute. */
    public Builder longLockWait(Duration limit) {
      this.longLockWait = positive(limit, "longLockWait");
      return this;
    }

    public PostgresDiagnosticsCheck build() {
      return new PostgresDiagnosticsCheck(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " must not be null");
      if (d.toSeconds() < 1) {
        throw new IllegalArgumentException(name + " must be at least one second; it was " + d);
      }
      return d;
    }
  }
}
