package dev.runbook.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads HikariCP's pool numbers; loaded only when HikariCP is on the class path. */
final class HikariStats {

  private HikariStats() {}

  static PoolStats read(DataSource dataSource) {
    HikariDataSource hikari = unwrap(dataSource);
    if (hikari == null) {
      return null;
    }
    HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
    if (bean == null) {
      // Not started yet (lazy pools start on first getConnection): report the configured max.
      return new PoolStats(0, 0, 0, hikari.getMaximumPoolSize(), 0);
    }
    return new PoolStats(
        bean.getActiveConnections(),
        bean.getIdleConnections(),
        bean.getTotalConnections(),
        hikari.getMaximumPoolSize(),
        bean.getThreadsAwaitingConnection());
  }

  private static HikariDataSource unwrap(DataSource dataSource) {
    if (dataSource instanceof HikariDataSource h) {
      return h;
    }
    try {
      return dataSource.isWrapperFor(HikariDataSource.class)
          ? dataSource.unwrap(HikariDataSource.class)
          : null;
    } catch (SQLException e) {
      return null;
    }
  }
}
