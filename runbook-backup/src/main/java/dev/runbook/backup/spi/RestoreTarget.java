package dev.runbook.backup.spi;

import dev.runbook.backup.Artifact;
import java.io.InputStream;

/**
 * Where a real restore writes: the production database or folder. Engines implement it (SQLite
 * and PostgreSQL in runbook-jdbc).
 * The repository calls it only after the backup verified, the caller confirmed, and a safety backup
 * of the current state was taken.
 */
public interface RestoreTarget {

  /** The artifact name this target restores, e.g. {@code database}. */
  String artifact();

  /** What will be overwritten, for the confirmation message and the log: a path, a database. */
  String describe();

  /**
   * Whether there is current data that a restore would replace. When there is none (a new host,
   * an empty data folder) the restore takes no safety backup, since there is nothing to keep and
   * the source could not read it. Answer true when unsure; the default does.
   */
  default boolean holdsData() {
    return true;
  }

  /** Replaces the current state with {@code data}, the artifact's decompressed bytes. */
  void restore(InputStream data, Artifact artifact) throws Exception;
}
