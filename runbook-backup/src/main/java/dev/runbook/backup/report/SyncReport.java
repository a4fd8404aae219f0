package dev.runbook.backup.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one offsite sync did.
 *
 * @param target the target's description
 * @param startedAt when the sync started
 * @param durationMs how long it took
 * @param pushed the backups copied and confirmed
 * @param present the backups the target already had
 * @param failed backup id to why its copy was not published
 */
public record SyncReport(
    String target,
    Instant startedAt,
    long durationMs,
    List<String> pushed,
    List<String> present,
    Map<String, String> failed) {

  public SyncReport {
    pushed = List.copyOf(pushed);
    present = List.copyOf(present);
    failed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed));
  }

  /** Whether every local backup is now on the target. */
  public boolean passed() {
    return failed.isEmpty();
  }
}
