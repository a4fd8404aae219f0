package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.files.FileSetSource;
import dev.runbook.backup.report.CheckStatus;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.FileProblem;
import dev.runbook.backup.report.RestoreResult;
import dev.runbook.backup.report.TableCount;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreCheck;
import dev.runbook.backup.spi.RestoreContext;
import dev.runbook.backup.spi.RestoreVerifier;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupRepositoryTest {

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-22T03:15:00.250Z");

  BackupRepository.Builder builder() throws IOException {
    Path service = Fixtures.serviceFolder(tmp.resolve("service"));
    return BackupRepository.builder(tmp.resolve("backups")).clock(clock).service("bibliotheca")
        .host("lib-01").source(FileSetSource.builder("files", service).build())
        .source(Fixtures.textSource("notes", "text", "a\nb\nc\n", 3))
        .verifier(Fixtures.lineCounter("text"));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldPublishAManifestThatDescribesEveryArtifactExactly(Compression compression)
      throws Exception {
    BackupRepository repo = builder().compression(compression).build();
    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      Backup backup = repo.backup();

      assertThat(backup.id()).isEqualTo("20261122T031500Z");
      assertThat(backup.folder()).isEqualTo(tmp.resolve("backups/20261122T031500Z"));
      Manifest m = backup.manifest();
      assertThat(m.formatVersion()).isEqualTo(1);
      assertThat(m.service()).isEqualTo("bibliotheca");
      assertThat(m.host()).isEqualTo("lib-01");
      assertThat(m.createdAt()).isEqualTo(clock.instant());
      assertThat(m.artifacts()).extracting(Artifact::file).containsExactly(
          "files.tar" + compression.suffix(), "notes.txt" + compression.suffix());
      for (Artifact a : m.artifacts()) {
        Path file = backup.folder().resolve(a.file());
        assertThat(a.compression()).isEqualTo(compression);
        assertThat(a.storedBytes()).isEqualTo(Files.size(file));
        assertThat(a.sha256()).isEqualTo(sha256(file));
      }
      Artifact notes = m.artifacts().get(1);
      assertThat(notes.rawBytes()).isEqualTo(6);
      assertThat(notes.rowCounts()).containsExactly(Map.entry("lines", 3L));
      assertThat(m.artifacts().get(0).rowCounts()).containsExactly(Map.entry("files", 3L),
          Map.entry("directories", 3L), Map.entry("symlinks", 1L));
      try (Stream<Path> files = Files.list(backup.folder())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
            "manifest.json", "manifest.json.sha256", m.artifacts().get(0).file(), notes.file());
      }
      assertThat(Files.readString(backup.folder().resolve("manifest.json.sha256")))
          .contains(sha256(backup.folder().resolve("manifest.json")) + "  manifest.json\n");
      assertThat(repo.list()).extracting(Backup::id).containsExactly(backup.id());
      assertThat(log.events()).containsExactly("backup_completed");
    }
  }

  @Test
  void shouldPassADrillAndRecordItBesideTheManifest() throws Exception {
    BackupRepository repo = builder().build();
    Backup backup = repo.backup();
    clock.advance(Duration.ofMinutes(5));
    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      DrillReport report = repo.restoreVerify(backup.id());

      assertThat(report.outcome()).isEqualTo(DrillOutcome.PASS);
      assertThat(report.checksumStatus()).isEqualTo(CheckStatus.PASS);
      assertThat(report.integrityStatus()).isEqualTo(CheckStatus.PASS);
      assertThat(report.restoreResult()).isEqualTo(RestoreResult.RESTORED);
      assertThat(report.rowCountCheck()).isEqualTo(CheckStatus.PASS);
      assertThat(report.artifacts().get(0).rowCounts()).containsExactly(
          new TableCount("files", 3L, 3L), new TableCount("directories", 3L, 3L),
          new TableCount("symlinks", 1L, 1L));
      assertThat(log.events()).containsExactly("drill_passed");
    }
    assertThat(backup.folder().resolve("drill-20261122T032000Z.json")).isRegularFile();
    assertThat(repo.drills(backup.id())).hasSize(1).first()
        .satisfies(d -> assertThat(d.outcome()).isEqualTo(DrillOutcome.PASS));
    assertThat(repo.find(backup.id()).orElseThrow().passedDrill()).isTrue();
    // the drill record is not an unexpected file, and scratch folders are gone
    assertThat(repo.verify(backup.id()).passed()).isTrue();
    try (Stream<Path> entries = Files.list(repo.root())) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".scratch-") || n.startsWith(".staging-"));
    }
    // a second drill in the same second gets its own record
    repo.restoreVerify(backup.id());
    assertThat(repo.drills(backup.id())).hasSize(2);
  }

  @Test
  void shouldGiveBackupsInTheSameSecondTheirOwnFolders() throws Exception {
    BackupRepository repo = builder().build();
    assertThat(List.of(repo.backup().id(), repo.backup().id(), repo.backup().id()))
        .containsExactly("20261122T031500Z", "20261122T031500Z-1", "20261122T031500Z-2");
  }

  @Test
  void shouldPublishNothingWhenASourceFailsAndRemoveLeftoversOnTheNextRun() throws Exception {
    BackupSource broken = new BackupSource() {
      @Override
      public String name() {
        return "database";
      }

      @Override
      public String kind() {
        return "text";
      }

      @Override
      public String extension() {
        return "db";
      }

      @Override
      public ArtifactMetadata write(OutputStream out) throws IOException {
        out.write(new byte[100_000]);
        throw new IOException("disk full at jdbc:postgresql://db/app?password=hunter2");
      }
    };
    BackupRepository repo = builder().source(broken).build();
    // what a process killed mid-backup leaves behind
    Files.createDirectories(repo.root().resolve(".staging-20261121T031500Z-dead/half.tar.zst"));
    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      assertThatThrownBy(repo::backup).isInstanceOf(BackupException.class)
          .hasMessageContaining("disk full").hasMessageNotContaining("hunter2");
      assertThat(log.events()).containsExactly("backup_leftover_removed", "backup_failed");
    }
    assertThat(repo.list()).isEmpty();
    try (Stream<Path> entries = Files.list(repo.root())) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsOnly(".lock");
    }
  }

  @Test
  void shouldCallADrillInconclusiveWhenNoVerifierKnowsAKind() throws Exception {
    Path service = Fixtures.serviceFolder(tmp.resolve("service"));
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).clock(clock)
        .source(FileSetSource.builder("files", service).build())
        .source(Fixtures.textSource("notes", "text", "x\n", 1)).build();
    DrillReport report = repo.restoreVerify(repo.backup().id());

    assertThat(report.outcome()).isEqualTo(DrillOutcome.INCONCLUSIVE);
    assertThat(report.restoreResult()).isEqualTo(RestoreResult.SKIPPED);
    assertThat(report.artifacts().get(1).error()).contains("no restore verifier for kind \"text\"");
    assertThat(report.artifacts().get(0).restoreResult()).isEqualTo(RestoreResult.RESTORED);
  }

  @Test
  void shouldFailADrillWhoseRowCountsDisagreeWithTheManifest() throws Exception {
    RestoreVerifier lying = new RestoreVerifier() {
      @Override
      public String kind() {
        return "text";
      }

      @Override
      public RestoreCheck restore(RestoreContext context) {
        return RestoreCheck.passed(List.of("none"), Map.of("lines", 2L, "extra", 1L));
      }
    };
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).clock(clock)
        .source(Fixtures.textSource("notes", "text", "a\nb\nc\n", 3)).verifier(lying).build();
    DrillReport report = repo.restoreVerify(repo.backup().id());

    assertThat(report.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(report.rowCountCheck()).isEqualTo(CheckStatus.FAIL);
    assertThat(report.artifacts().get(0).rowCounts()).containsExactly(
        new TableCount("lines", 3L, 2L), new TableCount("extra", null, 1L));
  }

  @Test
  void shouldFailADrillWhoseRestoreThrowsAndStillRemoveTheScratchFolder() throws Exception {
    Path[] seen = new Path[1];
    RestoreVerifier failing = new RestoreVerifier() {
      @Override
      public String kind() {
        return "text";
      }

      @Override
      public RestoreCheck restore(RestoreContext context) throws IOException {
        seen[0] = context.scratch();
        Files.writeString(context.scratch().resolve("partial"), "x");
        throw new IOException("restore tool exited 1");
      }
    };
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).clock(clock)
        .source(Fixtures.textSource("notes", "text", "a\n", 1)).verifier(failing).build();
    DrillReport report = repo.restoreVerify(repo.backup().id());

    assertThat(report.outcome()).isEqualTo(DrillOutcome.FAIL);
    assertThat(report.restoreResult()).isEqualTo(RestoreResult.FAILED);
    assertThat(report.artifacts().get(0).error()).contains("restore tool exited 1");
    assertThat(seen[0]).startsWithRaw(repo.root()).doesNotExist();
  }

  @Test
  void shouldReportAFileThatIsNotInTheManifest() throws Exception {
    BackupRepository repo = builder().build();
    Backup backup = repo.backup();
    Files.writeString(backup.folder().resolve("notes.txt.zst.orig"), "stray");

    VerifyResult result = repo.verify(backup.id());
    assertThat(result.passed()).isFalse();
    assertThat(result.problems()).containsExactly(new FileProblem("notes.txt.zst.orig",
        "unexpected file: it is not in the manifest"));
  }

  @Test
  void shouldNameWhatToGiveWhenAnIdOrFolderIsUnknown() throws Exception {
    BackupRepository repo = builder().build();
    assertThatThrownBy(() -> repo.verify("20991231T000000Z")).isInstanceOf(BackupException.class)
        .hasMessageContaining("is neither a backup in").hasMessageContaining("list");
  }

  @Test
  void shouldRefuseAnEmptyIdAndAFolderThatIsNoBackupWritingNothingIntoIt() throws Exception {
    BackupRepository repo = builder().build();
    assertThatThrownBy(() -> repo.restoreVerify("")).isInstanceOf(BackupException.class)
        .hasMessageContaining("empty id").hasMessageContaining("list");
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "mine");

    assertThatThrownBy(() -> repo.restoreVerify(notes.toString()))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining(notes + " is not a backup folder")
        .hasMessageContaining("manifest.json");
    assertThatThrownBy(() -> repo.verify(notes.toString())).isInstanceOf(BackupException.class);
    try (var files = Files.list(notes)) {
      assertThat(files).as("no drill record left in the operator's folder")
          .containsExactly(notes.resolve("todo.txt"));
    }
  }

  @Test
  void shouldRefuseBadSourceNamesAndDuplicateVerifiers() throws Exception {
    BackupRepository.Builder b = BackupRepository.builder(tmp);
    assertThatThrownBy(() -> b.source(Fixtures.textSource("Data Base", "text", "", 0)))
        .hasMessageContaining("source name \"Data Base\" is not allowed");
    assertThatThrownBy(() -> b.source(Fixtures.textSource("manifest", "text", "", 0)))
        .hasMessageContaining("\"manifest\"");
    b.source(Fixtures.textSource("notes", "text", "", 0));
    assertThatThrownBy(() -> b.source(Fixtures.textSource("notes", "text", "", 0)))
        .hasMessageContaining("used twice");
    b.verifier(Fixtures.lineCounter("text"));
    assertThatThrownBy(() -> b.verifier(Fixtures.lineCounter("text")))
        .hasMessageContaining("already set");
    assertThatThrownBy(() -> BackupRepository.builder(tmp).build().backup())
        .hasMessageContaining("has no sources");
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }

  static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
