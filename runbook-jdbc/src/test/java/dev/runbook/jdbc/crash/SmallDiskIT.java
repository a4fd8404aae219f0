package dev.runbook.jdbc.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.BackupException;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real file system too small for the work: a 1 MiB tmpfs, mounted by the test (it needs root,
 * as CI has; elsewhere it is skipped with the reason, never under {@code CI=true}). A backup that
 * cannot fit fails before it writes a byte, naming the folder and the bytes; a drill whose scratch
 * folder is there is inconclusive, saying why.
 */
class SmallDiskIT {

  @TempDir Path tmp;
  Path small;
  Path db;

  @BeforeEach
  void mountAndFill() throws Exception {
    small = Files.createDirectories(tmp.resolve("small"));
    String problem = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
    if (problem != null) {
      assertThat(System.getenv("CI")).as("under CI=true the tmpfs must mount: " + problem)
          .isNotEqualToIgnoringCase("true");
      System.out.println("SKIPPED: cannot mount a small tmpfs here (" + problem + ")");
      Assumptions.abort("cannot mount a small tmpfs: " + problem);
    }
    db = tmp.resolve("library.db");
    try (Connection c = TestDatabases.sqlite(db, true, 10_000).getConnection()) {
      TestDatabases.exec(c, "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO books(title) VALUES (?)")) {
        for (int i = 0; i < 4_000; i++) {
          ps.setString(1, "Book " + i + " " + "x".repeat(300));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  @AfterEach
  void unmount() throws Exception {
    if (small != null) {
      run("umount", small.toString());
    }
  }

  /** Runs a command; null when it exited 0, else what it said. */
  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not finish";
    }
    return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + out;
  }

  @Test
  void aBackupTheDiskCannotHoldFailsAtOnceNamingThePathAndTheBytes() throws Exception {
    Path root = small.resolve("backups");
    BackupRepository repo = BackupRepository.builder(root)
        .source(SqliteBackupSource.builder("database", db).build()).build();
    Path wal = Path.of(db + "-wal");
    // the artifact at most: the pages stream into it with no temporary copy
    long needed = Files.size(db) + (Files.exists(wal) ? Files.size(wal) : 0);

    assertThatThrownBy(repo::backup).isInstanceOf(BackupException.class)
        .hasMessageContaining("not enough free space for backup ")
        .hasMessageContaining(" in " + root + ": it needs about " + needed + " bytes")
        .hasMessageContaining("are free; free space there, or point the repository at a larger"
            + " disk");
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsOnly(".lock");
    }
  }

  @Test
  void aDrillWithTooSmallAScratchFolderIsInconclusive() {
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .source(SqliteBackupSource.builder("database", db).build()).scratch(small).build();
    String id = repo.backup().id();

    DrillReport drill = repo.restoreVerify(id);

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.INCONCLUSIVE);
    assertThat(drill.artifacts().get(0).error())
        .startsWith("not restored: the scratch folder " + small + " has ")
        .contains("DRILL_SCRATCH_DIR");
  }
}
