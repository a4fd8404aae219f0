package dev.runbook.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.Artifact;
import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupException;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.report.ArtifactDrill;
import dev.runbook.backup.report.CheckStatus;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RestoreResult;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.jdbc.ContinuousWriter;
import dev.runbook.jdbc.RawSource;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.WatchedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackupTest {

  @TempDir Path dir;
  Path db;
  DataSource ds;

  @BeforeEach
  void library() throws Exception {
    db = dir.resolve("library.db");
    ds = TestDatabases.sqlite(db, true, 10_000);
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c,
          "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
          "CREATE TABLE loans (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL REFERENCES"
              + " books(id), member TEXT)",
          "CREATE INDEX loans_book ON loans(book_id)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO books(title) VALUES (?)")) {
        for (int i = 0; i < 500; i++) {
          ps.setString(1, "Book " + i + " " + "x".repeat(200));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      TestDatabases.exec(c, "INSERT INTO loans(book_id, member) SELECT id, 'ada' FROM books"
          + " WHERE id % 5 = 0");
    }
  }

  private BackupRepository repo(BackupSource source) {
    return BackupRepository.builder(dir.resolve("backups")).service("library").source(source)
        .build();
  }

  @Test
  void thePagesStreamWithNoTemporaryCopySoACrashLeavesOnlyTheStagingFolder() throws Exception {
    SqliteBackupSource sqlite = SqliteBackupSource.builder("database", db).build();
    java.util.List<String> seen = new java.util.ArrayList<>();
    BackupSource watched = new WatchedSource(sqlite, (out, work) ->
        new java.io.FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws java.io.IOException {
            if (seen.isEmpty()) { // while the pages stream: what is on disk?
              seen.add(work.getParent().getFileName().toString());
              try (Stream<Path> files = Stream.concat(Files.list(work), Files.list(dir))) {
                files.map(p -> dir.relativize(p).toString()).sorted().forEach(seen::add);
              }
            }
            out.write(b, off, len);
          }
        });

    Backup backup = repo(watched).backup();

    assertThat(seen.get(0)).startsWith(".staging-" + backup.id());
    assertThat(seen.subList(1, seen.size()))
        .containsExactly("backups", "library.db", "library.db-shm", "library.db-wal");
    // the artifact alone: at most the database and its log, asked of the disk up front
    assertThat(sqlite.expectedBytes())
        .isEqualTo(Files.size(db) + Files.size(dir.resolve("library.db-wal")));
  }

  @Test
  void backupAndDrillPassWithCountsFromTheCopy() throws Exception {
    BackupRepository repo = repo(SqliteBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    Artifact a = backup.manifest().artifacts().get(0);
    assertThat(a.kind()).isEqualTo("sqlite");
    assertThat(a.file()).isEqualTo("database.sqlite.zst");
    assertThat(a.engine()).isEqualTo("SQLite");
    assertThat(a.engineVersion()).matches("3\\.\\d+\\.\\d+");
    assertThat(a.rowCounts()).containsExactly(
        java.util.Map.entry("books", 500L), java.util.Map.entry("loans", 100L));

    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.PASS);
    ArtifactDrill ad = drill.artifacts().get(0);
    assertThat(ad.integrityChecks()).containsExactly("PRAGMA integrity_check",
        "PRAGMA foreign_key_check");
    assertThat(ad.integrityStatus()).isEqualTo(CheckStatus.PASS);
    assertThat(ad.rowCountCheck()).isEqualTo(CheckStatus.PASS);
    // No temporary copy is left beside the database.
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("runbook-backup"));
    }
  }

  @Test
  void aWriterInsertingThroughoutTheBackupNeverMakesTheCountsDisagree() throws Exception {
    try (ContinuousWriter writer = new ContinuousWriter(ds::getConnection,
        "INSERT INTO loans(book_id, member) VALUES (?, 'writer')",
        (ps, n) -> ps.setLong(1, 1 + n % 500))) {
      assertThat(writer.awaitWriting()).isTrue();
      BackupRepository repo = repo(SqliteBackupSource.builder("database", db).build());
      Backup backup = repo.backup();
      long insertedAtEnd = writer.inserted();
      writer.backupDone();
      assertThat(writer.awaitWritingAfterBackup()).as("the writer was never starved").isTrue();
      writer.stop();

      long inBackup = backup.manifest().artifacts().get(0).rowCounts().get("loans");
      assertThat(inBackup).isBetween(100L + 50, 100L + insertedAtEnd);
      assertThat(count("loans")).isGreaterThan(inBackup);

      DrillReport drill = repo.restoreVerify(backup.id());
      assertThat(drill.outcome()).isEqualTo(DrillOutcome.PASS);
      assertThat(drill.artifacts().get(0).rowCounts())
          .anySatisfy(t -> {
            assertThat(t.table()).isEqualTo("loans");
            assertThat(t.actual()).isEqualTo(inBackup);
          });
    }
  }

  /** A damaged SQLite file stored as if it were a good backup, so checksums match it. */
  private static RawSource damagedSqlite(byte[] bytes) {
    return new RawSource("sqlite", "sqlite", new SqliteRestoreVerifier(), out -> {
      out.write(bytes);
      return new ArtifactMetadata("SQLite", "3", java.util.Map.of("books", 500L, "loans", 100L));
    });
  }

  @Test
  void aCorruptedDatabaseFailsTheDrillWithIntegrityCheckSaying() throws Exception {
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    byte[] bytes = Files.readAllBytes(db);
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
    // Scribble over the middle of the second page onwards (table b-tree pages), keeping the header.
    for (int i = pageSize + 8; i < Math.min(bytes.length, pageSize * 6); i += 7) {
      bytes[i] = (byte) 0xA5;
    }
    BackupRepository repo = repo(damagedSqlite(bytes));
    Backup backup = repo.backup();
    assertThat(repo.verify(backup.id()).passed()).as("the bytes are as written").isTrue();

    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    ArtifactDrill ad = drill.artifacts().get(0);
    String said = String.join(" ", ad.integrityProblems()) + " " + ad.error();
    assertThat(said).containsAnyOf("integrity_check", "malformed", "not a database");
  }

  @Test
  void notADatabaseAtAllFailsTheRestoreWithTheReason() throws Exception {
    BackupRepository repo = repo(damagedSqlite("this is not sqlite".repeat(100).getBytes()));
    Backup backup = repo.backup();
    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(drill.restoreResult()).isEqualTo(RestoreResult.FAILED);
    assertThat(drill.artifacts().get(0).error()).contains("is not a readable SQLite database");
  }

  @Test
  void aMissingDatabaseFailsTheBackupNamingThePath() {
    BackupRepository repo =
        repo(SqliteBackupSource.builder("database", dir.resolve("nope.db")).build());
    assertThatThrownBy(repo::backup).isInstanceOf(BackupException.class)
        .hasMessageContaining("nope.db does not exist");
    assertThat(dir.resolve("nope.db")).doesNotExist();
  }

  @Test
  void realRestoreBringsBackTheRowsThroughTheLiveConnectionsAfterASafetyBackup()
      throws Exception {
    BackupRepository repo = repo(SqliteBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c, "DELETE FROM loans", "DELETE FROM books WHERE id > 10");
    }
    try (Connection live = ds.getConnection()) {
      repo.restore(backup.id(), SqliteRestoreTarget.of("database", db), backup.id());
      // A connection opened before the restore sees the restored rows.
      assertThat(count(live, "books")).isEqualTo(500);
      assertThat(count(live, "loans")).isEqualTo(100);
    }
    assertThat(repo.list()).hasSize(2);
    Backup safety = repo.list().stream().filter(b -> !b.id().equals(backup.id())).findFirst()
        .orElseThrow();
    assertThat(safety.manifest().artifacts().get(0).rowCounts()).containsEntry("loans", 0L);
  }

  @Test
  void realRestoreWithoutTheConfirmationChangesNothing() throws Exception {
    BackupRepository repo = repo(SqliteBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    try (Connection c = ds.getConnection()) {
      TestDatabases.exec(c, "DELETE FROM loans");
    }
    assertThatThrownBy(() ->
        repo.restore(backup.id(), SqliteRestoreTarget.of("database", db), "yes"))
        .hasMessageContaining(backup.id());
    assertThat(count("loans")).isZero();
  }

  private long count(String table) throws Exception {
    try (Connection c = ds.getConnection()) {
      return count(c, table);
    }
  }

  private static long count(Connection c, String table) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
