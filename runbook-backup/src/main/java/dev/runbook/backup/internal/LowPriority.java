package dev.runbook.backup.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backup's or a drill's heavy work on a thread of its own at a lower CPU priority (nice
 * 10, as {@code nice -n 10} would start a backup script), so that on a busy host the service's
 * own threads win the cores and the backup takes what is left. What that thread starts inherits
 * the priority: zstd's worker threads, the row counting, {@code pg_dump} and {@code pg_restore}.
 * On an idle host nothing changes: a lower priority costs nothing without competition.
 *
 * <p>On Linux the thread's id is read from {@code /proc/thread-self} and lowered with {@code
 * renice}, which any user may do to its own threads. Elsewhere, or when {@code renice} is
 * missing, the work runs at normal priority (logged once at debug level).
 */
public final class LowPriority {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");
  static final int NICE = 10;

  private LowPriority() {}

  /** Runs {@code work} on a new thread named {@code name}, lowered when {@code lower}. */
  public static <T> T call(String name, boolean lower, Callable<T> work) throws Exception {
    FutureTask<T> task = new FutureTask<>(() -> {
      if (lower) {
        lowerThisThread();
      }
      return work.call();
    });
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          // the work cleans up after itself (staging, scratch) before the caller's lock goes
          interrupted = true;
          thread.interrupt();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Exception) {
            throw (Exception) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Lowers the calling thread's priority; whether it could. */
  static boolean lowerThisThread() {
    Path self = Path.of("/proc/thread-self");
    try {
      if (!Files.isSymbolicLink(self)) {
        return false;
      }
      String tid = Files.readSymbolicLink(self).getFileName().toString();
      Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!renice.waitFor(10, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        return false;
      }
      return renice.exitValue() == 0;
    } catch (IOException | RuntimeException e) {
      log.atDebug().setMessage("backup_priority_unchanged").addKeyValue("reason", e.toString())
          .log();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The calling thread's nice value on Linux, or null where it cannot be read. */
  static Integer niceOfThisThread() throws IOException {
    Path stat = Path.of("/proc/thread-self/stat");
    if (!Files.exists(stat)) {
      return null;
    }
    String line = Files.readString(stat);
    // the fields after the command name in brackets; nice is the 19th field of the line
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }
}
