package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.SyncReport;
import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsiteTest {

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");

  BackupRepository repo() {
    return BackupRepository.builder(tmp.resolve("local")).clock(clock)
        .source(Fixtures.textSource("notes", "text", "a\nb\n", 2))
        .verifier(Fixtures.lineCounter("text")).build();
  }

  @Test
  void shouldPushMissingBackupsConfirmedByChecksumAndRecordTheSync() throws Exception {
    BackupRepository repo = repo();
    Backup first = repo.backup();
    clock.advance(Duration.ofHours(1));
    DirectoryTarget target = new DirectoryTarget(tmp.resolve("offsite"));

    SyncReport report = repo.sync(target);
    assertThat(report.passed()).isTrue();
    assertThat(report.pushed()).containsExactly(first.id());
    assertThat(target.list()).containsExactly(first.id());
    assertThat(repo.lastOffsiteSync()).contains(clock.instant());
    // the copy is a backup in its own right
    assertThat(repo.verify(target.dir().resolve(first.id())).passed()).isTrue();

    Backup second = repo.backup();
    SyncReport again = repo.sync(target);
    assertThat(again.pushed()).containsExactly(second.id());
    assertThat(again.present()).containsExactly(first.id());

    Path fetched = tmp.resolve("fetched");
    target.fetch(first.id(), fetched);
    assertThat(repo.verify(fetched).passed()).isTrue();
  }

  @Test
  void shouldNotPublishACopyWhoseChecksumDoesNotMatch() throws Exception {
    BackupRepository repo = repo();
    Backup good = repo.backup();
    clock.advance(Duration.ofHours(1));
    Backup rotten = repo.backup();
    Fixtures.flipByte(rotten.folder().resolve("notes.txt.zst"), 3);
    DirectoryTarget target = new DirectoryTarget(tmp.resolve("offsite"));

    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      SyncReport report = repo.sync(target);
      assertThat(report.passed()).isFalse();
      assertThat(report.pushed()).containsExactly(good.id());
      assertThat(report.failed()).containsOnlyKeys(rotten.id());
      assertThat(report.failed().get(rotten.id())).contains("notes.txt.zst")
          .contains("was not published");
      assertThat(log.events()).containsExactly("offsite_sync_failed");
    }
    assertThat(target.list()).containsExactly(good.id());
    assertThat(repo.lastOffsiteSync()).isEmpty();
    try (Stream<Path> entries = Files.list(target.dir())) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(good.id());
    }
  }

  @Test
  void shouldCatchDamageInTransit() throws Exception {
    BackupRepository repo = repo();
    Backup backup = repo.backup();
    DirectoryTarget flaky = new DirectoryTarget(tmp.resolve("offsite"), (from, to) -> {
      Files.copy(from, to);
      if (to.getFileName().toString().equals("notes.txt.zst")) {
        Fixtures.flipByte(to, 0);
      }
    });
    SyncReport report = repo.sync(flaky);
    assertThat(report.failed()).containsOnlyKeys(backup.id());
    assertThat(flaky.list()).isEmpty();
  }

  @Test
  void shouldApplyRetentionOffsite() throws Exception {
    BackupRepository repo = repo();
    for (int day = 0; day < 5; day++) {
      repo.backup();
      clock.advance(Duration.ofDays(10));
    }
    DirectoryTarget target = new DirectoryTarget(tmp.resolve("offsite"));
    repo.sync(target);
    RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(25), 1);
    RetentionPlan dry = repo.pruneOffsite(target, policy, true);
    assertThat(target.list()).hasSize(5);
    RetentionPlan plan = repo.pruneOffsite(target, policy, false);
    assertThat(plan.deletions()).isEqualTo(dry.deletions()).hasSize(3);
    assertThat(target.list()).hasSize(2);
  }

  @Test
  void shouldReadBackupRemoteAsAPathOrFileUriAndNameTheSupportedSchemes() {
    assertThat(OffsiteTarget.fromSettings(Settings.of(Map.of()))).isEmpty();
    assertThat(OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE", "/mnt/offsite")))
        .orElseThrow().describe()).isEqualTo("file:///mnt/offsite");
    assertThat(OffsiteTarget.fromRemote("file:///mnt/offsite").describe())
        .isEqualTo("file:///mnt/offsite");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(
        Settings.of(Map.of("BACKUP_REMOTE", "s3://bucket/backups"))))
        .isInstanceOf(SettingsException.class)
        .hasMessage("BACKUP_REMOTE \"s3://bucket/backups\" uses the scheme s3:, which is not"
            + " supported; s3:// needs the module runbook-backup-s3 on the class path; supported:"
            + " a local path such as /mnt/offsite, a file: URI such as file:///mnt/offsite");
    assertThatThrownBy(() -> OffsiteTarget.fromRemote("backup@vault:/srv/backups"))
        .hasMessageContaining("uses user@host:/path, which is not supported;");
  }

  @Test
  void shouldRefuseARemoteThatCannotBeAFolderAtStartAndNeverEchoItsSecret() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");

    assertThatThrownBy(() -> OffsiteTarget.fromRemote("offsite/bibliotheca"))
        .hasMessageContaining("is a relative path; give an absolute one");
    assertThatThrownBy(() -> OffsiteTarget.fromRemote(file.toString()))
        .hasMessageContaining("is a file, not a folder");
    assertThatThrownBy(() -> OffsiteTarget.fromRemote(tmp.resolve("unmounted/bibliotheca")
        .toString())).hasMessageContaining("does not exist; mount the offsite disk");
    assertThatThrownBy(() -> OffsiteTarget.fromSettings(Settings.of(Map.of("BACKUP_REMOTE",
        "s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY@bucket/prefix"))))
        .hasMessageStartingWith("BACKUP_REMOTE \"s3://AKIA")
        .hasMessageNotContaining("IOSFODNN7EXAMPLE")
        .hasMessageNotContaining("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY");
  }

  @Test
  void shouldRemoveWhatAKilledSyncOrPruneLeftOnTheTargetAtTheNextRun() throws Exception {
    BackupRepository repo = repo();
    Backup backup = repo.backup();
    DirectoryTarget target = new DirectoryTarget(tmp.resolve("offsite"));
    Path partial = Files.createDirectories(target.dir().resolve(".incoming-" + backup.id()
        + "-0b0e2c7a"));
    Files.writeString(partial.resolve("notes.text.zst"), "half an upload");
    Path halfDeleted = Files.createDirectories(target.dir().resolve(".deleted-20261001T031500Z"));

    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      assertThat(repo.sync(target).pushed()).containsExactly(backup.id());
      assertThat(log.events()).contains("offsite_leftover_removed");
    }

    assertThat(partial).doesNotExist();
    assertThat(halfDeleted).doesNotExist();
    assertThat(target.list()).containsExactly(backup.id());
    Files.createDirectories(target.dir().resolve(".incoming-" + backup.id() + "-1c2d3e4f"));
    repo.pruneOffsite(target, RetentionPolicy.defaults(), true);
    assertThat(target.dir().resolve(".incoming-" + backup.id() + "-1c2d3e4f")).doesNotExist();
  }

  @Test
  void shouldRefuseASecondSyncOfTheSameRepositoryWhileOneRuns() throws Exception {
    BackupRepository repo = repo();
    repo.backup();
    java.util.concurrent.CountDownLatch pushing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    DirectoryTarget slow = new DirectoryTarget(tmp.resolve("offsite"), (from, to) -> {
      pushing.countDown();
      try {
        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.copy(from, to);
    });
    java.util.concurrent.ExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<SyncReport> first = thread.submit(() -> repo.sync(slow));
      assertThat(pushing.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      // the second would have removed the first one's upload as a leftover
      assertThatThrownBy(() -> repo.sync(new DirectoryTarget(tmp.resolve("offsite"))))
          .isInstanceOf(BackupBusyException.class).hasMessageContaining("cannot sync");
      release.countDown();
      assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).passed()).isTrue();
    } finally {
      release.countDown();
      thread.shutdownNow();
    }
  }
}
