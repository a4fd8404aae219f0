package dev.runbook.backup.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one part of a drill went: checksums, integrity checks, the row-count check. */
public enum CheckStatus {
  PASS,
  FAIL,
  /** Not run, because an earlier step failed or no verifier knows the artifact's kind. */
  NOT_RUN;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static CheckStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The two combined: any FAIL fails, else any NOT_RUN is not run, else PASS. */
  public CheckStatus and(CheckStatus other) {
    if (this == FAIL || other == FAIL) {
      return FAIL;
    }
    return this == NOT_RUN || other == NOT_RUN ? NOT_RUN : PASS;
  }
}
