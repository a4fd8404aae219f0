package dev.runbook.health.sources;

import java.time.Duration;

/**
 * Thrown at once, without calling the source, while its circuit refuses calls. Carries the
 * source, the circuit's state and the exact remaining cooldown; {@link #retryAfterSeconds()} is
 * ready for a {@code Retry-After} header.
 */
public final class SourceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final CircuitState state;
  private final Duration cooldownRemaining;

  SourceUnavailableException(String source, CircuitState state, Duration cooldownRemaining) {
    super(message(source, state, cooldownRemaining), null, false, false);
    this.source = source;
    this.state = state;
    this.cooldownRemaining = cooldownRemaining;
  }

  private static String message(String source, CircuitState state, Duration remaining) {
    if (state == CircuitState.HALF_OPEN) {
      return "source \"" + source + "\" is half-open and its trial calls are in flight; retry"
          + " shortly";
    }
    return "source \"" + source + "\" circuit is " + state.wireName() + "; retry in "
        + IngestionSource.ceilSeconds(remaining) + " s";
  }

  public String source() {
    return source;
  }

  public CircuitState state() {
    return state;
  }

  /** Exactly how long until the circuit lets trial calls through; zero when half-open. */
  public Duration cooldownRemaining() {
    return cooldownRemaining;
  }

  /** The remaining cooldown in whole seconds, rounded up, as {@code Retry-After} wants it. */
  public long retryAfterSeconds() {
    return IngestionSource.ceilSeconds(cooldownRemaining);
  }
}
