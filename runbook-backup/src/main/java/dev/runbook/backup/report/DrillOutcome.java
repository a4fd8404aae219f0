package dev.runbook.backup.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict of a restore-verify drill. */
public enum DrillOutcome {
  /** Every artifact verified, restored, passed its integrity checks and matched its row counts. */
  PASS,
  /** Something is wrong with the backup: a checksum, a restore, an integrity check or a count. */
  FAIL,
  /** Nothing was found wrong, but not everything could be proven, e.g. no verifier for a kind. */
  INCONCLUSIVE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static DrillOutcome fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
