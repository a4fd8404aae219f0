package dev.runbook.backup.internal;

import dev.runbook.backup.BackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space checked before work starts, so a full disk is an early, exact error naming the
 * path, the bytes needed and the bytes free, never {@code SQLITE_FULL} half-way through.
 */
public final class FreeSpace {

  private FreeSpace() {}

  /** The bytes usable in the file system that holds {@code path} (or its nearest ancestor). */
  public static long usable(Path path) throws IOException {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new IOException("no folder of " + path + " exists");
    }
    return Files.getFileStore(existing).getUsableSpace();
  }

  /**
   * Throws unless {@code needed} bytes are free where {@code path} is.
   *
   * @param what the work, e.g. {@code backup 20261122T031500Z}
   * @param fix what the operator can do, e.g. {@code free space there}
   * @throws BackupException naming the path, the bytes needed and the bytes free
   */
  public static void require(Path path, long needed, String what, String fix) throws IOException {
    if (needed <= 0) {
      return;
    }
    long free = usable(path);
    if (free < needed) {
      throw new BackupException("not enough free space for " + what + " in " + path + ": it needs"
          + " about " + needed + " bytes (" + human(needed) + "), " + free + " bytes ("
          + human(free) + ") are free; " + fix);
    }
  }

  /** {@code 1.5 GiB}, {@code 300.0 MiB}, {@code 12 KiB}, {@code 512 B}. */
  public static String human(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
    return bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B";
  }
}
