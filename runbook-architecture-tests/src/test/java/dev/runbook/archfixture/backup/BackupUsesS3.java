package dev.runbook.archfixture.backup;

import dev.runbook.archfixture.backup.s3.S3Thing;

/** Breaks "backup does not know backup-s3". */
public final class BackupUsesS3 {
  public static String value() {
    return S3Thing.value();
  }
}
