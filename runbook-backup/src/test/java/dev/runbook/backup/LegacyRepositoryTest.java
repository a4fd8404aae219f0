package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.backup.files.FileSetSource;
import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.core.CheckResult;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository written by runbook 0.1.0, when drill records were named {@code verify-*.json}
 * (src/test/resources/legacy): today's code lists, verifies and drills it without changing it.
 */
class LegacyRepositoryTest {

  static final String FIRST = "20261120T031500Z";
  static final String SECOND = "20261121T032000Z";

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-22T04:00:00Z");
  BackupRepository repo;

  @BeforeEach
  void copyTheOldRepository() throws IOException {
    Path fixture = Path.of("src/test/resources/legacy/repository-0.1.0");
    Path root = tmp.resolve("backups");
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path from : files.toList()) {
        Path to = root.resolve(fixture.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    Files.createDirectories(tmp.resolve("service"));
    repo = BackupRepository.builder(root).clock(clock).service("bibliotheca")
        .source(FileSetSource.builder("files", tmp.resolve("service")).build())
        .source(Fixtures.textSource("notes", "text", "x\n", 1))
        .verifier(Fixtures.lineCounter("text")).build();
  }

  @Test
  void shouldListTheOldBackupsWithTheirOldDrills() {
    List<Backup> backups = repo.list();

    assertThat(backups).extracting(Backup::id).containsExactly(FIRST, SECOND);
    assertThat(backups).allSatisfy(b -> assertThat(b.passedDrill()).isTrue());
    assertThat(repo.drills(FIRST)).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo(DrillOutcome.PASS);
      assertThat(d.startedAt()).isEqualTo(Instant.parse("2026-11-20T03:20:00Z"));
    });
  }

  @Test
  void shouldVerifyTheOldBackupsWithTheirVerifyNamedRecordsInPlace() {
    assertThat(repo.verify(FIRST).problems()).isEmpty();
    assertThat(repo.verify(SECOND).problems()).isEmpty();
  }

  @Test
  void shouldDrillAnOldBackupAndRecordTheNewDrillUnderTheNewName() throws IOException {
    DrillReport drill = repo.restoreVerify(FIRST);

    assertThat(drill.outcome()).isEqualTo(DrillOutcome.PASS);
    Path folder = repo.root().resolve(FIRST);
    assertThat(folder.resolve("drill-20261122T040000Z.json")).isRegularFile();
    assertThat(folder.resolve("verify-20261120T032000Z.json")).isRegularFile();
    assertThat(repo.drills(FIRST)).extracting(DrillReport::startedAt).containsExactly(
        Instant.parse("2026-11-20T03:20:00Z"), Instant.parse("2026-11-22T04:00:00Z"));
    assertThat(repo.verify(FIRST).problems()).isEmpty();
  }

  @Test
  void shouldReportTheOldDrillsInTheFreshnessCheck() {
    clock.advance(Duration.ofHours(1));
    CheckResult fresh = BackupFreshnessCheck.of(repo).check();

    assertThat(fresh.details()).containsEntry("last_drill_at", "2026-11-21T03:25:00Z")
        .containsEntry("last_drill_outcome", "pass")
        .containsEntry("last_passed_drill_at", "2026-11-21T03:25:00Z")
        .containsEntry("backups", 2);
  }

  @Test
  void shouldKeepTheNewestOldBackupThatPassedADrillWhenPruning() {
    clock.advance(Duration.ofDays(400));

    var plan = repo.prune(new RetentionPolicy(Duration.ofDays(1), 1), false);

    assertThat(repo.list()).extracting(Backup::id).containsExactly(SECOND);
    assertThat(plan.decisions()).hasSize(2);
  }

  @Test
  void shouldHandOutListsThatCannotBeChanged() {
    assertThatThrownBy(() -> repo.list().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> repo.drills(FIRST).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
