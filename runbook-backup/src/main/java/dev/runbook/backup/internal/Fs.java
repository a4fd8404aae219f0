package dev.runbook.backup.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The file-system steps a crash-safe repository is made of: fsync of files and folders, an atomic
 * write of a small file, an atomic rename, and deleting a tree without following links.
 */
public final class Fs {

  private Fs() {}

  /** Forces a file's bytes to the device. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Forces a folder's entries (names created, renamed or removed in it) to the device, so that a
   * rename survives a power cut. File systems that cannot open a folder for sync are skipped.
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (Files.isDirectory(dir)) {
        return; // e.g. Windows: folders cannot be opened as channels; the rename is still atomic
      }
      throw e;
    }
  }

  /** Writes a small file next to its final name, syncs it, then renames it into place. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      fsync(temp);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    fsyncDirectory(target.getParent());
  }

  /** An atomic rename; fails rather than falling back to a copy. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to
          + " atomically; keep staging and backups on one file system", e);
    }
  }

  /** Deletes a file or a folder and everything under it; links are removed, never followed. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        // a restored read-only folder (mode 0555) must become writable to be emptied
        if (!Files.isWritable(dir)) {
          try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions
                .fromString("rwx------"));
          } catch (IOException | UnsupportedOperationException e) {
            // the delete below reports the real problem
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Milliseconds from {@code start} to now on {@code clock}; never negative. */
  public static long millisSince(Instant start, Clock clock) {
    return Math.max(0, Duration.between(start, clock.instant()).toMillis());
  }
}
