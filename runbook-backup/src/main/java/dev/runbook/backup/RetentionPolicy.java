package dev.runbook.backup;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.time.Duration;
import java.util.Objects;

/**
 * Which backups retention keeps: every backup younger than {@code keepWithin}, and the newest
 * {@code keepLast} whatever their age, so that a service that stopped backing up does not lose its
 * last good copies to the calendar. On top of both, retention never deletes the newest backup whose
 * last drill passed, nor one being read.
 *
 * @param keepWithin keep backups younger than this; default 30 days
 * @param keepLast keep at least this many of the newest backups; default 7, at least 1
 */
public record RetentionPolicy(Duration keepWithin, int keepLast) {

  public static final Duration DEFAULT_KEEP_WITHIN = Duration.ofDays(30);
  public static final int DEFAULT_KEEP_LAST = 7;

  public RetentionPolicy {
    Objects.requireNonNull(keepWithin, "keepWithin");
    if (keepWithin.isNegative()) {
      throw new IllegalArgumentException("keepWithin is " + keepWithin + "; use 0 or more");
    }
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast is " + keepLast
          + "; retention keeps at least the newest backup, so use 1 or more");
    }
  }

  /** 30 days, and the last 7. */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(DEFAULT_KEEP_WITHIN, DEFAULT_KEEP_LAST);
  }

  /**
   * Reads {@code BACKUP_RETENTION_DAYS} (a whole number of days) or {@code BACKUP_RETENTION} (a
   * duration such as {@code 30d} or {@code PT720H}), and {@code BACKUP_KEEP_LAST}.
   *
   * @throws SettingsException naming the key, for a bad value or both retention keys set
   */
  public static RetentionPolicy fromSettings(Settings settings) {
    Duration within = DEFAULT_KEEP_WITHIN;
    boolean days = settings.string("BACKUP_RETENTION_DAYS").isPresent();
    if (days && settings.string("BACKUP_RETENTION").isPresent()) {
      throw new SettingsException("BACKUP_RETENTION", "BACKUP_RETENTION and BACKUP_RETENTION_DAYS"
          + " are both set; keep one of them", null);
    }
    if (days) {
      within = Duration.ofDays(settings.number("BACKUP_RETENTION_DAYS", 30, 1, 36_500));
    } else {
      within = settings.duration("BACKUP_RETENTION", within);
    }
    int last = (int) settings.number("BACKUP_KEEP_LAST", DEFAULT_KEEP_LAST, 1, 10_000);
    return new RetentionPolicy(within, last);
  }
}
