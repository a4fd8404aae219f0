package dev.runbook.jdbc.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a PostgreSQL tool: its stdin and stdout for streaming, the tail of its stderr for
 * the error message, and the pass file that carries the password, deleted on close. Closing also
 * kills a tool that is still running, so a failed backup never leaves one behind.
 */
final class ToolProcess implements AutoCloseable {

  private static final int STDERR_KEEP = 16 * 1024;

  private final String tool;
  private final Process process;
  private final Path passFile;
  private final Thread stderrReader;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private ToolProcess(String tool, Process process, Path passFile) {
    this.tool = tool;
    this.process = process;
    this.passFile = passFile;
    this.stderrReader = new Thread(this::drainStderr, "runbook-" + tool + "-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  static ToolProcess start(String tool, List<String> command, PgDatabase db) throws IOException {
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
      return new ToolProcess(tool, pb.start(), passFile);
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

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroyForcibly();
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
