package dev.runbook.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.jdbc.TestDatabases;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The pages a backup streams are those of one read transaction, whatever writers and checkpoints
 * do while they stream: the stream stops after its first chunk (a latch), the test rewrites
 * every row, adds rows and checkpoints, then lets it go on; the copy must hold the rows as they
 * were when it began, pass {@code integrity_check}, and open as a plain rollback-journal file.
 */
class SnapshotStreamTest {

  private static final int ROWS = 3000;

  @TempDir Path dir;
  Path db;
  SQLiteDataSource ds;
  Connection keeper; // keeps the log from being checkpointed and removed on close
  final ExecutorService backups = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() throws Exception {
    backups.shutdownNow();
    if (keeper != null) {
      keeper.close();
    }
  }

  private void create(boolean wal) throws Exception {
    db = dir.resolve("library.db");
    ds = TestDatabases.sqlite(db, wal, 10_000);
    keeper = ds.getConnection();
    TestDatabases.exec(keeper, "PRAGMA wal_autocheckpoint=0",
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL)");
    keeper.setAutoCommit(false);
    try (PreparedStatement ps = keeper.prepareStatement("INSERT INTO books(title) VALUES (?)")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setString(1, "Book " + i + " " + "x".repeat(300));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    keeper.commit();
    keeper.setAutoCommit(true);
  }

  /** Rewrites every row, adds rows and checkpoints, as a busy service would. */
  private void rewriteEverything() throws Exception {
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c, "PRAGMA wal_autocheckpoint=0",
          "UPDATE books SET title = 'changed ' || id",
          "INSERT INTO books(title) SELECT 'new ' || id FROM books WHERE id <= 1000");
      if (isWal(c)) {
        try (Statement s = c.createStatement(); ResultSet rs =
            s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
          assertThat(rs.next()).isTrue();
        }
      }
    }
  }

  private static boolean isWal(Connection c) throws Exception {
    return "wal".equalsIgnoreCase(Sqlite.pragma(c, "journal_mode"));
  }

  /** Backs up into {@code copy}, stopping after the first chunk until the test has written. */
  private Map<String, Long> backupWhile(Path copy, Runnable meanwhile) throws Exception {
    CountDownLatch streaming = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    SqliteBackupSource source = SqliteBackupSource.builder("database", db).build();
    Future<ArtifactMetadata> backup = backups.submit(() -> {
      try (OutputStream file = new FileOutputStream(copy.toFile());
          OutputStream out = new FilterOutputStream(file) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
              if (streaming.getCount() > 0) {
                streaming.countDown();
                try {
                  assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                  throw new IOException(e);
                }
              }
            }
          }) {
        return source.write(out, dir);
      }
    });
    assertThat(streaming.await(30, TimeUnit.SECONDS)).as("the backup began streaming").isTrue();
    meanwhile.run();
    written.countDown();
    return backup.get(60, TimeUnit.SECONDS).rowCounts();
  }

  private static void assertIsTheSnapshot(Path copy) throws Exception {
    byte[] header = new byte[20];
    try (var in = Files.newInputStream(copy)) {
      assertThat(in.readNBytes(header, 0, 20)).isEqualTo(20);
    }
    assertThat(new String(header, 0, 15, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("SQLite format 3");
    assertThat(Arrays.copyOfRange(header, 18, 20)).as("rollback-journal file format")
        .containsExactly(1, 1);
    try (Connection c = Sqlite.open(copy, true, java.time.Duration.ofSeconds(5));
        Statement s = c.createStatement()) {
      assertThat(Sqlite.problems(c)).isEmpty();
      try (ResultSet rs = s.executeQuery("SELECT count(*), sum(title LIKE 'Book %'),"
          + " max(id) FROM books")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(ROWS);
        assertThat(rs.getLong(2)).as("rows as they were").isEqualTo(ROWS);
        assertThat(rs.getLong(3)).isEqualTo(ROWS);
      }
    }
    assertThat(Files.exists(Path.of(copy + "-wal"))).isFalse();
  }

  private static void unchecked(ThrowingRunnable r) {
    try {
      r.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void pagesStillInTheLogAreTakenFromItWhileACheckpointCopiesNewerOnes() throws Exception {
    create(true);
    assertThat(Files.size(Path.of(db + "-wal"))).as("the rows live in the log")
        .isGreaterThan(Files.size(db) * 10);
    Path copy = dir.resolve("copy.db");

    Map<String, Long> counts = backupWhile(copy, () -> unchecked(this::rewriteEverything));

    assertThat(counts).containsExactly(Map.entry("books", (long) ROWS));
    assertIsTheSnapshot(copy);
  }

  @Test
  void aLogRestartedUnderTheStreamIsNoticedAndTheFileTakenInstead() throws Exception {
    create(true);
    // everything checkpointed but the log kept: the reader reads the file alone, and the next
    // writer starts the log over from its first frame, over the frames the stream had listed
    try (Statement s = keeper.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
      assertThat(rs.getInt(2)).isEqualTo(rs.getInt(3)).isPositive();
    }
    byte[] saltsBefore = salts();
    Path copy = dir.resolve("copy.db");

    Map<String, Long> counts = backupWhile(copy, () -> unchecked(this::rewriteEverything));

    assertThat(salts()).as("the writer restarted the log").isNotEqualTo(saltsBefore);
    assertThat(counts).containsExactly(Map.entry("books", (long) ROWS));
    assertIsTheSnapshot(copy);
  }

  @Test
  void anotherProcessCannotCheckpointPastTheStreamWhileItReads() throws Exception {
    create(true);
    Path copy = dir.resolve("copy.db");
    String[] checkpoint = new String[1];

    // as a service beside `backup` on the command line: the other process rewrites every row and
    // asks for a checkpoint that empties the log, which the stream's read mark must refuse
    Map<String, Long> counts = backupWhile(copy, () -> unchecked(() -> checkpoint[0] =
        OtherProcess.run(db, "UPDATE books SET title = 'changed ' || id",
            "PRAGMA wal_checkpoint(TRUNCATE)")));

    assertThat(checkpoint[0]).as("busy|log|checkpointed: the checkpoint stopped at the snapshot")
        .startsWith("1|");
    assertThat(counts).containsExactly(Map.entry("books", (long) ROWS));
    assertIsTheSnapshot(copy);
  }

  private byte[] salts() throws IOException {
    byte[] header = Files.readAllBytes(Path.of(db + "-wal"));
    return Arrays.copyOfRange(header, 16, 24);
  }

  @Test
  void aRollbackJournalDatabaseIsReadAsItIsWhileWritersWait() throws Exception {
    create(false);
    Path copy = dir.resolve("copy.db");
    CountDownLatch wrote = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Map<String, Long> counts = backupWhile(copy, () -> writer.submit(() -> {
        unchecked(this::rewriteEverything); // waits for the stream's SHARED lock to go
        wrote.countDown();
      }));
      assertThat(counts).containsExactly(Map.entry("books", (long) ROWS));
      assertThat(wrote.await(30, TimeUnit.SECONDS)).as("the writer went on after").isTrue();
    } finally {
      writer.shutdownNow();
    }
    assertIsTheSnapshot(copy);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM books")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(ROWS + 1000);
    }
  }

  @Test
  void withoutAReadableWalIndexTheOnlineBackupApiCopiesInTheWorkFolder() throws Exception {
    create(true);
    assertThat(PageStream.capture(dir.resolve("elsewhere.db"), 4096, 1)).isNull();
    Path copy = dir.resolve("copy.db");
    Path work = Files.createDirectory(dir.resolve("work"));
    SqliteBackupSource source = SqliteBackupSource.builder("database", db).build();
    Map<String, Long> counts;
    try (Connection c = Sqlite.open(db, true, java.time.Duration.ofSeconds(5));
        OutputStream out = Files.newOutputStream(copy)) {
      counts = source.copyThroughBackupApi(c, "3", out, work).rowCounts();
    }
    assertThat(counts).containsExactly(Map.entry("books", (long) ROWS));
    assertIsTheSnapshot(copy);
    try (var left = Files.list(work)) {
      assertThat(left).as("the temporary copy is gone").isEmpty();
    }
  }

  @Test
  void aWriterHoldingTheWriteLockPastTheBusyTimeoutSendsTheCopyThroughTheBackupApi()
      throws Exception {
    create(true);
    try (Connection writer = ds.getConnection()) {
      writer.setAutoCommit(false);
      TestDatabases.exec(writer, "UPDATE books SET title = 'uncommitted' WHERE id <= 10");
      // the writer keeps its transaction open: the stream cannot take the lock for its instant
      Path copy = dir.resolve("copy.db");
      SqliteBackupSource source = SqliteBackupSource.builder("database", db)
          .busyTimeout(java.time.Duration.ofMillis(200)).build();
      Path work = Files.createDirectory(dir.resolve("work"));
      Map<String, Long> counts;
      try (OutputStream out = Files.newOutputStream(copy)) {
        counts = source.write(out, work).rowCounts();
      }
      writer.rollback();
      assertThat(counts).containsExactly(Map.entry("books", (long) ROWS));
      assertIsTheSnapshot(copy);
    }
  }
}
