package dev.runbook.jdbc.sqlite;

import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.jdbc.internal.SideTask;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The drill for {@code sqlite} artifacts: writes the artifact to a file in the drill's scratch
 * folder, opens it read-only, and runs {@code PRAGMA integrity_check} on one connection while
 * another runs {@code PRAGMA foreign_key_check} and counts every table's rows for the comparison
 * with the manifest, so the checks take the time of the longest rather than of all three. The
 * driver's native library is loaded while the artifact is written, not after.
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
    // in a fresh JVM (an operator's restore-verify) the driver unpacks its native library from the
    // jar and loads it at the first connection, about 0.3 s here: done while the artifact decodes
    SideTask<Boolean> driver = SideTask.start("runbook-sqlite-load", "loading the SQLite driver",
        Sqlite::loadDriver);
    try {
      context.copyTo(file);
    } finally {
      driver.joinQuietly(); // a driver that cannot load fails the open below, saying why
    }
    try (Connection integrity = Sqlite.open(file, true, Duration.ofSeconds(5));
        Connection side = Sqlite.open(file, true, Duration.ofSeconds(5))) {
      SideTask<Side> sideChecks = SideTask.start("runbook-sqlite-drill",
          "the drill's foreign key check", () -> {
        List<String> foreignKeys = Sqlite.foreignKeyProblems(side);
        try {
          return new Side(foreignKeys, Sqlite.counts(side), null);
        } catch (SQLException e) {
          return new Side(foreignKeys, Map.of(), e); // a damaged file may not count
        }
      });
      List<String> problems;
      Side result;
      try {
        problems = Sqlite.integrityProblems(integrity);
      } finally {
        result = sideChecks.join();
      }
      if (problems.isEmpty() && result.countError != null) {
        throw result.countError;
      }
      problems.addAll(result.foreignKeys);
      return new RestoreCheck(Sqlite.CHECKS, problems, result.counts);
    } catch (SQLException e) {
      throw new SQLException("the restored copy of " + context.artifact().file()
          + " is not a readable SQLite database: " + e.getMessage(), e);
    }
  }

  private record Side(List<String> foreignKeys, Map<String, Long> counts,
      SQLException countError) {}
}
