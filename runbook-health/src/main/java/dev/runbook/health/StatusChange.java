package dev.runbook.health;

import dev.runbook.core.Status;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A check's reported status changed. {@code from} is empty for the first report of a check that
 * was not {@code ok} from the start; a check that starts {@code ok} fires nothing.
 */
public final class StatusChange {
  private final Instant at;
  private final String check;
  private final Status from;
  private final Status to;
  private final String error;

  StatusChange(Instant at, String check, Status from, Status to, String error) {
    this.at = Objects.requireNonNull(at, "at");
    this.check = Objects.requireNonNull(check, "check");
    this.from = from;
    this.to = Objects.requireNonNull(to, "to");
    this.error = error;
  }

  public Instant at() {
    return at;
  }

  public String check() {
    return check;
  }

  public Optional<Status> from() {
    return Optional.ofNullable(from);
  }

  public Status to() {
    return to;
  }

  /** The redacted error of the new status, if any. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public String toString() {
    return check + ": " + (from == null ? "unknown" : from) + " -> " + to
        + (error == null ? "" : " (" + error + ")");
  }
}
