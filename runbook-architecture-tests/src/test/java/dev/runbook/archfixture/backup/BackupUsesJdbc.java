package dev.runbook.archfixture.backup;

import dev.runbook.archfixture.jdbc.JdbcUsesBackupInternals;

/** Breaks "backup imports neither health nor jdbc". */
public final class BackupUsesJdbc {
  public static String value() {
    return JdbcUsesBackupInternals.value();
  }
}
