package dev.runbook.jdbc.postgres;

import dev.runbook.jdbc.internal.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the PostgreSQL source, verifier and restore target share. */
final class Pg {

  static final String KIND = "postgresql";
  static final String ENGINE = "PostgreSQL";

  private Pg() {}

  /**
   * Counts the rows of every ordinary table that {@code pg_dump} would dump the data of: user
   * schemas (or only {@code schemas}, when not empty), no tables owned by an extension. Each
   * table is counted with {@code ONLY}, so a parent never counts its children's rows twice.
   */
  static Map<String, Long> counts(Connection c, List<String> schemas) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    String sql = "SELECT n.nspname, c.relname FROM pg_class c"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
        + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
        + " AND d.objid = c.oid AND d.deptype = 'e')"
        + (schemas.isEmpty() ? "" : " AND n.nspname = ANY (?)")
        + " ORDER BY n.nspname, c.relname";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (!schemas.isEmpty()) {
        Array array = c.createArrayOf("text", schemas.toArray());
        ps.setArray(1, array);
      }
      try (ResultSet rs = ps.executeQuery();
          Statement counter = c.createStatement()) {
        while (rs.next()) {
          String schema = rs.getString(1);
          String table = rs.getString(2);
          try (ResultSet n = counter.executeQuery("SELECT count(*) FROM ONLY "
              + Identifiers.quote(schema) + "." + Identifiers.quote(table))) {
            n.next();
            counts.put(schema + "." + table, n.getLong(1));
          }
        }
      }
    }
    return counts;
  }

  static String serverVersion(Connection c) throws SQLException {
    return single(c, "SHOW server_version");
  }

  static int serverVersionNum(Connection c) throws SQLException {
    return Integer.parseInt(single(c, "SHOW server_version_num"));
  }

  static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The short form of a server version: "15.19" of "15.19 (Debian 15.19-0+deb12u1)". */
  static String shortVersion(String version) {
    int space = version.indexOf(' ');
    return space < 0 ? version : version.substring(0, space);
  }
}
