package dev.runbook.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupException;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RestoreResult;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.jdbc.ContinuousWriter;
import dev.runbook.jdbc.RawSource;
import dev.runbook.jdbc.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the local PostgreSQL server with the real pg_dump and pg_restore. */
class PostgresBackupTest {

  @TempDir Path dir;
  PgDatabase admin;
  PgDatabase db;

  @BeforeEach
  void database() throws Exception {
    admin = TestDatabases.postgresAdmin();
    db = TestDatabases.createPostgres(admin, "runbook_backup_test");
    try (Connection c = db.connect()) {
      TestDatabases.exec(c,
          "CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL)",
          "CREATE TABLE books (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES"
              + " authors(id), title text)",
          "CREATE TABLE events (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(),"
              + " what text)",
          "CREATE SCHEMA app",
          "CREATE TABLE app.settings (key text PRIMARY KEY, value text)",
          "CREATE TABLE app.\"Mixed\" (id int PRIMARY KEY)",
          "INSERT INTO authors(name) SELECT 'author ' || g FROM generate_series(1, 200) g",
          "INSERT INTO books(author_id, title) SELECT 1 + g % 200, 'title ' || g"
              + " FROM generate_series(1, 2000) g",
          "INSERT INTO events(what) SELECT 'seed' FROM generate_series(1, 50)",
          "INSERT INTO app.settings VALUES ('a', '1'), ('b', '2')",
          "INSERT INTO app.\"Mixed\" VALUES (1), (2), (3)");
    }
  }

  @AfterEach
  void drop() throws Exception {
    if (db != null) {
      TestDatabases.dropPostgres(admin, db);
      assertThat(TestDatabases.databasesLike(admin, PostgresRestoreVerifier.SCRATCH_PREFIX))
          .as("no scratch database survives a drill").isEmpty();
    }
  }

  private BackupRepository repo(BackupSource source) {
    return BackupRepository.builder(dir.resolve("backups")).service("media").source(source)
        .build();
  }

  @Test
  void dumpAndDrillPassWithCountsFromTheDumpsOwnSnapshot() throws Exception {
    BackupRepository repo = repo(PostgresBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    var artifact = backup.manifest().artifacts().get(0);
    assertThat(artifact.file()).isEqualTo("database.dump.zst");
    assertThat(artifact.engine()).isEqualTo("PostgreSQL");
    assertThat(artifact.rowCounts()).containsExactly(
        Map.entry("app.Mixed", 3L), Map.entry("app.settings", 2L),
        Map.entry("public.authors", 200L), Map.entry("public.books", 2000L),
        Map.entry("public.events", 50L));

    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.PASS);
    assertThat(drill.artifacts().get(0).integrityChecks()).singleElement().asString()
        .contains("pg_restore --exit-on-error");
  }

  @Test
  void aSchemaSubsetBacksUpAndRestoresOnlyThoseSchemas() throws Exception {
    BackupRepository repo =
        repo(PostgresBackupSource.builder("settings", db).schemas("app").build());
    Backup backup = repo.backup();
    assertThat(backup.manifest().artifacts().get(0).rowCounts())
        .containsOnlyKeys("app.Mixed", "app.settings");
    assertThat(repo.restoreVerify(backup.id()).outcome()).isEqualTo(DrillOutcome.PASS);
  }

  @Test
  void aWriterInsertingThroughoutTheDumpNeverMakesTheCountsDisagree() throws Exception {
    try (ContinuousWriter writer = new ContinuousWriter(db::connect,
        "INSERT INTO events(what) VALUES (?)", (ps, n) -> ps.setString(1, "writer " + n))) {
      assertThat(writer.awaitWriting()).isTrue();
      BackupRepository repo = repo(PostgresBackupSource.builder("database", db).build());
      Backup backup = repo.backup();
      writer.backupDone();
      assertThat(writer.awaitWritingAfterBackup()).isTrue();
      writer.stop();

      long inDump = backup.manifest().artifacts().get(0).rowCounts().get("public.events");
      assertThat(inDump).isGreaterThanOrEqualTo(100);
      assertThat(count("events")).isGreaterThan(inDump);
      DrillReport drill = repo.restoreVerify(backup.id());
      assertThat(drill.outcome()).isEqualTo(DrillOutcome.PASS);
      assertThat(drill.artifacts().get(0).rowCounts()).anySatisfy(t -> {
        assertThat(t.table()).isEqualTo("public.events");
        assertThat(t.actual()).isEqualTo(inDump);
      });
    }
  }

