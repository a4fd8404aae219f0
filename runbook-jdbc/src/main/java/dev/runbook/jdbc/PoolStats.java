package dev.runbook.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** A snapshot of a connection pool, or nothing when the data source is not a known pool. */
record PoolStats(int active, int idle, int total, int max, int waiting) {

  private static final boolean HIKARI_PRESENT = present("com.zaxxer.hikari.HikariDataSource");

  /** The pool's numbers, or null when the data source is not a running HikariCP pool. */
  static PoolStats read(DataSource dataSource) {
    if (!HIKARI_PRESENT) {
      return null;
    }
    return HikariStats.read(dataSource);
  }

  double usage() {
    return max <= 0 ? 0.0 : (double) active / max;
  }

  Map<String, Object> toDetails() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", active);
    m.put("idle", idle);
    m.put("total", total);
    m.put("max", max);
    m.put("threads_waiting", waiting);
    m.put("usage", Math.round(usage() * 1000) / 1000.0);
    return m;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, PoolStats.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
