package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.report.DrillOutcome;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.report.RetentionPlan;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of a drilled backup damaged every way: a byte flipped at its start, middle and end,
 * truncated by one byte and to zero, deleted; and the folder renamed, and an unexpected file
 * added. Each time {@code verify} and the drill fail naming the file, the backup is still shown
 * (as damaged, or with its failed drill), and retention keeps it. The count of cases caught is
 * printed.
 */
class CorruptionTableTest {

  static final String NOTES = "notes.txt.zst";
  static final String DRILL = "drill-20261122T032000Z.json";
  static final List<String> FILES = List.of(NOTES, "manifest.json", "manifest.json.sha256", DRILL,
      DRILL + ".sha256");
  static final List<String> DAMAGE = List.of("flip-start", "flip-middle", "flip-end",
      "truncate-by-one", "truncate-to-zero", "delete");
  static final AtomicInteger CAUGHT = new AtomicInteger();
  static final AtomicInteger TOTAL = new AtomicInteger();

  @TempDir Path tmp;
  final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String file : FILES) {
      for (String how : DAMAGE) {
        cases.add(Arguments.of(file, how));
      }
    }
    cases.add(Arguments.of("(folder)", "rename"));
    cases.add(Arguments.of("stray.bin", "add"));
    return cases.stream();
  }

  @AfterAll
  static void report() {
    System.out.printf("corruption table: %d of %d damaged backups caught by verify, the drill,"
        + " list and retention%n", CAUGHT.get(), TOTAL.get());
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("cases")
  void shouldCatchTheDamageNameTheFileAndKeepTheBackupInSight(String file, String how)
      throws Exception {
    TOTAL.incrementAndGet();
    BackupRepository repo = BackupRepository.builder(tmp.resolve("backups")).clock(clock)
        .source(Fixtures.textSource("notes", "text", "a\nb\nc\n", 3))
        .verifier(Fixtures.lineCounter("text")).build();
    Backup backup = repo.backup();
    clock.advance(Duration.ofMinutes(5));
    assertThat(repo.restoreVerify(backup.id()).passed()).isTrue();
    assertThat(backup.folder().resolve(DRILL)).exists();
    assertThat(repo.verify(backup.id()).passed()).isTrue();

    String id = backup.id();
    String named = file;
    Path folder = backup.folder();
    switch (how) {
      case "rename":
        id = "20261122T031600Z";
        named = id;
        folder = Files.move(folder, folder.resolveSibling(id));
        break;
      case "add":
        Files.writeString(folder.resolve(file), "not ours");
        break;
      default:
        damage(folder.resolve(file), how);
    }
    clock.advance(Duration.ofMinutes(5));

    VerifyResult verify = repo.verify(id);
    assertThat(verify.passed()).as("verify").isFalse();
    assertThat(verify.problems().toString()).as("verify names the file").contains(named);
    DrillReport drill = repo.restoreVerify(id);
    assertThat(drill.outcome()).as("drill").isEqualTo(DrillOutcome.FAIL);
    assertThat(drill.problems().toString()).as("the drill names the file").contains(named);
    String shownId = id;
    boolean listedDamaged = repo.damaged().stream().anyMatch(d -> d.id().equals(shownId));
    boolean listedFailed = repo.list().stream().anyMatch(b -> b.id().equals(shownId)
        && b.latestDrill().map(d -> d.outcome() == DrillOutcome.FAIL).orElse(false));
    assertThat(listedDamaged || listedFailed).as("list shows it as damaged or failed").isTrue();
    clock.advance(Duration.ofDays(400));
    RetentionPlan plan = repo.prune(new RetentionPolicy(Duration.ofDays(1), 1), false);
    if (listedDamaged) {
      assertThat(plan.kept()).as("retention keeps a damaged backup").contains(id);
      assertThat(folder).exists();
    }
    CAUGHT.incrementAndGet();
  }

  static void damage(Path file, String how) throws IOException {
    long size = Files.size(file);
    switch (how) {
      case "flip-start":
        Fixtures.flipByte(file, 0);
        break;
      case "flip-middle":
        Fixtures.flipByte(file, size / 2);
        break;
      case "flip-end":
        Fixtures.flipByte(file, size - 1);
        break;
      case "truncate-by-one":
        try (var channel = java.nio.channels.FileChannel.open(file,
            java.nio.file.StandardOpenOption.WRITE)) {
          channel.truncate(size - 1);
        }
        break;
      case "truncate-to-zero":
        Files.write(file, new byte[0]);
        break;
      default:
        Files.delete(file);
    }
  }
}