  @Test
  void aTruncatedDumpFailsTheDrillWithPgRestoresReasonAndTheScratchDatabaseIsDropped()
      throws Exception {
    // The real dump, cut in half, with checksums that match the cut bytes.
    BackupRepository repo = repo(RawSource.truncated(
        PostgresBackupSource.builder("database", db).build(),
        PostgresRestoreVerifier.builder(admin).build(), 1, 2));
    Backup backup = repo.backup();
    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(drill.restoreResult()).isEqualTo(RestoreResult.FAILED);
    assertThat(drill.artifacts().get(0).error()).contains("pg_restore");
    assertThat(TestDatabases.databasesLike(admin, PostgresRestoreVerifier.SCRATCH_PREFIX))
        .isEmpty();
  }

  @Test
  void aFlippedByteInTheStoredDumpFailsVerifyAndTheDrillNamingTheFile() throws Exception {
    BackupRepository repo = repo(PostgresBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    Path file = backup.folder().resolve("database.dump.zst");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    assertThat(repo.verify(backup.id()).isBad("database.dump.zst")).isTrue();
    DrillReport drill = repo.restoreVerify(backup.id());
    assertThat(drill.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(drill.problems()).anySatisfy(p -> assertThat(p.toString())
        .contains("database.dump.zst"));
  }

  @Test
  void realRestoreReplacesTheDatabaseInOneTransactionAfterASafetyBackup() throws Exception {
    PgTools tools = PgTools.onPath();
    BackupRepository repo = repo(PostgresBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    try (Connection c = db.connect()) {
      TestDatabases.exec(c, "DELETE FROM books", "INSERT INTO app.settings VALUES ('c', '3')");
    }
    repo.restore(backup.id(), PostgresRestoreTarget.of("database", db, tools), backup.id());
    assertThat(count("books")).isEqualTo(2000);
    assertThat(count("app.settings")).isEqualTo(2);
    assertThat(repo.list()).hasSize(2);
  }

  @Test
  void anOlderPgDumpThanTheServerFailsSayingWhatToInstall() throws Exception {
    Path tools = dir.resolve("old-tools");
    fakeTool(tools, "pg_dump", "echo 'pg_dump (PostgreSQL) 9.6.24'");
    BackupRepository repo =
        repo(PostgresBackupSource.builder("database", db).tools(PgTools.in(tools)).build());
    assertThatThrownBy(repo::backup).isInstanceOf(BackupException.class)
        .hasMessageContaining("pg_dump 9 (" + tools.resolve("pg_dump"))
        .hasMessageContaining("is older than the server")
        .hasMessageContaining("client tools (or newer)");
  }

  @Test
  void thePasswordReachesPgDumpOnlyThroughAPrivatePassFile() throws Exception {
    Path tools = dir.resolve("spy-tools");
    Path seen = dir.resolve("seen.txt");
    fakeTool(tools, "pg_dump", "if [ \"$1\" = --version ]; then exec /usr/bin/env pg_dump"
        + " --version; fi\n"
        + "{ echo \"args: $*\"; stat -c 'mode: %a' \"$PGPASSFILE\"; cat \"$PGPASSFILE\";"
        + " echo \"file: $PGPASSFILE\"; echo \"env: ${PGPASSWORD:-none}\"; } > '" + seen + "'\n"
        + "echo 'spy: refusing to dump' >&2; exit 3");
    PgDatabase withPassword = PgDatabase.builder(db.database()).host(db.host()).port(db.port())
        .user(db.user()).password("s3cr:et\\pw").build();
    BackupRepository repo = repo(PostgresBackupSource.builder("database", withPassword)
        .tools(PgTools.in(tools)).build());
    assertThatThrownBy(repo::backup).hasMessageContaining("spy: refusing to dump")
        .hasMessageContaining("exited with 3");
    String record = Files.readString(seen);
    assertThat(record).contains("--format=custom", "--snapshot=", "--no-password")
        .contains("mode: 600").contains("*:*:*:postgres:s3cr\\:et\\\\pw")
        .contains("env: none");
    assertThat(record.lines().filter(l -> l.startsWith("args:"))).singleElement().asString()
        .doesNotContain("s3cr");
    String passFile = record.lines().filter(l -> l.startsWith("file: ")).findFirst()
        .orElseThrow().substring(6);
    assertThat(Path.of(passFile)).as("deleted after the run").doesNotExist();
  }

  @Test
  void aMissingToolIsNamedWithWhereItWasLookedFor() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    BackupRepository repo =
        repo(PostgresBackupSource.builder("database", db).tools(PgTools.in(empty)).build());
    assertThatThrownBy(repo::backup).hasMessageContaining("pg_dump not found in " + empty);
  }

  @Test
  void jdbcUrlsAreReadAsTheDriverReadsThemAndBadOnesAreNamedWithoutTheirPassword() {
    PgDatabase parsed = PgDatabase.fromJdbcUrl(
        "jdbc:postgresql://db.internal:6543/media?user=ingest&password=hunter2");
    assertThat(parsed.host()).isEqualTo("db.internal");
    assertThat(parsed.port()).isEqualTo(6543);
    assertThat(parsed.database()).isEqualTo("media");
    assertThat(parsed.user()).isEqualTo("ingest");
    assertThat(parsed.toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> PgDatabase.fromJdbcUrl("jdbc:mysql://x/y?password=hunter2"))
        .hasMessageContaining("is not a PostgreSQL JDBC URL")
        .hasMessageNotContaining("hunter2");
  }

  /** Holds the watchdogs it is given instead of running them: the test says when time is up. */
  static final class HeldTimer extends java.util.concurrent.ScheduledThreadPoolExecutor {
    final java.util.List<Runnable> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    HeldTimer() {
      super(1);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay,
        java.util.concurrent.TimeUnit unit) {
      held.add(command);
      return super.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.DAYS);
    }
  }

  @Test
  void aToolPastItsTimeLimitIsKilledWithWhatItStartedAndTheBackupSaysSo() throws Exception {
    Path tools = dir.resolve("hung-tools");
    Path child = dir.resolve("child.pid");
    // a pg_dump that hangs in a child process of its own, as a stuck network read would
    fakeTool(tools, "pg_dump", "if [ \"$1\" = --version ]; then exec /usr/bin/env pg_dump"
        + " --version; fi\nsleep 600 &\necho $! > '" + child + "'\nwait");
    HeldTimer timer = new HeldTimer();
    java.util.concurrent.ExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      BackupRepository repo = repo(PostgresBackupSource.builder("database", db)
          .tools(PgTools.in(tools).timeLimit(java.time.Duration.ofHours(1)).timer(timer))
          .build());
      java.util.concurrent.Future<Backup> backup =
          thread.submit((java.util.concurrent.Callable<Backup>) repo::backup);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(child) && Files.size(child) > 0) || timer.held.isEmpty()) {
        assertThat(System.nanoTime()).as("the hung pg_dump started").isLessThan(deadline);
        Thread.onSpinWait(); // the tool's own progress, not time, is awaited
      }
      long pid = Long.parseLong(Files.readString(child).trim());

