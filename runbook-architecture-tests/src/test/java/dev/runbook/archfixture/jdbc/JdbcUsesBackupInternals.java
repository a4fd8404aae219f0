package dev.runbook.archfixture.jdbc;

import dev.runbook.archfixture.backup.internal.Layout;

/** Breaks "backup internals stay inside backup". */
public final class JdbcUsesBackupInternals {
  public static String value() {
    return Layout.root();
  }
}
