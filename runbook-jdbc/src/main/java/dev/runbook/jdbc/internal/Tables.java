package dev.runbook.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row counts of a list of tables, by {@code count(*)} on one connection. */
public final class Tables {

  private Tables() {}

  /**
   * Counts each table's rows.
   *
   * @param tables each as {@code [schema, table]} (schema may be null) and keyed in the result by
   *     {@code key}
   */
  public static Map<String, Long> count(Connection connection, List<String[]> tables)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Statement s = connection.createStatement()) {
      for (String[] t : tables) {
        String sql = "SELECT count(*) FROM "
            + (t[0] == null ? "" : Identifiers.quote(t[0]) + ".") + Identifiers.quote(t[1]);
        try (ResultSet rs = s.executeQuery(sql)) {
          rs.next();
          counts.put(key(t), rs.getLong(1));
        }
      }
    }
    return counts;
  }

  /** {@code schema.table}, or {@code table} without a schema. */
  public static String key(String[] table) {
    return table[0] == null ? table[1] : table[0] + "." + table[1];
  }
}
