package dev.runbook.jdbc.lease;

import dev.runbook.core.LeaseProvider;
import dev.runbook.jdbc.internal.Identifiers;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Job leases in the database every replica shares, through ShedLock's JDBC provider (an optional
 * dependency: add {@code net.javacrumbs.shedlock:shedlock-provider-jdbc-template}). One row a
 * lease in {@code shedlock (name, lock_until, locked_at, locked_by)}, {@link #createTable()}
 * makes it if missing (PostgreSQL, H2, SQLite). Times are the database's own ({@code
 * usingDbTime}) unless {@link Builder#appClock} is set, so replicas with skewed clocks agree;
 * {@code locked_by} is this node's name (default: the host name and process id).
 *
 * <pre>{@code
 * ShedLockLeases leases = ShedLockLeases.builder(dataSource).build();
 * leases.createTable();
 * JobMonitor jobs = JobMonitor.builder().leases(leases).build();
 * jobs.scheduleAtFixedRate("nightly-backup", backup, first, Duration.ofDays(1),
 *     JobPolicy.builder().singleton(Duration.ofHours(6), Duration.ofHours(23)).build());
 * }</pre>
 */
public final class ShedLockLeases implements LeaseProvider {

  private final DataSource dataSource;
  private final String table;
  private final String node;
  private final LockProvider locks;

  private ShedLockLeases(Builder b) {
    this.dataSource = b.dataSource;
    this.table = b.table;
    this.node = b.node != null ? b.node : defaultNode();
    JdbcTemplateLockProvider.Configuration.Builder c = JdbcTemplateLockProvider.Configuration
        .builder().withJdbcTemplate(new JdbcTemplate(b.dataSource)).withTableName(b.table)
        .withLockedByValue(node);
    if (!b.appClock) {
      c.usingDbTime();
    } else {
      c.forceUtcTimeZone();
    }
    this.locks = new JdbcTemplateLockProvider(c.build());
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  private static String defaultNode() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  /** Creates the lease table if it does not exist. */
  public ShedLockLeases createTable() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " (name VARCHAR(64) NOT NULL,"
          + " lock_until TIMESTAMP NOT NULL, locked_at TIMESTAMP NOT NULL,"
          + " locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))");
    }
    return this;
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public Optional<Lease> acquire(String name, Duration atMost, Duration atLeast) {
    Optional<SimpleLock> lock = locks.lock(new LockConfiguration(ClockProvider.now(),
        Objects.requireNonNull(name, "name"), atMost, atLeast));
    return lock.map(l -> l::unlock);
  }

  @Override
  public Optional<Holder> lastHolder(String name) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT locked_by, locked_at, lock_until FROM " + table + " WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Holder(rs.getString(1), instant(rs.getTimestamp(2)),
            instant(rs.getTimestamp(3))));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the lease " + name + " from " + table
          + ": " + e.getMessage(), e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** Configures {@link ShedLockLeases}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = "shedlock";
    private String node;
    private boolean appClock;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The lease table; default {@code shedlock}. */
    public Builder table(String table) {
      this.table = Identifiers.check(table, "lease table", true);
      return this;
    }

    /** This node's name in {@code locked_by}; default host name and process id. */
    public Builder node(String node) {
      if (node == null || node.isBlank() || node.length() > 255) {
        throw new IllegalArgumentException("node name must be 1 to 255 characters");
      }
      this.node = node;
      return this;
    }

    /**
     * Judges lease times by ShedLock's {@code ClockProvider} (this JVM's clock, or one a test
     * sets) instead of the database's: for a database without a usable clock function, such as
     * SQLite, or a test that moves time itself.
     */
    public Builder appClock() {
      this.appClock = true;
      return this;
    }

    public ShedLockLeases build() {
      return new ShedLockLeases(this);
    }
  }
}
