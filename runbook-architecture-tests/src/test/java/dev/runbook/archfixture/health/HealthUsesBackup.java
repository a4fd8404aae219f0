package dev.runbook.archfixture.health;

import dev.runbook.archfixture.backup.BackupUsesOwnInternals;

/** Breaks "health imports neither backup nor jdbc". */
public final class HealthUsesBackup {
  public static String value() {
    return BackupUsesOwnInternals.root();
  }
}
