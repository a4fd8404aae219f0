package dev.runbook.health;

import dev.runbook.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One check's reported outcome, as it appears in a payload: the check's result plus when it was
 * taken, how long it took, and whether the check timed out. Strings in it have been redacted.
 */
public final class CheckSnapshot {

  private final String name;
  private final Status status;
  private final String error;
  private final Map<String, Object> details;
  private final Instant checkedAt;
  private final Duration duration;
  private final boolean timedOut;
  private final boolean critical;

  public CheckSnapshot(String name, Status status, String error, Map<String, Object> details,
      Instant checkedAt, Duration duration, boolean timedOut, boolean critical) {
    this.name = Objects.requireNonNull(name, "name");
    this.status = Objects.requireNonNull(status, "status");
    this.error = error;
    this.details = details == null || details.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
    this.duration = Objects.requireNonNull(duration, "duration");
    this.timedOut = timedOut;
    this.critical = critical;
  }

  public String name() {
    return name;
  }

  /** The check's own status; a non-critical check's status is capped only in the aggregate. */
  public Status status() {
    return status;
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The check's details in order; unmodifiable. */
  public Map<String, Object> details() {
    return details;
  }

  public Instant checkedAt() {
    return checkedAt;
  }

  public Duration duration() {
    return duration;
  }

  public boolean timedOut() {
    return timedOut;
  }

  public boolean critical() {
    return critical;
  }

  /** The status this check contributes to its group: capped at degraded when not critical. */
  public Status contribution() {
    return critical ? status : status.capAt(Status.DEGRADED);
  }

  @Override
  public String toString() {
    return "CheckSnapshot{" + name + "=" + status + (error == null ? "" : " (" + error + ")")
        + (timedOut ? ", timed out" : "") + ", details=" + details + "}";
  }
}
