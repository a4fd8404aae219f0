package dev.runbook.health.jobs;

import java.util.Locale;

/** How a run ended. */
public enum JobOutcome {
  SUCCESS,
  FAILURE,
  /** The task could not run this time ({@link JobSkipped}); neither a failure nor a success. */
  SKIPPED;

  /** {@code success}, {@code failure} or {@code skipped}: the metric tag and JSON value. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
