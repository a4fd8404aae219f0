package dev.runbook.health.sources;

import java.util.Locale;

/** How a call through a source ended. */
public enum SourceOutcome {
  SUCCESS,
  /** Failed, and counted against the circuit. */
  FAILURE,
  /** Failed for an ignored reason (client_error by default): not counted against the circuit. */
  IGNORED,
  /** Refused at once because the circuit was open; the source was not called. */
  REJECTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
