package dev.runbook.health.jobs;

import dev.runbook.core.RunSkipped;

/**
 * Thrown by a task that could not run this time (for example its dependency's circuit is open).
 * A skipped run neither counts as a failure nor resets the failure count. Any exception that
 * implements {@link RunSkipped} skips a run the same way; one whose {@link
 * RunSkipped#retryAfter()} is present is tried again after that delay when the monitor schedules
 * the job itself.
 *
 * <pre>{@code
 * if (email.isOpen()) throw new JobSkipped("email circuit open for 42 s");
 * }</pre>
 */
public final class JobSkipped extends RuntimeException implements RunSkipped {
  private static final long serialVersionUID = 1L;

  public JobSkipped(String reason) {
    super(reason, null, false, false);
  }
}
