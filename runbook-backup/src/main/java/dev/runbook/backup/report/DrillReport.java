package dev.runbook.backup.report;

import java.time.Instant;
import java.util.List;

/**
 * The record of one restore-verify drill, as stored in {@code drill-<timestamp>.json} beside the
 * manifest: the checksum status, integrity status, restore result and row-count check the runbooks
 * ask for, per artifact and overall.
 *
 * @param backupId the backup drilled
 * @param outcome pass, fail or inconclusive
 * @param startedAt when the drill started
 * @param finishedAt when it ended
 * @param durationMs the time between the two
 * @param checksumStatus every file's size, SHA-256 and compressed stream
 * @param restoreResult {@code restored} when every artifact was restored
 * @param integrityStatus the engines' own checks over all artifacts
 * @param rowCountCheck every table's count against the manifest
 * @param problems the bad files {@link dev.runbook.backup.BackupRepository#verify} found
 * @param artifacts each artifact's part of the drill
 */
public record DrillReport(
    String backupId,
    DrillOutcome outcome,
    Instant startedAt,
    Instant finishedAt,
    long durationMs,
    CheckStatus checksumStatus,
    RestoreResult restoreResult,
    CheckStatus integrityStatus,
    CheckStatus rowCountCheck,
    List<FileProblem> problems,
    List<ArtifactDrill> artifacts) {

  public DrillReport {
    problems = List.copyOf(problems);
    artifacts = List.copyOf(artifacts);
  }

  /** Whether the drill proved the backup restorable. */
  public boolean passed() {
    return outcome == DrillOutcome.PASS;
  }
}
