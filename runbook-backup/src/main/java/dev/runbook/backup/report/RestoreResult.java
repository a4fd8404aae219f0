package dev.runbook.backup.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a drill managed to restore an artifact into its scratch target. */
public enum RestoreResult {
  RESTORED,
  FAILED,
  /** Not attempted: the artifact failed its checksum, or no verifier knows its kind. */
  SKIPPED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static RestoreResult fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
