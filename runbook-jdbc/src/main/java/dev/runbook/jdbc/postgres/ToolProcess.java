package dev.runbook.jdbc.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of a PostgreSQL tool: its stdin and stdout for streaming, the tail of its stderr for
 * the error message, and the pass file that carries the password, deleted on close. Closing also
 * kills a tool that is still running, so a failed backup never leaves one behind. A tool still
 * running at its time limit is killed with every process it started, and {@link #finish} says so:
 * a hung {@code pg_dump} never holds the backup lock for ever.
 */
final class ToolProcess implements AutoCloseable {

  private static final int STDERR_KEEP = 16 * 1024;

  private final String tool;
  private final Process process;
  private final Path passFile;
  private final Thread stderrReader;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Duration timeLimit;
  private final ScheduledFuture<?> watchdog;
  private volatile boolean killed;

  private ToolProcess(String tool, Process process, Path passFile, Duration timeLimit,
      ScheduledExecutorService timer) {
    this.tool = tool;
    this.process = process;
    this.passFile = passFile;
    this.timeLimit = timeLimit;
    this.stderrReader = new Thread(this::drainStderr, "runbook-" + tool + "-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
    this.watchdog = timer.schedule(this::timeUp, timeLimit.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The time limit passed: the tool and everything it started are killed. */
  private void timeUp() {
    if (process.isAlive()) {
      killed = true;
      killTree();
    }
  }

  private void killTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  static ToolProcess start(String tool, List<String> command, PgDatabase db, Duration timeLimit,
      ScheduledExecutorService timer) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Path passFile = null;
    if (db.hasPassword()) {
      passFile = Files.createTempFile("runbook-pgpass-", ".conf",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(passFile, "*:*:*:" + escape(db.user()) + ":" + escape(db.password())
          + "\n", StandardCharsets.UTF_8);
      pb.environment().put("PGPASSFILE", passFile.toString());
      // libpq prefers PGPASSWORD to the pass file; the configured password must win.
      pb.environment().remove("PGPASSWORD");
    }
    pb.environment().putIfAbsent("PGCONNECT_TIMEOUT", "10");
    try {
      return new ToolProcess(tool, pb.start(), passFile, timeLimit, timer);
    } catch (IOException e) {
      if (passFile != null) {
        Files.deleteIfExists(passFile);
      }
      throw e;
    }
  }

  private static String escape(String field) {
    return field.replace("\\", "\\\\").replace(":", "\\:");
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  /**
   * Waits for the tool and fails with its stderr unless it exited 0.
   *
   * @param what what the tool was doing, for the error: e.g. "pg_dump of media"
   */
  void finish(String what) throws IOException {
    int exit;
    try {
      exit = process.waitFor();
      stderrReader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + what, e);
    }
    if (killed) {
      throw new IOException(what + " did not finish within its time limit of " + timeLimit
          + " and was killed with every process it started; raise the limit"
          + " (PgTools.timeLimit, BACKUP_TOOL_TIMEOUT in the examples) if the database needs"
          + " longer, or find what holds it: " + stderrText());
    }
    if (exit != 0) {
      throw new IOException(what + " failed: " + tool + " exited with " + exit + ": "
          + stderrText());
    }
  }

  String stderrText() {
    synchronized (stderr) {
      String text = stderr.toString(StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? "(nothing on stderr)" : text;
    }
  }

  private void drainStderr() {
    byte[] buffer = new byte[4096];
    try (InputStream in = process.getErrorStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (stderr) {
          if (stderr.size() < STDERR_KEEP) {
            stderr.write(buffer, 0, Math.min(n, STDERR_KEEP - stderr.size()));
          }
        }
      }
    } catch (IOException ignored) {
      // the process went away; what was read is what there is
    }
  }

  /** True once the time limit killed the tool. */
  boolean killed() {
    return killed;
  }

  @Override
  public void close() throws IOException {
    watchdog.cancel(false);
    if (process.isAlive()) {
      killTree();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (passFile != null) {
      Files.deleteIfExists(passFile);
    }
  }
}
