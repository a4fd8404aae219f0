package dev.runbook.archfixture.backup.internal;

public final class Layout {
  public static String root() {
    return "/srv/backups";
  }
}
