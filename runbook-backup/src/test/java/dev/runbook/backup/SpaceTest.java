package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RestoreResult;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreUnavailableException;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk too small and a drill with nowhere to run: an early error that names the path and the
 * bytes, and a drill that says it proved nothing rather than that the backup failed.
 */
class SpaceTest {

  /** More than any disk this test runs on has free. */
  static final long HUGE = 1L << 60;

  @TempDir Path tmp;

  /** A text source that says it needs {@code expected} bytes. */
  static BackupSource needing(long expected) {
    BackupSource text = Fixtures.textSource("notes", "text", "a\n", 1);
    return new BackupSource() {
      @Override
      public String name() {
        return text.name();
      }

      @Override
      public String kind() {
        return text.kind();
      }

      @Override
      public String extension() {
        return text.extension();
      }

      @Override
      public ArtifactMetadata write(OutputStream out) throws Exception {
        return text.write(out);
      }

      @Override
      public long expectedBytes() {
        return expected;
      }
    };
  }

  /** The line counter, needing {@code scratch} bytes or failing to start with {@code why}. */
  static RestoreVerifier verifier(long scratch, String why) {
    RestoreVerifier lines = Fixtures.lineCounter("text");
    return new RestoreVerifier() {
      @Override
      public String kind() {
        return "text";
      }

      @Override
      public RestoreCheck restore(RestoreContext context) throws Exception {
        if (why != null) {
          throw new RestoreUnavailableException(why);
        }
        return lines.restore(context);
      }

      @Override
      public long scratchBytes(Artifact artifact) {
        return scratch;
      }
    };
  }

  @Test
  void shouldRefuseABackupTheDiskCannotHoldNamingThePathAndTheBytes() throws Exception {
    Path root = tmp.resolve("backups");
    BackupRepository repo = BackupRepository.builder(root).source(needing(HUGE)).build();

    assertThatThrownBy(repo::backup).isInstanceOf(BackupException.class)
        .hasMessageContaining("not enough free space for backup ")
        .hasMessageContaining(" in " + root + ": it needs about " + HUGE + " bytes (")
        .hasMessageContaining("bytes (")
        .hasMessageContaining("are free; free space there, or point the repository at a larger"
            + " disk");
    assertThat(repo.list()).isEmpty();
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".staging-"));
    }
  }

  @Test
  void shouldTakeABackupThatFits() {
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .source(needing(1024)).build();

    assertThat(repo.backup().manifest().artifacts()).hasSize(1);
  }

  @Test
  void shouldRecordADrillWithTooLittleScratchSpaceAsInconclusiveSayingWhy() {
    Path scratch = tmp.resolve("scratch");
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .source(Fixtures.textSource("notes", "text", "a\n", 1)).scratch(scratch)
        .verifier(verifier(HUGE, null)).build();
    Backup backup = repo.backup();

    DrillReport drill = repo.restoreVerify(backup.id());

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.INCONCLUSIVE);
    assertThat(drill.restoreResult()).isEqualTo(RestoreResult.SKIPPED);
    assertThat(drill.artifacts().get(0).error())
        .startsWith("not restored: the scratch folder " + scratch + " has ")
        .contains("needs about " + HUGE)
        .endsWith("set the drill's scratch folder (DRILL_SCRATCH_DIR) to a larger disk");
    assertThat(repo.find(backup.id()).orElseThrow().latestDrill().orElseThrow().outcome())
        .isEqualTo(DrillOutcome.INCONCLUSIVE);
  }

  @Test
  void shouldRecordADrillWhoseToolIsMissingAsInconclusive() {
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .source(Fixtures.textSource("notes", "text", "a\n", 1))
        .verifier(verifier(0, "pg_restore not found on PATH; install the PostgreSQL client"))
        .build();

    DrillReport drill = repo.restoreVerify(repo.backup().id());

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.INCONCLUSIVE);
    assertThat(drill.artifacts().get(0).error())
        .isEqualTo("not restored: pg_restore not found on PATH; install the PostgreSQL client");
    try (Stream<Path> left = Files.list(tmp.resolve("backups"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".scratch-"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldRecordADrillWhoseScratchFolderCannotBeMadeAsInconclusive() throws Exception {
    Path notAFolder = Files.writeString(tmp.resolve("scratch-file"), "x");
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .source(Fixtures.textSource("notes", "text", "a\n", 1)).scratch(notAFolder)
        .verifier(Fixtures.lineCounter("text")).build();

    DrillReport drill = repo.restoreVerify(repo.backup().id());

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.INCONCLUSIVE);
    assertThat(drill.artifacts().get(0).error())
        .startsWith("not restored: the scratch folder " + notAFolder + " cannot be used");
  }

  @Test
  void shouldPassADrillWithRoomToRun() {
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups"))
        .source(Fixtures.textSource("notes", "text", "a\n", 1))
        .verifier(verifier(1024, null)).build();

    assertThat(repo.restoreVerify(repo.backup().id()).passed()).isTrue();
  }
}
