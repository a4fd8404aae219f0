package dev.runbook.backup.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Marks a backup as being read (by a restore, an offsite upload, an operator's copy) so that
 * retention leaves it alone.
 *
 * <p>Each reader creates its own file {@code .readers/<id>~<uuid>.lock} and holds an
 * operating-system lock on it. A marker whose lock can be taken belongs to a reader that died, and
 * is removed. Because every marker is a different file, readers never contend with each other.
 *
 * <p>Retention renames a backup aside before it looks for readers, and a reader checks that the
 * backup is still there after its marker is locked; so either retention sees the reader, or the
 * reader sees the backup gone. Neither can miss the other.
 */
public final class ReaderLocks {

  private final Path dir;

  public ReaderLocks(Path root) {
    this.dir = root.resolve(Layout.READERS);
  }

  /** Marks {@code id} as being read until the result is closed. */
  public Reader open(String id) throws IOException {
    Files.createDirectories(dir);
    Path marker = dir.resolve(id + "~" + UUID.randomUUID() + ".lock");
    FileChannel channel = FileChannel.open(marker, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    try {
      return new Reader(marker, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(marker);
      throw e;
    }
  }

  /** Whether a live reader holds {@code id}; markers of dead readers are removed on the way. */
  public boolean isRead(String id) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    boolean read = false;
    try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, id + "~*.lock")) {
      for (Path marker : markers) {
        if (isLive(marker)) {
          read = true;
        }
      }
    }
    return read;
  }

  private static boolean isLive(Path marker) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(marker, StandardOpenOption.WRITE);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    }
    try (channel) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true; // held by another process
      }
      lock.release();
    } catch (OverlappingFileLockException heldHere) {
      return true; // held by a reader in this process
    }
    Files.deleteIfExists(marker);
    return false;
  }

  /** A held read mark. */
  public static final class Reader implements java.io.Closeable {
    private final Path marker;
    private final FileChannel channel;
    private final FileLock lock;

    private Reader(Path marker, FileChannel channel, FileLock lock) {
      this.marker = marker;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      try {
        Files.deleteIfExists(marker);
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
