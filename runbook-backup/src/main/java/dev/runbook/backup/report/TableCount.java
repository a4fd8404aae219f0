package dev.runbook.backup.report;

/**
 * One row of a drill's row-count check.
 *
 * @param table the table
 * @param expected the count in the manifest, or null when the manifest does not list the table
 * @param actual the count in the restored copy, or null when the copy lacks the table
 */
public record TableCount(String table, Long expected, Long actual) {

  /** Whether both sides agree. */
  public boolean matches() {
    return expected != null && expected.equals(actual);
  }
}
