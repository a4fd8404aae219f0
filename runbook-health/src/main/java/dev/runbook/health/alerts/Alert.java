package dev.runbook.health.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One condition that needs a person: a check, job, circuit, backup or SLO at warning or critical.
 *
 * @param key {@code source/subject}, one alert per key while it lasts
 * @param source what raised it: {@code check}, {@code job}, {@code circuit}, {@code backup},
 *     {@code slo}
 * @param subject its name, e.g. {@code database} or {@code nightly-backup}
 * @param severity the current severity
 * @param reason why, in words
 * @param raisedAt when it began
 * @param notifiedAt when channels were last told
 * @param resolvedAt when it ended; null while active
 */
public record Alert(String key, String source, String subject, Severity severity, String reason,
    Instant raisedAt, Instant notifiedAt, Instant resolvedAt) {

  /** How urgent an alert is. */
  public enum Severity { WARNING, CRITICAL }

  public boolean active() {
    return resolvedAt == null;
  }

  /**
   * The JSON form, in a fixed key order: {@code key}, {@code source}, {@code subject}, {@code
   * severity} (lower case), {@code reason}, {@code raised_at}, {@code notified_at}, {@code
   * resolved_at} (null while active).
   */
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("key", key);
    f.put("source", source);
    f.put("subject", subject);
    f.put("severity", severity.name().toLowerCase(Locale.ROOT));
    f.put("reason", reason);
    f.put("raised_at", raisedAt.toString());
    f.put("notified_at", notifiedAt.toString());
    f.put("resolved_at", resolvedAt == null ? null : resolvedAt.toString());
    return f;
  }
}
