package dev.runbook.jdbc.sqlite;

import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The drill for {@code sqlite} artifacts: writes the artifact to a file in the drill's scratch
 * folder, opens it read-only, runs {@code PRAGMA integrity_check} and {@code PRAGMA
 * foreign_key_check}, and counts every table's rows for the comparison with the manifest.
 */
public final class SqliteRestoreVerifier implements RestoreVerifier {

  /** The verifier drills use for {@code sqlite} artifacts. */
  public SqliteRestoreVerifier() {}

  @Override
  public String kind() {
    return Sqlite.KIND;
  }

  @Override
  public RestoreCheck restore(RestoreContext context) throws Exception {
    Path file = context.scratch().resolve("restored.sqlite");
    try (InputStream in = context.open()) {
      Files.copy(in, file);
    }
    try (Connection c = Sqlite.open(file, true, Duration.ofSeconds(5))) {
      List<String> problems = Sqlite.problems(c);
      Map<String, Long> counts = problems.isEmpty() ? Sqlite.counts(c) : countsIfReadable(c);
      return new RestoreCheck(Sqlite.CHECKS, problems, counts);
    } catch (SQLException e) {
      throw new SQLException("the restored copy of " + context.artifact().file()
          + " is not a readable SQLite database: " + e.getMessage(), e);
    }
  }

  private static Map<String, Long> countsIfReadable(Connection c) {
    try {
      return Sqlite.counts(c);
    } catch (SQLException e) {
      return Map.of();
    }
  }
}
