package dev.runbook.backup;

import dev.runbook.backup.internal.FolderVerifier;
import dev.runbook.backup.internal.Fs;
import dev.runbook.backup.internal.ReaderLocks;
import dev.runbook.backup.spi.RestoreTarget;
import dev.runbook.core.Redactor;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real restore, in the order that keeps it undoable: confirmation, verification, a safety backup
 * of the current state, and only then the write.
 */
final class RealRestore {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private final BackupRepository repo;
  private final FolderVerifier verifier;
  private final ReaderLocks readers;
  private final Redactor redactor;

  RealRestore(BackupRepository repo, FolderVerifier verifier, ReaderLocks readers,
      Redactor redactor) {
    this.repo = repo;
    this.verifier = verifier;
    this.readers = readers;
    this.redactor = redactor;
  }

  Backup run(String id, RestoreTarget target, String confirmation) {
    if (!id.equals(confirmation)) {
      log.atWarn().setMessage("backup_restore_refused").addKeyValue("backup_id", id)
          .addKeyValue("target", target.describe()).log();
      throw new BackupException("restore of backup " + id + " into " + target.describe()
          + " is not confirmed; it replaces the current data, so pass the backup id \"" + id
          + "\" as the confirmation");
    }
    return repo.locked("restore of " + id, () -> {
      Path folder = repo.root().resolve(id);
      FolderVerifier.Outcome verified = verifier.verify(id, folder);
      if (!verified.result().passed()) {
        throw new BackupException("backup " + id + " failed verification and was not restored: "
            + verified.result().problems());
      }
      Manifest manifest = verified.manifest();
      Artifact artifact = manifest.artifacts().stream()
          .filter(a -> a.name().equals(target.artifact())).findFirst()
          .orElseThrow(() -> new BackupException("backup " + id + " has no artifact \""
              + target.artifact() + "\"; it has " + manifest.artifacts().stream()
                  .map(Artifact::name).collect(Collectors.joining(", "))));
      String undecodable = repo.crypto().undecodable(artifact, folder.resolve(artifact.file()));
      if (undecodable != null) {
        throw new BackupException("backup " + id + " cannot be restored here: " + undecodable
            + "; nothing was changed");
      }
      Backup safety = target.holdsData() ? repo.safetyBackup("safety backup before restoring "
          + id + " into " + target.describe()) : null; // a new host: nothing to keep
      Instant start = repo.clock().instant();
      try {
        ReaderLocks.Reader reading = readers.open(id);
        try (InputStream data = repo.crypto().decode(artifact, new BufferedInputStream(
            Files.newInputStream(folder.resolve(artifact.file())), 64 * 1024))) {
          target.restore(data, artifact);
        } finally {
          reading.close();
        }
      } catch (Exception e) {
        String error = redactor.redact(e);
        log.atError().setMessage("backup_restore_failed").addKeyValue("backup_id", id)
            .addKeyValue("target", target.describe())
            .addKeyValue("safety_backup_id", safety == null ? "none" : safety.id())
            .addKeyValue("error", error).log();
        throw new BackupException("restore of " + id + " into " + target.describe() + " failed: "
            + error + (safety == null ? "; there was no data before it"
            : "; the state before it is in safety backup " + safety.id()), e);
      }
      var restored = log.atWarn().setMessage("backup_restored").addKeyValue("backup_id", id)
          .addKeyValue("artifact", artifact.name()).addKeyValue("target", target.describe());
      if (safety != null) {
        restored = restored.addKeyValue("safety_backup_id", safety.id());
      }
      restored.addKeyValue("duration_ms", Fs.millisSince(start, repo.clock())).log();
      return safety;
    });
  }
}
