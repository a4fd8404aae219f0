package dev.runbook.backup;

import dev.runbook.backup.report.DrillReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A complete backup in a repository: its folder, its manifest and its latest drill.
 *
 * @param id the folder name, e.g. {@code 20261122T031500Z}
 * @param folder the folder
 * @param manifest the manifest, whose own checksum matched when it was listed
 * @param lastDrill the latest drill's record, or null when it was never drilled
 */
public record Backup(String id, Path folder, Manifest manifest, DrillReport lastDrill) {

  public Instant createdAt() {
    return manifest.createdAt();
  }

  /** The latest drill, if any. */
  public Optional<DrillReport> latestDrill() {
    return Optional.ofNullable(lastDrill);
  }

  /** Whether the latest drill passed: the backup is proven restorable. */
  public boolean passedDrill() {
    return lastDrill != null && lastDrill.passed();
  }
}
