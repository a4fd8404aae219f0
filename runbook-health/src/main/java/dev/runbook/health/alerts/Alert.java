package dev.runbook.health.alerts;

import java.time.Instant;

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
}
