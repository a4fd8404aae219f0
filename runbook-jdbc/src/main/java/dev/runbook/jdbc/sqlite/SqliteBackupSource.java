package dev.runbook.jdbc.sqlite;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.jdbc.internal.Identifiers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A consistent online backup of one SQLite database file, as a plain SQLite file that {@code
 * sqlite3} opens.
 *
 * <p>It copies the database with SQLite's online backup API in a single step, on a read-only
 * connection of its own: one read transaction, so in WAL mode writers go on while it runs and the
 * copy is the database as of one moment (a page copy, faster than {@code VACUUM INTO}'s
 * rebuild). The copy is written to a temporary file inside the backup's staging folder (or in
 * {@link Builder#workFolder}), so a crash leaves it only where the next backup removes it, then
 * checked before a byte of it is used: it must open, pass {@code PRAGMA quick_check}, and the row
 * counts in the manifest are counted in the copy itself, so they match what a restore will find.
 * Then it is streamed into the backup and deleted.
 *
 * <p>In rollback-journal mode (not WAL) SQLite lets no writer in while the copy is read; {@link
 * dev.runbook.jdbc.SqliteCheck} reports that mode as degraded.
 *
 * <pre>{@code
 * BackupRepository.builder(dataDir.resolve("backups"))
 *     .source(SqliteBackupSource.builder("database", dataDir.resolve("library.db")).build())
 *     .build();
 * }</pre>
 */
public final class SqliteBackupSource implements BackupSource {

  private final String name;
  private final Path database;
  private final Path workFolder;
  private final Duration busyTimeout;

  private SqliteBackupSource(Builder b) {
    this.name = b.name;
    this.database = b.database;
    this.workFolder = b.workFolder;
    this.busyTimeout = b.busyTimeout;
  }

  public static Builder builder(String name, Path database) {
    return new Builder(name, database);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return Sqlite.KIND;
  }

  @Override
  public String extension() {
    return "sqlite";
  }

  @Override
  public Optional<RestoreVerifier> verifier() {
    return Optional.of(new SqliteRestoreVerifier());
  }

  /** The database and its write-ahead log: what the copy and the artifact may each take. */
  @Override
  public long expectedBytes() {
    long size = sizeOrZero(database) + sizeOrZero(Path.of(database + "-wal"));
    return workFolder == null ? 2 * size : size;
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Copies into the database's own folder, or the work folder if one was set. */
  @Override
  public ArtifactMetadata write(OutputStream out) throws SQLException, IOException {
    return write(out, (Path) null);
  }

  /** Copies into {@code work}, inside the backup's staging folder, unless a work folder was set. */
  @Override
  public ArtifactMetadata write(OutputStream out, Path work) throws SQLException, IOException {
    Path folder = workFolder != null ? workFolder : work != null ? work : database.getParent();
    Path copy = folder.resolve("." + database.getFileName() + ".runbook-backup-"
        + UUID.randomUUID() + ".tmp");
    try {
      String version;
      try (Connection c = Sqlite.open(database, true, busyTimeout)) {
        version = Sqlite.version(c);
        // SQLite's online backup API in one step: the pages of one read transaction, copied as
        // they are (no rebuild, unlike VACUUM INTO), while WAL-mode writers go on
        int rc = c.unwrap(org.sqlite.SQLiteConnection.class).getDatabase()
            .backup("main", copy.toString(), null, 100, 3, -1);
        if (rc != 0) {
          throw new SQLException("the SQLite backup API copying " + database + " to " + copy
              + " ended with code " + rc);
        }
      }
      if (!Files.isRegularFile(copy) || Files.size(copy) == 0) {
        throw new SQLException("the SQLite backup API reported success but wrote no file at "
            + copy + "; the backup of " + database + " is not usable");
      }
      // the copy carries the database's WAL flag; a plain rollback-journal file opens read-only
      // without -wal and -shm files beside it, and restores anywhere as a single file
      try (Connection c = Sqlite.open(copy, false, busyTimeout);
          Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=DELETE");
      }
      Map<String, Long> counts;
      try (Connection c = Sqlite.open(copy, true, busyTimeout);
          Statement s = c.createStatement()) {
        List<String> bad = new java.util.ArrayList<>();
        try (var rs = s.executeQuery("PRAGMA quick_check")) {
          while (rs.next()) {
            if (!"ok".equalsIgnoreCase(rs.getString(1))) {
              bad.add(rs.getString(1));
            }
          }
        }
        if (!bad.isEmpty()) {
          throw new SQLException("the copy of " + database + " fails PRAGMA quick_check: "
              + String.join("; ", bad) + "; the database itself may be damaged: run PRAGMA"
              + " integrity_check on it");
        }
        counts = Sqlite.counts(c);
      }
      Files.copy(copy, out);
      return new ArtifactMetadata(Sqlite.ENGINE, version, counts);
    } finally {
      Sqlite.deleteQuietly(copy);
    }
  }

  /** Settings of a {@link SqliteBackupSource}. */
  public static final class Builder {
    private final String name;
    private final Path database;
    private Path workFolder;
    private Duration busyTimeout = Duration.ofSeconds(30);

    private Builder(String name, Path database) {
      this.name = Objects.requireNonNull(name, "name must not be null");
      this.database = Objects.requireNonNull(database, "database must not be null")
          .toAbsolutePath().normalize();
    }

    /**
     * Where the temporary copy is written; default the backup's staging folder, which the
     * repository removes after a crash. Set it only to put the copy on another disk; a copy left
     * there by a crash is then the operator's to remove.
     */
    public Builder workFolder(Path folder) {
      this.workFolder = Objects.requireNonNull(folder, "workFolder must not be null")
          .toAbsolutePath().normalize();
      return this;
    }

    /** How long the copy waits for a lock before failing; default 30 s. */
    public Builder busyTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "busyTimeout must not be null");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("busyTimeout must not be negative; it was " + timeout);
      }
      this.busyTimeout = timeout;
      return this;
    }

    public SqliteBackupSource build() {
      return new SqliteBackupSource(this);
    }
  }
}
