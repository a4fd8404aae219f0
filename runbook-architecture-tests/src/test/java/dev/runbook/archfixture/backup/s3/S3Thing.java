package dev.runbook.archfixture.backup.s3;

/** A class of the fixture's backup-s3 module. */
public final class S3Thing {
  public static String value() {
    return "s3";
  }
}
