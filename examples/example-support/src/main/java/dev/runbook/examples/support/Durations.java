package dev.runbook.examples.support;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.time.Duration;

/** Settings helpers the examples share. */
public final class Durations {

  private Durations() {}

  /** A duration setting that must be positive, e.g. {@code REMINDER_INTERVAL}. */
  public static Duration positive(Settings s, String key, Duration fallback) {
    Duration d = s.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new SettingsException(key, key + " must be a positive duration such as 1h or 30s;"
          + " it was " + d, null);
    }
    return d;
  }
}
