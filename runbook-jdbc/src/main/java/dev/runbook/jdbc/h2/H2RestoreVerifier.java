package dev.runbook.jdbc.h2;

import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.jdbc.internal.Identifiers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The drill for {@code h2} artifacts: runs the script into a new private in-memory H2 database
 * (with {@code RUNSCRIPT}, which re-creates every table, index and constraint and so re-checks
 * the data against them), counts each table's rows, and drops the database by closing its only
 * connection.
 */
public final class H2RestoreVerifier implements RestoreVerifier {

  static final List<String> CHECKS =
      List.of("RUNSCRIPT into a scratch in-memory database (constraints re-checked)");

  /** The verifier drills use for {@code h2} artifacts. */
  public H2RestoreVerifier() {}

  @Override
  public String kind() {
    return H2.KIND;
  }

  @Override
  public RestoreCheck restore(RestoreContext context) throws Exception {
    Path script = context.scratch().resolve("restore.sql");
    try (InputStream in = context.open()) {
      Files.copy(in, script);
    }
    JdbcDataSource scratch = new JdbcDataSource();
    // No DB_CLOSE_DELAY: the database disappears with its last connection, below.
    scratch.setURL("jdbc:h2:mem:runbook-drill-" + UUID.randomUUID());
    scratch.setUser("sa");
    try (Connection c = scratch.getConnection();
        Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM " + Identifiers.literal(script.toString())
          + " CHARSET 'UTF-8'");
      Map<String, Long> counts = H2.counts(c);
      return RestoreCheck.passed(CHECKS, counts);
    }
  }
}
