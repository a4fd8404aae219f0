package dev.runbook.health.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One job as the monitor last saw it. The field names are the JSON names of {@code
 * scheduler.jobs.<name>} in camel case; {@link #details()} gives the JSON form. Times are null
 * until they first happen. {@code lastRunAt} is when the latest run started; {@code
 * lastSuccessAt} and {@code lastFailureAt} are when the latest successful and the latest failed
 * run ended, so the two compare directly.
 */
public record JobState(
    String name,
    int consecutiveFailures,
    int failureThreshold,
    String lastError,
    Instant lastRunAt,
    Instant lastSuccessAt,
    Instant lastFailureAt,
    Duration lastDuration,
    boolean running,
    long runs,
    long failures,
    long skipped,
    Instant nextRunAt,
    boolean failing,
    boolean overdue,
    boolean stuck,
    boolean critical,
    boolean paused) {

  /** The job's object in the {@code scheduler} section, in a fixed key order. */
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("consecutive_failures", consecutiveFailures);
    d.put("failure_threshold", failureThreshold);
    d.put("last_error", lastError);
    d.put("last_run_at", lastRunAt);
    d.put("last_success_at", lastSuccessAt);
    d.put("last_failure_at", lastFailureAt);
    d.put("last_duration_ms", lastDuration == null ? null : lastDuration.toMillis());
    d.put("running", running);
    d.put("runs", runs);
    d.put("failures", failures);
    d.put("skipped", skipped);
    d.put("next_run_at", nextRunAt);
    d.put("paused", paused);
    return Collections.unmodifiableMap(d);
  }
}
