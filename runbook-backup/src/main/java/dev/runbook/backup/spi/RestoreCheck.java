package dev.runbook.backup.spi;

import dev.runbook.backup.internal.RowCounts;
import java.util.List;
import java.util.Map;

/**
 * What a {@link RestoreVerifier} found in its restored copy.
 *
 * @param checks the integrity checks it ran, e.g. {@code PRAGMA integrity_check}
 * @param problems what those checks reported wrong; empty when the copy is sound
 * @param rowCounts table name to row count in the restored copy
 */
public record RestoreCheck(List<String> checks, List<String> problems, Map<String, Long> rowCounts) {

  public RestoreCheck {
    checks = List.copyOf(checks);
    problems = List.copyOf(problems);
    rowCounts = RowCounts.copy(rowCounts);
  }

  /** A sound copy. */
  public static RestoreCheck passed(List<String> checks, Map<String, Long> rowCounts) {
    return new RestoreCheck(checks, List.of(), rowCounts);
  }

  /** Whether the integrity checks found nothing wrong. */
  public boolean integrityPassed() {
    return problems.isEmpty();
  }
}
