package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreTarget;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshnessAndRestoreTest {

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");

  /** A "database" that is one text file: the live state a real restore replaces. */
  Path live;

  BackupRepository repo() throws IOException {
    live = tmp.resolve("live.txt");
    Files.writeString(live, "one\n");
    BackupSource source = Fixtures.fileSource("notes", live);
    return BackupRepository.builder(tmp.resolve("backups")).clock(clock).source(source)
        .verifier(Fixtures.lineCounter("text")).build();
  }

  @Test
  void shouldBeDegradedUntilThereIsARecentBackupAndARecentPassingDrill() throws Exception {
    BackupRepository repo = repo();
    BackupFreshnessCheck check = BackupFreshnessCheck.of(repo);

    CheckResult none = check.check();
    assertThat(none.status()).isEqualTo(Status.DEGRADED);
    assertThat(none.error()).get().asString().contains("no backup yet")
        .contains("no restore-verify drill has passed yet");
    assertThat(none.details()).containsKeys("last_backup_at", "last_backup_age_s",
        "last_backup_bytes", "last_drill_at", "last_drill_outcome", "last_passed_drill_at",
        "offsite_synced_at");

    Backup backup = repo.backup();
    repo.restoreVerify(backup.id());
    clock.advance(Duration.ofHours(2));
    CheckResult fresh = check.check();
    assertThat(fresh.status()).isEqualTo(Status.OK);
    assertThat(fresh.details()).containsEntry("last_backup_at", "2026-11-22T03:15:00Z")
        .containsEntry("last_backup_age_s", 7200L)
        .containsEntry("last_backup_bytes", backup.manifest().storedBytes())
        .containsEntry("last_drill_at", "2026-11-22T03:15:00Z")
        .containsEntry("last_drill_outcome", "pass")
        .containsEntry("last_passed_drill_at", "2026-11-22T03:15:00Z")
        .containsEntry("offsite_synced_at", null);

    clock.advance(Duration.ofHours(25));
    assertThat(check.check().error()).get().asString()
        .isEqualTo("last backup " + backup.id() + " is older than PT26H");
    repo.restoreVerify(repo.backup().id());
    clock.advance(Duration.ofDays(9));
    repo.backup();
    assertThat(check.check().error()).get().asString().startsWith("last passing drill (");
  }

  @Test
  void shouldBeDegradedNamingADamagedBackup() throws Exception {
    BackupRepository repo = repo();
    Backup backup = repo.backup();
    repo.restoreVerify(backup.id());
    clock.advance(Duration.ofHours(1));
    Backup later = repo.backup();
    assertThat(BackupFreshnessCheck.of(repo).check().status()).isEqualTo(Status.OK);

    Files.delete(later.folder().resolve("manifest.json.sha256"));
    CheckResult damaged = BackupFreshnessCheck.of(repo).check();

    assertThat(damaged.status()).isEqualTo(Status.DEGRADED);
    assertThat(damaged.error()).contains("backup " + later.id() + " is damaged"
        + " (manifest.json.sha256 missing or unreadable)");
    assertThat(damaged.details()).containsEntry("damaged_backups", List.of(later.id()));
  }

  @Test
  void shouldRestoreOnlyWhenConfirmedAndOnlyAfterASafetyBackup() throws Exception {
    BackupRepository repo = repo();
    Backup old = repo.backup();
    Files.writeString(live, "one\ntwo\n");
    clock.advance(Duration.ofHours(1));
    List<Integer> backupsSeenByRestore = new ArrayList<>();
    RestoreTarget target = liveTarget(data -> {
      backupsSeenByRestore.add(repo.list().size());
      Files.write(live, data.readAllBytes());
    });

    assertThatThrownBy(() -> repo.restore(old.id(), target, "yes"))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("pass the backup id \"" + old.id() + "\" as the confirmation");
    assertThat(repo.list()).hasSize(1);
    assertThat(Files.readString(live)).isEqualTo("one\ntwo\n");

    Backup safety = repo.restore(old.id(), target, old.id());
    assertThat(Files.readString(live)).isEqualTo("one\n");
    assertThat(backupsSeenByRestore).containsExactly(2);
    assertThat(safety.manifest().label()).startsWith("safety backup before restoring " + old.id());
    try (InputStream in = dev.runbook.backup.internal.Codecs.open(Compression.ZSTD,
        safety.folder().resolve("notes.txt.zst"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }
  }

  @Test
  void shouldRefuseToRestoreADamagedBackup() throws Exception {
    BackupRepository repo = repo();
    Backup old = repo.backup();
    Fixtures.flipByte(old.folder().resolve("notes.txt.zst"), 2);
    RestoreTarget target = liveTarget(data -> {
      throw new AssertionError("must not be called");
    });
    assertThatThrownBy(() -> repo.restore(old.id(), target, old.id()))
        .hasMessageContaining("failed verification and was not restored")
        .hasMessageContaining("notes.txt.zst");
    assertThat(repo.list()).hasSize(1);
  }

  /** What a restore into {@link #live} does with the data. */
  interface Write {
    void accept(InputStream data) throws IOException;
  }

  RestoreTarget liveTarget(Write write) {
    return new RestoreTarget() {
      @Override
      public String artifact() {
        return "notes";
      }

      @Override
      public String describe() {
        return live.toString();
      }

      @Override
      public void restore(InputStream data, Artifact artifact) throws IOException {
        write.accept(data);
      }
    };
  }
}