      timer.held.forEach(Runnable::run); // the hour is up

      assertThatThrownBy(() -> backup.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .hasCauseInstanceOf(BackupException.class)
          .hasMessageContaining("did not finish within its time limit of PT1H and was killed"
              + " with every process it started");
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(
          java.util.Optional.of(true));
      assertThat(repo.list()).isEmpty();
    } finally {
      thread.shutdownNow();
      timer.shutdownNow();
    }
  }

  @Test
  void aDrillWithoutPgRestoreIsInconclusiveNotFailed() throws Exception {
    BackupRepository repo = repo(PostgresBackupSource.builder("database", db).build());
    Backup backup = repo.backup();
    Path empty = Files.createDirectories(dir.resolve("no-tools"));
    BackupRepository elsewhere = BackupRepository.builder(dir.resolve("backups"))
        .service("media").source(PostgresBackupSource.builder("database", db).build())
        .verifier(PostgresRestoreVerifier.builder(db).tools(PgTools.in(empty)).build()).build();

    DrillReport drill = elsewhere.restoreVerify(backup.id());

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.INCONCLUSIVE);
    assertThat(drill.artifacts().get(0).error()).startsWith("not restored: pg_restore not found"
        + " in " + empty);
  }

  private static void fakeTool(Path folder, String name, String body) throws Exception {
    Files.createDirectories(folder);
    Path tool = folder.resolve(name);
    Files.writeString(tool, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
  }

  private long count(String table) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
