package dev.runbook.health.sources;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source as last seen: {@code failureRate} is a percentage, or null until the window holds
 * the minimum number of calls; times are null until they first happen.
 */
public record SourceState(
    String name,
    CircuitState state,
    Duration cooldownRemaining,
    Float failureRate,
    int bufferedCalls,
    long notPermittedCalls,
    String lastError,
    Instant lastFailureAt,
    Instant lastSuccessAt,
    boolean critical) {

  /** The source's object in {@code ingestion.sources}, in a fixed key order. */
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("state", state.wireName());
    d.put("cooldown_remaining_s", IngestionSource.ceilSeconds(cooldownRemaining));
    d.put("failure_rate", failureRate == null ? null : Math.round(failureRate * 10) / 10.0);
    d.put("buffered_calls", bufferedCalls);
    d.put("not_permitted_calls", notPermittedCalls);
    d.put("last_error", lastError);
    d.put("last_failure_at", lastFailureAt);
    d.put("last_success_at", lastSuccessAt);
    return Collections.unmodifiableMap(d);
  }
}
