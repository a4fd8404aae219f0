package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups, drills and prunes never run over each other; a dead holder's lock is recovered. */
class LockTest {

  @TempDir Path tmp;
  // own threads: the common pool may have a single thread on a 2-core machine
  final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** A source that holds the backup open until released. */
  static final class Gate implements BackupSource {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public String kind() {
      return "text";
    }

    @Override
    public String extension() {
      return "txt";
    }

    @Override
    public ArtifactMetadata write(OutputStream out) throws IOException {
      entered.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IOException("test gate never released");
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      out.write('x');
      return ArtifactMetadata.none().withRowCounts(java.util.Map.of("lines", 1L));
    }
  }

  @Test
  void shouldRefuseEveryOperationWhileABackupHoldsTheLockNamingTheHolder() throws Exception {
    Gate gate = new Gate();
    BackupRepository repo = BackupRepository.builder(tmp).source(gate)
        .verifier(Fixtures.lineCounter("text")).build();
    BackupRepository other = BackupRepository.builder(tmp)
        .source(Fixtures.textSource("notes", "text", "x\n", 1)).build();
    CompletableFuture<Backup> first = CompletableFuture.supplyAsync(repo::backup, threads);
    assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(repo::backup).isInstanceOf(BackupBusyException.class)
        .hasMessageContaining("is busy: cannot backup");
    assertThatThrownBy(() -> repo.prune(RetentionPolicy.defaults(), true))
        .isInstanceOf(BackupBusyException.class);
    // another repository object on the same folder reads the holder from the lock file
    assertThatThrownBy(other::backup).isInstanceOf(BackupBusyException.class)
        .satisfies(e -> assertThat(((BackupBusyException) e).holder())
            .startsWith("backup by pid " + ProcessHandle.current().pid()));

    gate.release.countDown();
    Backup done = first.get(30, TimeUnit.SECONDS);
    assertThat(other.backup().id()).isNotEqualTo(done.id());
    assertThat(repo.restoreVerify(done.id()).outcome()).isEqualTo(DrillOutcome.PASS);
  }

  @Test
  void shouldLetAThreadOfTheSameRepositoryWaitForTheLockWhenConfigured() throws Exception {
    Gate gate = new Gate();
    BackupRepository repo = BackupRepository.builder(tmp).source(gate)
        .lockWait(Duration.ofSeconds(30)).build();
    CompletableFuture<Backup> first = CompletableFuture.supplyAsync(repo::backup, threads);
    assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CountDownLatch pruneStarted = new CountDownLatch(1);
    CompletableFuture<RetentionPlan> prune = CompletableFuture.supplyAsync(() -> {
      pruneStarted.countDown();
      return repo.prune(RetentionPolicy.defaults(), true);
    }, threads);
    assertThat(pruneStarted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(prune).isNotDone();
    gate.release.countDown();
    assertThat(prune.get(30, TimeUnit.SECONDS).kept()).containsExactly(first.get().id());
  }

  @Test
  void shouldRecoverTheLockOfAHolderThatDied() throws Exception {
    // a process killed mid-backup leaves its name in the lock file but holds no lock
    Files.writeString(tmp.resolve(".lock"), "backup by pid 999999 on lib-01 since 2026-11-22T03:15:00Z");
    BackupRepository repo = BackupRepository.builder(tmp)
        .source(Fixtures.textSource("notes", "text", "x\n", 1)).build();
    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      repo.backup();
      assertThat(log.events()).contains("backup_lock_recovered");
    }
    assertThat(Files.readString(tmp.resolve(".lock"))).isEmpty();
  }
}
