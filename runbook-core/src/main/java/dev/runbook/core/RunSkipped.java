package dev.runbook.core;

import java.time.Duration;
import java.util.Optional;

/**
 * Implemented by an exception that means "not this time" rather than "failed": the work did not
 * start because something it needs is held elsewhere (a lock another process holds) or is not
 * there yet. A scheduler records such a run as skipped, neither a failure nor a success, and
 * when {@link #retryAfter()} is present tries again after that delay instead of a whole period
 * later, so a nightly job skipped because an operator's drill held the lock still runs tonight.
 *
 * <pre>{@code
 * public final class RepositoryBusyException extends RuntimeException implements RunSkipped {
 *   public Optional<Duration> retryAfter() { return Optional.of(Duration.ofMinutes(1)); }
 * }
 * }</pre>
 */
public interface RunSkipped {

  /** Why the run was skipped; shown as the run's reason. */
  String getMessage();

  /** How soon trying again makes sense; empty means at the next regular run. */
  default Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
