package dev.runbook.health.internal;

import dev.runbook.core.Status;
import dev.runbook.health.CheckSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The registry's {@link CheckSnapshot}: immutable, details copied in order. */
public record Snapshot(String name, Status status, Optional<String> error,
    Map<String, Object> details, Instant checkedAt, Duration duration, boolean timedOut,
    boolean critical) implements CheckSnapshot {

  public Snapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    details = details == null || details.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(duration, "duration");
  }

  /** With an error that may be null. */
  public static Snapshot of(String name, Status status, String error, Map<String, Object> details,
      Instant checkedAt, Duration duration, boolean timedOut, boolean critical) {
    return new Snapshot(name, status, Optional.ofNullable(error), details, checkedAt, duration,
        timedOut, critical);
  }

  @Override
  public String toString() {
    return "CheckSnapshot{" + name + "=" + status + error.map(e -> " (" + e + ")").orElse("")
        + (timedOut ? ", timed out" : "") + ", details=" + details + "}";
  }
}
