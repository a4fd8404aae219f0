package dev.runbook.jdbc.sqlite;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.jdbc.internal.Identifiers;
import dev.runbook.jdbc.internal.SideTask;
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
 * <p>It reads one read transaction's pages straight from the database file (and, in WAL mode,
 * the write-ahead log) into the backup's compression and hashing, so the copy, the compression
 * and the hashing overlap and no temporary copy takes disk: a crash mid-way leaves only the
 * staging folder, which the next backup removes. In WAL mode a connection of its own holds the
 * write lock for the instant the transaction starts and the log's frame headers are read
 * (milliseconds); writers then go on while the pages stream, appending to the log, which cannot
 * start over while the transaction lives: a thread keeps synced room at its end meanwhile, so
 * that their commits do not each pay for the file's growth ({@code WalHeadroom}). The row counts
 * in the manifest are counted in the same transaction, on another thread, so they match what a
 * restore finds. The copy carries the rollback-journal flag, so it opens without {@code -wal} or
 * {@code -shm} files.
 *
 * <p>When the WAL index cannot be read (another VFS, an exclusive locking mode) or the write lock
 * cannot be had for that instant (a read-only file, a writer holding it past the busy timeout),
 * it falls back to SQLite's online backup API: a copy in the staging folder (or {@link
 * Builder#workFolder}), counted, streamed into the backup and deleted.
 *
 * <p>In rollback-journal mode (not WAL) SQLite lets no writer in while the pages are read;
 * {@link dev.runbook.jdbc.SqliteCheck} reports that mode as degraded.
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
  private final boolean logRoom;

  private SqliteBackupSource(Builder b) {
    this.name = b.name;
    this.database = b.database;
    this.workFolder = b.workFolder;
    this.busyTimeout = b.busyTimeout;
    this.logRoom = b.logRoom;
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

  /**
   * The database and its write-ahead log: the most the artifact can take (the pages stream into
   * it, with no temporary copy).
   */
  @Override
  public long expectedBytes() {
    return sizeOrZero(database) + sizeOrZero(Path.of(database + "-wal"));
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** As {@link #write(OutputStream, Path)}; a fallback copy goes to the database's own folder. */
  @Override
  public ArtifactMetadata write(OutputStream out) throws SQLException, IOException {
    return write(out, (Path) null);
  }

  /**
   * Streams the pages of one read transaction into {@code out} while the row counts are taken in
   * the same transaction on another thread; {@code work} is used only when the WAL index cannot be
   * read (see the class comment), for the online backup API's copy.
   */
  @Override
  public ArtifactMetadata write(OutputStream out, Path work) throws SQLException, IOException {
    try (Connection reader = Sqlite.open(database, true, busyTimeout)) {
      String version = Sqlite.version(reader);
      boolean wal = "wal".equalsIgnoreCase(Sqlite.pragma(reader, "journal_mode"));
      reader.setAutoCommit(false);
      PageStream pages;
      try {
        pages = wal ? snapshotUnderWriteLockOrNull(reader) : snapshot(reader, false);
        if (pages == null) {
          reader.rollback();
          reader.setAutoCommit(true);
          return copyThroughBackupApi(reader, version, out, work);
        }
        // while this transaction holds the log, writers append to it: room ahead of them
        WalHeadroom headroom = wal && logRoom ? WalHeadroom.start(database) : null;
        try {
          SideTask<Map<String, Long>> counting = SideTask.start("runbook-sqlite-counts",
              "counting the rows of the backup", () -> Sqlite.counts(reader));
          boolean streamed = false;
          try {
            pages.writeTo(out);
            streamed = true;
          } finally {
            if (!streamed) {
              counting.joinQuietly(); // the reader is busy until the count ends
            }
          }
          return new ArtifactMetadata(Sqlite.ENGINE, version, counting.join());
        } finally {
          if (headroom != null) {
            headroom.close();
          }
        }
      } finally {
        if (!reader.getAutoCommit()) {
          reader.rollback();
        }
      }
    }
  }

  /**
   * {@link #snapshotUnderWriteLock}, or null when the write lock cannot be had (a read-only file
   * or folder, a writer holding it past the busy timeout): the online backup API then copies with
   * a read transaction alone.
   */
  private PageStream snapshotUnderWriteLockOrNull(Connection reader) throws IOException {
    try {
      return snapshotUnderWriteLock(reader);
    } catch (SQLException e) {
      return null;
    }
  }

  /**
   * Starts the reader's transaction while a connection of ours holds the write lock, and reads
   * the WAL index in that instant, so the frames the stream takes are exactly the reader's. The
   * lock is held for the reading of the log's frame headers, milliseconds for a log of a few MB.
   */
  private PageStream snapshotUnderWriteLock(Connection reader) throws SQLException, IOException {
    try (Connection writer = Sqlite.open(database, false, busyTimeout);
        Statement s = writer.createStatement()) {
      Sqlite.spinForLocks(writer, busyTimeout);
      s.execute("BEGIN IMMEDIATE");
      try {
        return snapshot(reader, true);
      } finally {
        s.execute("ROLLBACK");
      }
    }
  }

  /** Reads a page in the reader's transaction, which fixes its snapshot, and measures it. */
  private PageStream snapshot(Connection reader, boolean wal) throws SQLException, IOException {
    long pageCount = Long.parseLong(Sqlite.pragma(reader, "page_count"));
    int pageSize = Integer.parseInt(Sqlite.pragma(reader, "page_size"));
    return wal ? PageStream.capture(database, pageSize, pageCount)
        : PageStream.ofFile(database, pageSize, pageCount);
  }

  /**
   * The way when the WAL index cannot be read (another VFS, an exclusive locking mode): SQLite's
   * online backup API copies one read transaction's pages into a file in {@code work}, which is
   * checked, counted and streamed into the backup, then deleted.
   */
  ArtifactMetadata copyThroughBackupApi(Connection c, String version, OutputStream out,
      Path work) throws SQLException, IOException {
    Path folder = workFolder != null ? workFolder : work != null ? work : database.getParent();
    Path copy = folder.resolve("." + database.getFileName() + ".runbook-backup-"
        + UUID.randomUUID() + ".tmp");
    try {
      long needed = sizeOrZero(database) + sizeOrZero(Path.of(database + "-wal"));
      long free = Files.getFileStore(folder).getUsableSpace();
      if (free < needed) {
        throw new IOException("not enough free space in " + folder + " for the temporary copy of "
            + database + ": it needs about " + needed + " bytes, " + free + " bytes are free;"
            + " free space there or set the source's workFolder to a larger disk");
      }
      int rc = c.unwrap(org.sqlite.SQLiteConnection.class).getDatabase()
          .backup("main", copy.toString(), null, 100, 3, -1);
      if (rc != 0) {
        throw new SQLException("the SQLite backup API copying " + database + " to " + copy
            + " ended with code " + rc);
      }
      if (!Files.isRegularFile(copy) || Files.size(copy) == 0) {
        throw new SQLException("the SQLite backup API reported success but wrote no file at "
            + copy + "; the backup of " + database + " is not usable");
      }
      // a plain rollback-journal file opens without -wal and -shm files beside it
      try (Connection w = Sqlite.open(copy, false, busyTimeout);
          Statement s = w.createStatement()) {
        s.execute("PRAGMA journal_mode=DELETE");
      }
      Map<String, Long> counts;
      try (Connection r = Sqlite.open(copy, true, busyTimeout)) {
        counts = Sqlite.counts(r);
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
    private boolean logRoom = true;

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

    /**
     * Whether, in WAL mode, room is kept at the log's end while the pages stream, so that the
     * service's writers overwrite synced zeros instead of growing the file at every commit;
     * default true. The room is at most 32 MiB past the writers' last frame, never the file
     * system's last 256 MiB, and SQLite reuses it afterwards. Turn it off only where those MiB
     * matter more than the writers' commits during a backup.
     */
    public Builder logRoom(boolean keep) {
      this.logRoom = keep;
      return this;
    }

    public SqliteBackupSource build() {
      return new SqliteBackupSource(this);
    }
  }
}
