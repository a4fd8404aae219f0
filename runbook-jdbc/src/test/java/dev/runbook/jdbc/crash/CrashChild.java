package dev.runbook.jdbc.crash;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.DirectoryTarget;
import dev.runbook.backup.RetentionPolicy;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.jdbc.WatchedSource;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link CrashIT}: backs up a real SQLite database, syncs it offsite, drills
 * it and prunes, in a loop, printing a line at each step and at every 64 KiB the backup writes,
 * so the parent can kill it at a point it chose by count, not by timing.
 *
 * <p>Arguments: the database, the repository, the offsite folder.
 */
public final class CrashChild {

  private CrashChild() {}

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  public static void main(String[] args) {
    SqliteBackupSource sqlite = SqliteBackupSource.builder("database", Path.of(args[0])).build();
    BackupSource marked = new WatchedSource(sqlite, (out, work) -> {
      say("copy"); // VACUUM INTO the temporary copy starts now
      return new FilterOutputStream(out) {
        private long written;

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          long before = written / 65_536;
          written += len;
          if (written / 65_536 != before) {
            say("chunk");
          }
        }
      };
    });
    DirectoryTarget offsite = new DirectoryTarget(Path.of(args[2]));
    BackupRepository repo = BackupRepository.builder(Path.of(args[1])).source(marked).build();
    RetentionPolicy keepTwo = new RetentionPolicy(Duration.ZERO, 2);
    while (true) {
      Backup backup = repo.backup();
      say("published " + backup.id());
      say("sync");
      repo.sync(offsite);
      say("drill");
      repo.restoreVerify(backup.id());
      say("prune");
      repo.prune(keepTwo, false);
      say("offsite-prune");
      repo.pruneOffsite(offsite, keepTwo, false);
    }
  }
}
