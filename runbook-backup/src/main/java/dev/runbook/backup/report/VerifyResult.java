package dev.runbook.backup.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of {@link dev.runbook.backup.BackupRepository#verify}: every file present, nothing
 * unexpected, sizes and SHA-256 as the manifest says, compressed streams decoding to the end.
 *
 * @param backupId the backup's id (its folder name)
 * @param folder the folder verified
 * @param checkedAt when the check started
 * @param durationMs how long it took
 * @param filesChecked how many files were read
 * @param problems each bad file and what is wrong with it; empty when the backup is intact
 */
public record VerifyResult(
    String backupId,
    Path folder,
    Instant checkedAt,
    long durationMs,
    int filesChecked,
    List<FileProblem> problems) {

  public VerifyResult {
    problems = List.copyOf(problems);
  }

  /** Whether the backup is intact. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** Whether this file has a problem. */
  public boolean isBad(String file) {
    return problems.stream().anyMatch(p -> p.file().equals(file));
  }
}
