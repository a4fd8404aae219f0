package dev.runbook.backup.report;

import java.util.List;

/**
 * How one artifact fared in a drill.
 *
 * @param name the artifact's name
 * @param kind its kind
 * @param file its file in the backup folder
 * @param checksumStatus whether its size, SHA-256 and compressed stream were sound
 * @param restoreResult whether it was restored into a scratch target
 * @param integrityStatus whether the engine's own checks passed on the restored copy
 * @param integrityChecks the checks that ran
 * @param integrityProblems what they reported
 * @param rowCountCheck whether every table's count matched the manifest
 * @param rowCounts expected and actual count per table
 * @param durationMs how long the restore and checks took
 * @param error why the restore failed or was skipped; null otherwise
 */
public record ArtifactDrill(
    String name,
    String kind,
    String file,
    CheckStatus checksumStatus,
    RestoreResult restoreResult,
    CheckStatus integrityStatus,
    List<String> integrityChecks,
    List<String> integrityProblems,
    CheckStatus rowCountCheck,
    List<TableCount> rowCounts,
    long durationMs,
    String error) {

  public ArtifactDrill {
    integrityChecks = List.copyOf(integrityChecks);
    integrityProblems = List.copyOf(integrityProblems);
    rowCounts = List.copyOf(rowCounts);
  }
}
