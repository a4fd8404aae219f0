package dev.runbook.health.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a channel is told.
 *
 * @param type {@code RAISED} (new), {@code ESCALATED} (its severity rose), {@code RENOTIFIED}
 *     (still active after the re-notify interval) or {@code RESOLVED}
 */
public record AlertEvent(Type type, Alert alert) {

  /** Why a channel is told. */
  public enum Type { RAISED, ESCALATED, RENOTIFIED, RESOLVED }

  /** When it happened: the resolve time for {@code RESOLVED}, else the notify time. */
  public Instant at() {
    return type == Type.RESOLVED ? alert.resolvedAt() : alert.notifiedAt();
  }

  /**
   * The JSON form every channel writes: {@code at} and {@code event} ({@code raised}, {@code
   * escalated}, {@code renotified}, {@code resolved}), then {@link Alert#fields()}.
   */
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("at", at().toString());
    f.put("event", type.name().toLowerCase(Locale.ROOT));
    f.putAll(alert.fields());
    return f;
  }

  /** One line for people: {@code [WARNING] job/overdue-reminders raised: <reason>}. */
  public String summary() {
    return "[" + alert.severity() + "] " + alert.key() + " "
        + type.name().toLowerCase(Locale.ROOT) + ": " + alert.reason();
  }
}
