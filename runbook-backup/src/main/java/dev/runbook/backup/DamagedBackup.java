package dev.runbook.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A folder in the repository named as a backup that cannot be trusted as one, and why: {@code
 * manifest checksum mismatch}, {@code manifest.json missing or unreadable}, {@code
 * manifest.json.sha256 missing or unreadable}, {@code manifest unreadable}, {@code name does not
 * match manifest (it says ...)}, or {@code drill record damaged: <file>}. Listed by {@link
 * BackupRepository#damaged()} and the {@code list} command, failed by {@code verify}, and never
 * deleted by retention: an operator inspects it (its artifacts may still restore by hand) and
 * removes it.
 *
 * @param id the folder's name, a backup id
 * @param folder the folder
 * @param createdAt the time its name says
 * @param reason why it cannot be trusted
 */
public record DamagedBackup(String id, Path folder, Instant createdAt, String reason) {

  public DamagedBackup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(reason, "reason");
  }
}
