package dev.runbook.backup.internal;

import dev.runbook.backup.BackupBusyException;
import dev.runbook.backup.BackupException;
import dev.runbook.core.Redactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's one writer lock: backups, drills and prunes hold it, so none runs over another.
 *
 * <p>It is an operating-system lock on {@code <root>/.lock}, which the kernel releases when the
 * holder dies, even by SIGKILL; so a lock is never stuck. The holder writes who it is into the
 * file and empties it on release. Finding the file non-empty while getting the lock therefore means
 * the last holder died mid-operation: that is the stale lock we recover from, and we log it.
 *
 * <p>Threads of one repository queue on an in-process lock for up to the configured wait; the file
 * lock itself is only tried once, because a JVM cannot wait on a file lock another of its own
 * threads holds. Another process or another repository object on the same folder gets a {@link
 * BackupBusyException} at once, naming the holder.
 */
public final class RepositoryLock {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private final Path file;
  private final ReentrantLock local = new ReentrantLock();
  private final Duration wait;
  private final Clock clock;

  public RepositoryLock(Path root, Duration wait, Clock clock) {
    this(root, Layout.LOCK_FILE, wait, clock);
  }

  /** A lock of its own in {@code root}, e.g. {@link Layout#SYNC_LOCK_FILE}. */
  public RepositoryLock(Path root, String fileName, Duration wait, Clock clock) {
    this.file = root.resolve(fileName);
    this.wait = wait;
    this.clock = clock;
  }

  /** Takes the lock for {@code operation} (e.g. {@code backup}) or throws naming the holder. */
  public Held acquire(String operation, String host) {
    boolean locked;
    try {
      locked = local.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("interrupted while waiting for the lock on " + file, e);
    }
    if (!locked) {
      throw busy(operation, "another thread of this service (waited " + wait + ")");
    }
    FileChannel channel = null;
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = read(channel);
        channel.close();
        throw busy(operation, holder.isEmpty() ? "another repository object in this process" : holder);
      }
      String previous = read(channel);
      if (!previous.isEmpty()) {
        log.atWarn().setMessage("backup_lock_recovered").addKeyValue("lock", file)
            .addKeyValue("previous_holder", previous).log();
      }
      String me = operation + " by pid " + ProcessHandle.current().pid() + " on " + host
          + " since " + clock.instant();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new Held(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      local.unlock();
      throw new BackupException("cannot lock backup repository " + file.getParent() + ": "
          + e.getMessage() + "; the folder must be writable and on a file system with locks", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      local.unlock();
      throw e;
    }
  }

  /** Work done under the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} holding the lock for {@code operation}. */
  public <T> T with(String operation, String host, Work<T> work) throws IOException {
    Held held = acquire(operation, host);
    try {
      return work.run();
    } finally {
      held.close();
    }
  }

  private BackupBusyException busy(String operation, String holder) {
    return new BackupBusyException("backup repository " + file.getParent() + " is busy: cannot "
        + operation + " while " + holder + " holds its lock; try again when it finishes", holder);
  }

  private static String read(FileChannel channel) throws IOException {
    long size = Math.min(channel.size(), 4096);
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing releases the lock; nothing else to do
      }
    }
  }

  /** A held lock; closing empties the file and releases it. */
  public final class Held implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Held(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        channel.truncate(0);
        channel.force(true);
        lock.release();
      } catch (IOException e) {
        log.atWarn().setMessage("backup_lock_release_failed").addKeyValue("lock", file)
            .addKeyValue("error", Redactor.defaults().redact(e)).log();
      } finally {
        closeQuietly(channel);
        local.unlock();
      }
    }
  }
}
