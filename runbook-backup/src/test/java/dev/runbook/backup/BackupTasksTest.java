package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.RunSkipped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled jobs' bodies: success, honest failures, and skips that say when to retry. */
class BackupTasksTest {

  @TempDir Path tmp;
  final ExecutorService threads = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private BackupRepository repo() {
    return BackupRepository.builder(tmp.resolve("backups"))
        .source(Fixtures.textSource("notes", "text", "a\nb\n", 2))
        .verifier(Fixtures.lineCounter("text")).build();
  }

  @Test
  void shouldSkipTheDrillWithoutRetryingSoonWhileThereIsNoBackupYet() {
    BackupTasks tasks = BackupTasks.of(repo(), RetentionPolicy.defaults(), null);

    assertThatThrownBy(tasks::drill).isInstanceOf(RunSkipped.class)
        .hasMessage("no backup to drill yet")
        .satisfies(e -> assertThat(((RunSkipped) e).retryAfter()).isEmpty());
  }

  @Test
  void shouldBackUpCopyOffsiteDrillAndPrune() throws Exception {
    Path remote = Files.createDirectories(tmp.resolve("remote"));
    BackupTasks tasks = BackupTasks.of(repo(), RetentionPolicy.defaults(),
        new DirectoryTarget(remote));

    Backup backup = tasks.backup();

    assertThat(remote.resolve(backup.id()).resolve("manifest.json")).exists();
    assertThat(tasks.drill().passed()).isTrue();
    assertThat(tasks.prune().kept()).containsExactly(backup.id());
  }

  @Test
  void shouldFailTheDrillNamingEachCheckWhenTheBackupIsDamaged() throws Exception {
    BackupTasks tasks = BackupTasks.of(repo(), RetentionPolicy.defaults(), null);
    Backup backup = tasks.backup();
    Path artifact = backup.folder().resolve(backup.manifest().artifacts().get(0).file());
    Fixtures.flipByte(artifact, Files.size(artifact) / 2);

    assertThatThrownBy(tasks::drill).isInstanceOf(BackupException.class)
        .isNotInstanceOf(RunSkipped.class)
        .hasMessageStartingWith("drill of " + backup.id() + " ended fail: checksum");
  }

  @Test
  void shouldFailTheBackupWhenTheOffsiteCopyFails() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("remote-file"), "x");
    BackupTasks tasks = BackupTasks.of(repo(), RetentionPolicy.defaults(),
        new DirectoryTarget(notADirectory));

    assertThatThrownBy(tasks::backup).isInstanceOf(BackupException.class)
        .hasMessageContaining("taken, but the offsite copy to");
  }

  @Test
  void shouldSkipAndAskForARetryInAMinuteWhileTheRepositoryIsBusy() throws Exception {
    LockTest.Gate gate = new LockTest.Gate();
    BackupRepository held = BackupRepository.builder(tmp.resolve("backups")).source(gate).build();
    CompletableFuture<Backup> first = CompletableFuture.supplyAsync(held::backup, threads);
    assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
    BackupTasks tasks = BackupTasks.of(repo(), RetentionPolicy.defaults(), null);

    assertThatThrownBy(tasks::backup).isInstanceOf(RunSkipped.class)
        .satisfies(e -> assertThat(((RunSkipped) e).retryAfter())
            .contains(Duration.ofMinutes(1)));
    assertThatThrownBy(tasks::prune).isInstanceOf(BackupBusyException.class);

    gate.release.countDown();
    first.get(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldDescribeTheUsualScheduleAsJobSpecs() {
    BackupTasks tasks = BackupTasks.of(repo(), RetentionPolicy.defaults(), null);

    List<dev.runbook.core.JobSpec> jobs = tasks.jobs(Duration.ofHours(12), Duration.ofDays(3));

    assertThat(jobs).extracting(dev.runbook.core.JobSpec::name)
        .containsExactly("nightly-backup", "restore-verify-drill", "backup-retention");
    assertThat(jobs.get(0).every()).isEqualTo(Duration.ofHours(12));
    assertThat(jobs.get(0).expectedEvery()).contains(Duration.ofHours(12));
    assertThat(jobs.get(0).grace()).isEqualTo(Duration.ofHours(2));
    assertThat(jobs.get(1).every()).isEqualTo(Duration.ofDays(3));
    assertThat(jobs.get(1).failureThreshold()).hasValue(1);
    assertThat(jobs.get(2).firstAfter()).isEqualTo(Duration.ofMinutes(10));
    jobs.get(0).task().run(); // the spec's task is the real backup
    assertThat(tasks.repository().list()).hasSize(1);
  }
}
