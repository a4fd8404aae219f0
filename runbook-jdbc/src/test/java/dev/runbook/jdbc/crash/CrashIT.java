package dev.runbook.jdbc.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.DirectoryTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.report.VerifyResult;
import dev.runbook.jdbc.TestDatabases;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM backing up a real SQLite database, syncing offsite, drilling and pruning is killed
 * with SIGKILL at random points (after a seeded number of its progress lines, so the moment is
 * chosen by count, not timing). After each kill: every backup {@code list} shows verifies, the
 * database's folder holds no temporary copy, and the next run (a backup, a sync and a prune)
 * takes the lock, removes everything the kill left in the repository and on the offsite
 * target, and leaves only complete backups.
 */
class CrashIT {

  /** What the child prints: the copy starting, every 64 KiB written, and each next step. */
  static final List<String> STEPS = List.of("copy", "chunk", "published", "sync", "drill",
      "prune", "offsite-prune");

  @TempDir Path tmp;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void shouldLeaveNothingBrokenOrStrayWhereverAKillLands() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path db = data.resolve("library.db");
    try (Connection c = TestDatabases.sqlite(db, true, 10_000).getConnection()) {
      TestDatabases.exec(c, "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO books(title) VALUES (?)")) {
        for (int i = 0; i < 2_000; i++) {
          ps.setString(1, "Book " + i + " " + "x".repeat(300));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    Path root = tmp.resolve("backups");
    Path remote = tmp.resolve("offsite");
    Random random = new Random(20261202);
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    Map<String, Integer> killedAfter = new TreeMap<>();
    int rounds = 30;
    for (int round = 0; round < rounds; round++) {
      Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), db.toString(), root.toString(), remote.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int killAfter = 1 + random.nextInt(60);
      String last = "start";
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(
          child.getInputStream(), StandardCharsets.UTF_8))) {
        int seen = 0;
        for (String line; seen < killAfter && (line = lines.readLine()) != null; ) {
          String step = line.startsWith("published ") ? "published" : line;
          if (STEPS.contains(step)) { // the child's own log lines are not steps
            last = step;
            seen++;
          }
        }
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      killedAfter.merge(last, 1, Integer::sum);

      BackupRepository looking = BackupRepository.builder(root).build();
      for (Backup backup : looking.list()) {
        VerifyResult verify = looking.verify(backup.id());
        assertThat(verify.passed()).as("round %d, killed after %s: backup %s: %s", round, last,
            backup.id(), verify.problems()).isTrue();
      }
      assertThat(looking.damaged()).as("round %d", round).isEmpty();
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("round %d: nothing of the backup beside the database", round)
            .noneMatch(n -> n.contains("runbook-backup"));
      }
    }
    // the kills landed in different steps, the copy and the sync among them
    System.out.println("crash test: " + rounds + " kills, after " + killedAfter);
    assertThat(killedAfter.keySet()).contains("chunk", "sync", "drill");

    // the next run takes the lock and leaves nothing but complete backups, here and offsite
    BackupRepository repo = BackupRepository.builder(root)
        .source(SqliteBackupSource.builder("database", db).build()).build();
    DirectoryTarget offsite = new DirectoryTarget(remote);
    repo.backup();
    assertThat(repo.sync(offsite).passed()).isTrue();
    repo.prune(new RetentionPolicy(Duration.ofDays(30), 50), false);
    assertThat(onlyBackups(root, repo.list().size())).isEmpty();
    assertThat(onlyBackups(remote, offsite.list().size())).isEmpty();
    assertThat(repo.restoreVerify(repo.list().get(repo.list().size() - 1).id()).passed())
        .isTrue();
  }

  /** Entries of {@code folder} other than backups and the lock and state files: none expected. */
  private static List<String> onlyBackups(Path folder, int backups) throws Exception {
    List<String> stray = new ArrayList<>();
    int seen = 0;
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.matches("\\d{8}T\\d{6}Z(-\\d+)?")) {
          seen++;
        } else if (!List.of(".lock", ".sync.lock", ".offsite.json", ".readers").contains(name)) {
          stray.add(name);
        }
      }
    }
    assertThat(seen).isEqualTo(backups);
    return stray;
  }
}
