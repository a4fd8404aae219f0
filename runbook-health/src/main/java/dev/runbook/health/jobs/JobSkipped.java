package dev.runbook.health.jobs;

/**
 * Thrown by a task that could not run this time (for example its dependency's circuit is open).
 * A skipped run neither counts as a failure nor resets the failure count.
 *
 * <pre>{@code
 * if (email.isOpen()) throw new JobSkipped("email circuit open for 42 s");
 * }</pre>
 */
public final class JobSkipped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobSkipped(String reason) {
    super(reason, null, false, false);
  }
}
