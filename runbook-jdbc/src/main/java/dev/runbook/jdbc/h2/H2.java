package dev.runbook.jdbc.h2;

import dev.runbook.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the H2 source and verifier share: the tables and their counts. */
final class H2 {

  static final String KIND = "h2";
  static final String ENGINE = "H2";

  private H2() {}

  static List<String[]> tables(Connection c) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM"
            + " INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
            + " AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return tables;
  }

  static Map<String, Long> counts(Connection c) throws SQLException {
    return Tables.count(c, tables(c));
  }
}
