package dev.runbook.archfixture.backup.s3;

import dev.runbook.archfixture.backup.internal.Layout;

/** Breaks "backup-s3 uses backup's public API only". */
public final class S3UsesBackupInternals {
  public static String value() {
    return Layout.root();
  }
}
