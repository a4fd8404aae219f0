package dev.runbook.health.alerts;

/**
 * What a channel is told.
 *
 * @param type {@code RAISED} (new), {@code ESCALATED} (its severity rose), {@code RENOTIFIED}
 *     (still active after the re-notify interval) or {@code RESOLVED}
 */
public record AlertEvent(Type type, Alert alert) {

  /** Why a channel is told. */
  public enum Type { RAISED, ESCALATED, RENOTIFIED, RESOLVED }
}
