package dev.runbook.health;

import dev.runbook.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One check's reported outcome, as it appears in a payload: the check's result plus when it was
 * taken, how long it took, and whether the check timed out. Strings in it have been redacted.
 * The registry makes snapshots; applications read them.
 */
public interface CheckSnapshot {

  String name();

  /** The check's own status; a non-critical check's status is capped only in the aggregate. */
  Status status();

  Optional<String> error();

  /** The check's details in order; unmodifiable. */
  Map<String, Object> details();

  Instant checkedAt();

  Duration duration();

  boolean timedOut();

  boolean critical();

  /** The status this check contributes to its group: capped at degraded when not critical. */
  default Status contribution() {
    return critical() ? status() : status().capAt(Status.DEGRADED);
  }
}
