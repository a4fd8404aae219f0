package dev.runbook.health.sources;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Locale;

/** A source circuit's state, with the names the {@code ingestion} section uses. */
public enum CircuitState {
  CLOSED,
  OPEN,
  HALF_OPEN,
  FORCED_OPEN,
  DISABLED,
  METRICS_ONLY;

  /** {@code closed}, {@code open}, {@code half_open}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Calls are refused (open or forced open). */
  public boolean refusesCalls() {
    return this == OPEN || this == FORCED_OPEN;
  }

  /** The gauge value of {@code runbook.source.state}: 0 closed, 1 half-open, 2 open. */
  public int level() {
    return refusesCalls() ? 2 : this == HALF_OPEN ? 1 : 0;
  }

  static CircuitState of(CircuitBreaker.State state) {
    return valueOf(state.name());
  }
}
