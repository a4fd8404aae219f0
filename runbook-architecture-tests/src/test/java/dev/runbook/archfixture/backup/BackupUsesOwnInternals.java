package dev.runbook.archfixture.backup;

import dev.runbook.archfixture.backup.internal.Layout;

/** Allowed: a module may use its own internals. */
public final class BackupUsesOwnInternals {
  public static String root() {
    return Layout.root();
  }
}
