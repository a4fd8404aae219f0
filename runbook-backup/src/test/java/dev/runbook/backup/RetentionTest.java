package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.testkit.MutableClock;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real repository: a plan, a dry run, readers, and the last proven backup. */
class RetentionTest {

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-10-01T03:15:00Z");

  /** Daily backups for 40 days; only the one of day 2 has a passing drill. */
  BackupRepository fortyDays(List<String> ids) {
    BackupRepository repo = BackupRepository.builder(tmp).clock(clock)
        .source(Fixtures.textSource("notes", "text", "a\n", 1))
        .verifier(Fixtures.lineCounter("text")).build();
    for (int day = 0; day < 40; day++) {
      ids.add(repo.backup().id());
      if (day == 2) {
        assertThat(repo.restoreVerify(ids.get(day)).passed()).isTrue();
      }
      clock.advance(Duration.ofDays(1));
    }
    return repo;
  }

  @Test
  void shouldDeleteOldBackupsButNeverTheNewestProvenOne() throws Exception {
    List<String> ids = new ArrayList<>();
    BackupRepository repo = fortyDays(ids);
    RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), 3);

    RetentionPlan dry = repo.prune(policy, true);
    assertThat(dry.dryRun()).isTrue();
    assertThat(repo.list()).hasSize(40);
    // day 10 is exactly 30 days old at day 40: not younger than 30 days, so it goes too
    assertThat(dry.deletions()).hasSize(10).doesNotContain(ids.get(2));
    assertThat(dry.decisions()).filteredOn(d -> d.backupId().equals(ids.get(2))).singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo("newest backup that passed a drill"));

    try (Fixtures.CapturedLog log = new Fixtures.CapturedLog()) {
      RetentionPlan done = repo.prune(policy, false);
      assertThat(done.deletions()).isEqualTo(dry.deletions());
      assertThat(log.events()).containsOnly("backup_pruned").hasSize(10);
    }
    assertThat(repo.list()).hasSize(30).extracting(Backup::id).contains(ids.get(2))
        .doesNotContain(ids.get(0), ids.get(1), ids.get(3), ids.get(10));
    try (Stream<Path> entries = Files.list(tmp)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".deleting-") || n.startsWith(".deleted-"));
    }
  }

  @Test
  void shouldKeepABackupThatIsBeingReadAndDeleteItOnceTheReaderIsDone() throws Exception {
    List<String> ids = new ArrayList<>();
    BackupRepository repo = fortyDays(ids);
    RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), 3);
    Closeable reading = repo.openReader(ids.get(0));
    try {
      RetentionPlan plan = repo.prune(policy, false);
      assertThat(plan.kept()).contains(ids.get(0));
      assertThat(repo.find(ids.get(0))).isPresent();
    } finally {
      reading.close();
    }
    assertThat(repo.prune(policy, false).deletions()).containsExactly(ids.get(0));
  }

  @Test
  void shouldFinishOrUndoADeletionThatACrashInterrupted() throws Exception {
    List<String> ids = new ArrayList<>();
    BackupRepository repo = fortyDays(ids);
    // a crash after the first rename: the deletion was never decided, so the backup comes back
    Files.move(tmp.resolve(ids.get(39)), tmp.resolve(".deleting-" + ids.get(39)));
    // a crash after the decision: the rest of the folder goes
    Files.move(tmp.resolve(ids.get(38)), tmp.resolve(".deleted-" + ids.get(38)));

    RetentionPlan plan = repo.prune(RetentionPolicy.defaults(), false);

    assertThat(repo.find(ids.get(39))).isPresent();
    assertThat(plan.leftovers()).containsExactly(".deleted-" + ids.get(38));
    assertThat(tmp.resolve(".deleted-" + ids.get(38))).doesNotExist();
  }

  @Test
  void shouldPlanAnInterruptedDeletionInADryRunExactlyAsTheRealPruneWill() throws Exception {
    List<String> ids = new ArrayList<>();
    BackupRepository repo = fortyDays(ids);
    // killed inside a prune, after the first rename of an old backup
    Files.move(tmp.resolve(ids.get(5)), tmp.resolve(".deleting-" + ids.get(5)));

    RetentionPlan dry = repo.prune(RetentionPolicy.defaults(), true);
    assertThat(tmp.resolve(".deleting-" + ids.get(5))).exists();
    RetentionPlan real = repo.prune(RetentionPolicy.defaults(), false);

    assertThat(dry.deletions()).contains(ids.get(5));
    assertThat(dry.decisions()).isEqualTo(real.decisions());
    assertThat(tmp.resolve(".deleting-" + ids.get(5))).doesNotExist();
    assertThat(tmp.resolve(ids.get(5))).doesNotExist();
  }

  @Test
  void shouldKeepTheNewestBackupThatEverPassedWhenNoLatestDrillPasses() throws Exception {
    BackupRepository repo = BackupRepository.builder(tmp).clock(clock)
        .source(Fixtures.textSource("notes", "text", "a\n", 1))
        .verifier(Fixtures.lineCounter("text")).build();
    Backup proven = repo.backup();
    assertThat(repo.restoreVerify(proven.id()).passed()).isTrue();
    // later a stray file makes its drill fail; the file is then removed
    Path stray = Files.writeString(proven.folder().resolve("stray.txt"), "x");
    assertThat(repo.restoreVerify(proven.id()).passed()).isFalse();
    Files.delete(stray);
    List<String> newer = new ArrayList<>();
    for (int day = 1; day <= 40; day++) {
      clock.advance(Duration.ofDays(1));
      newer.add(repo.backup().id());
    }

    RetentionPlan plan = repo.prune(new RetentionPolicy(Duration.ofDays(30), 3), false);

    assertThat(plan.kept()).contains(proven.id());
    assertThat(plan.decisions()).filteredOn(d -> d.backupId().equals(proven.id()))
        .singleElement().satisfies(d -> assertThat(d.reason())
            .isEqualTo("newest backup that ever passed a drill (no backup's latest drill"
                + " passed)"));
    assertThat(repo.find(proven.id())).isPresent();
  }
}
