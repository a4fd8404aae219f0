package dev.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.report.VerifyResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM taking backups is killed with SIGKILL at random points (after a random number of
 * written chunks, so the moment depends on a seed, not on timing). Whatever the moment, every
 * backup that {@code list()} reports verifies, and the next run clears what the child left.
 */
class CrashSafetyIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void shouldNeverListAPartialBackupWhateverMomentTheProcessDies() throws Exception {
    Path root = tmp.resolve("backups");
    Random random = new Random(20261122);
    String java = ProcessHandle.current().info().command().orElse("java");
    String[] compressions = {"zstd", "gzip", "none"};
    int kills = 12;
    int leftStaging = 0;
    for (int round = 0; round < kills; round++) {
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), root.toString(), compressions[round % 3])
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int killAfter = 1 + random.nextInt(24 * 3); // somewhere in the first three backups
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(
          child.getInputStream(), StandardCharsets.UTF_8))) {
        int seen = 0;
        for (String line; seen < killAfter && (line = lines.readLine()) != null; ) {
          if (line.equals("chunk")) {
            seen++;
          }
        }
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      try (Stream<Path> entries = Files.list(root)) {
        leftStaging += (int) entries.filter(p -> p.getFileName().toString()
            .startsWith(".staging-")).count() > 0 ? 1 : 0;
      }
      BackupRepository repo = BackupRepository.builder(root).build();
      for (Backup backup : repo.list()) {
        VerifyResult verify = repo.verify(backup.id());
        assertThat(verify.passed()).as("round %d, backup %s: %s", round, backup.id(),
            verify.problems()).isTrue();
      }
    }
    // the kills did land mid-backup: otherwise this test would prove nothing
    assertThat(leftStaging).isPositive();
    // the next run removes the staging folder the last kill left, and the lock is free
    BackupRepository repo = BackupRepository.builder(root)
        .source(Fixtures.textSource("notes", "text", "x\n", 1)).build();
    repo.backup();
    try (Stream<Path> entries = Files.list(root)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      assertThat(names).noneMatch(n -> n.startsWith(".staging-"));
      assertThat(names.stream().filter(n -> !n.startsWith(".")).count())
          .isEqualTo(repo.list().size());
    }
    assertThat(repo.list()).isNotEmpty();
  }
}
