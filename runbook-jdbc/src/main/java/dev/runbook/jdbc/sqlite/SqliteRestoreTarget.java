package dev.runbook.jdbc.sqlite;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.spi.RestoreTarget;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A real restore of an SQLite database, through SQLite's online backup API on a connection to the
 * live file, so connections the service holds see the restored data instead of a file swapped
 * under them. The artifact is written to a temporary file beside the database and checked ({@code
 * integrity_check}) first; after the restore the live database is checked again and its row
 * counts compared with the manifest, because the driver's restore command can fail without
 * saying so. Use it through {@link dev.runbook.backup.BackupRepository#restore}, which verifies the
 * backup, asks for confirmation and takes a safety backup first.
 */
public final class SqliteRestoreTarget implements RestoreTarget {

  private final String artifact;
  private final Path database;
  private final Duration busyTimeout;

  private SqliteRestoreTarget(String artifact, Path database, Duration busyTimeout) {
    this.artifact = Objects.requireNonNull(artifact, "artifact must not be null");
    this.database = Objects.requireNonNull(database, "database must not be null")
        .toAbsolutePath().normalize();
    this.busyTimeout = busyTimeout;
  }

  /** Restores the artifact named {@code artifact} into the database file {@code database}. */
  public static SqliteRestoreTarget of(String artifact, Path database) {
    return new SqliteRestoreTarget(artifact, database, Duration.ofSeconds(30));
  }

  @Override
  public String artifact() {
    return artifact;
  }

  @Override
  public String describe() {
    return "SQLite database " + database;
  }

  /** False when the database file does not exist (a new host), so there is nothing to keep. */
  @Override
  public boolean holdsData() {
    return Files.exists(database) || Files.exists(Path.of(database + "-wal"));
  }

  @Override
  public void restore(InputStream data, Artifact from) throws Exception {
    Path incoming = database.resolveSibling("." + database.getFileName() + ".runbook-restore-"
        + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(database.toAbsolutePath().getParent());
      Files.copy(data, incoming);
      try (Connection c = Sqlite.open(incoming, true, busyTimeout)) {
        List<String> problems = Sqlite.problems(c);
        if (!problems.isEmpty()) {
          throw new SQLException("the backup's copy of " + from.file() + " fails its checks, so "
              + database + " was left as it was: " + String.join("; ", problems));
        }
      }
      if (incoming.toString().contains("\"")) {
        throw new SQLException("cannot restore through a path with a double quote: " + incoming);
      }
      if (!holdsData()) {
        // a new host: no connection of the service's to respect; the checked copy becomes it
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(incoming,
            java.nio.file.StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(incoming, database, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } else {
        try (Connection c = Sqlite.open(database, false, busyTimeout);
            Statement s = c.createStatement()) {
          s.executeUpdate("restore from \"" + incoming + "\"");
        }
      }
      try (Connection c = Sqlite.open(database, true, busyTimeout)) {
        List<String> problems = Sqlite.problems(c);
        Map<String, Long> counts = Sqlite.counts(c);
        if (!problems.isEmpty() || !counts.equals(from.rowCounts())) {
          throw new SQLException("after restoring " + from.file() + " into " + database
              + " the database does not match the backup (problems " + problems + ", row counts "
              + counts + ", expected " + from.rowCounts() + "); the safety backup taken before"
              + " the restore holds the previous state");
        }
      }
    } finally {
      Sqlite.deleteQuietly(incoming);
    }
  }
}
