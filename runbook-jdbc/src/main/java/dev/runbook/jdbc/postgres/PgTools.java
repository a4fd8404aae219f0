package dev.runbook.jdbc.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and runs PostgreSQL's client tools, {@code pg_dump} and {@code pg_restore}: from a folder
 * given in code (e.g. {@code /usr/lib/postgresql/16/bin}) or else from {@code PATH}. A tool older
 * than the server it is about to read fails with an error saying which version to install, as
 * {@code pg_dump} cannot dump a newer server.
 */
public final class PgTools {

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

  /** How long one run of a tool may take unless {@link #timeLimit} says otherwise. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofHours(6);

  private final Path folder;
  private final Duration timeLimit;
  private final ScheduledExecutorService timer;
  private final Map<String, Integer> majors = new ConcurrentHashMap<>();

  private PgTools(Path folder, Duration timeLimit, ScheduledExecutorService timer) {
    this.folder = folder;
    this.timeLimit = timeLimit;
    this.timer = timer;
  }

  private PgTools(Path folder) {
    this(folder, DEFAULT_TIME_LIMIT, watchdogs());
  }

  /** One daemon thread that ends when idle, for the time limits of this instance's tool runs. */
  private static ScheduledExecutorService watchdogs() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "runbook-pg-tool-watchdog");
      t.setDaemon(true);
      return t;
    });
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Tools found on {@code PATH}. */
  public static PgTools onPath() {
    return new PgTools(null);
  }

  /**
   * These tools with each run limited to {@code limit} (default {@link #DEFAULT_TIME_LIMIT}): a
   * run still going then is killed with every process it started, and the backup, drill or
   * restore fails saying so.
   *
   * @throws IllegalArgumentException unless {@code limit} is positive
   */
  public PgTools timeLimit(Duration limit) {
    Objects.requireNonNull(limit, "limit must not be null");
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("time limit must be positive; it was " + limit);
    }
    return new PgTools(folder, limit, timer);
  }

  /** For tests: the scheduler that runs the time limits. */
  PgTools timer(ScheduledExecutorService timer) {
    return new PgTools(folder, timeLimit, timer);
  }

  public Duration timeLimit() {
    return timeLimit;
  }

  /**
   * Tools in this folder.
   *
   * @throws IllegalArgumentException if it is not a folder
   */
  public static PgTools in(Path folder) {
    Objects.requireNonNull(folder, "folder must not be null");
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("PostgreSQL tools folder " + folder + " is not a folder;"
          + " give the folder holding pg_dump and pg_restore, e.g. /usr/lib/postgresql/15/bin");
    }
    return new PgTools(folder.toAbsolutePath());
  }

  /** The executable for {@code tool}, e.g. {@code pg_dump}. */
  public Path find(String tool) throws IOException {
    if (folder != null) {
      Path p = folder.resolve(tool);
      if (Files.isExecutable(p)) {
        return p;
      }
      throw new IOException(tool + " not found in " + folder + "; install the PostgreSQL client"
          + " tools there or give the folder that holds them");
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path p = Path.of(dir, tool);
          if (Files.isExecutable(p) && !Files.isDirectory(p)) {
            return p;
          }
        }
      }
    }
    throw new IOException(tool + " not found on PATH; install the PostgreSQL client tools (on"
        + " Debian: apt-get install postgresql-client) or give their folder with PgTools.in(...)");
  }

  /** The major version a tool reports with {@code --version}, e.g. 15. */
  public int majorVersion(String tool) throws IOException {
    Integer known = majors.get(tool);
    if (known != null) {
      return known;
    }
    Path exe = find(tool);
    Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
    }
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(exe + " --version did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + exe + " for its version", e);
    }
    Matcher m = VERSION.matcher(out);
    if (!m.find()) {
      throw new IOException(exe + " --version printed \"" + out + "\", which names no PostgreSQL"
          + " version; is it PostgreSQL's " + tool + "?");
    }
    int major = Integer.parseInt(m.group(1));
    majors.put(tool, major);
    return major;
  }

  /**
   * Fails unless {@code tool} is at least as new as the server.
   *
   * @param serverVersionNum the server's {@code server_version_num}, e.g. 150019
   */
  void requireAtLeast(String tool, int serverVersionNum, String serverVersion) throws IOException {
    int serverMajor = serverVersionNum / 10000;
    int toolMajor = majorVersion(tool);
    if (toolMajor < serverMajor) {
      throw new IOException(tool + " " + toolMajor + " (" + find(tool) + ") is older than the"
          + " server, PostgreSQL " + serverVersion + ", and cannot read it; install the"
          + " PostgreSQL " + serverMajor + " client tools (or newer) and put them first on PATH"
          + " or give their folder with PgTools.in(...)");
    }
  }

  /** The connection options every tool takes; never a password. */
  static List<String> connectionArgs(PgDatabase db) {
    List<String> args = new ArrayList<>();
    args.add("--host=" + db.host());
    args.add("--port=" + db.port());
    args.add("--username=" + db.user());
    args.add("--no-password");
    args.add("--dbname=" + db.database());
    return args;
  }

  /** Starts {@code tool args...} with the password, if any, in a 0600 pass file. */
  ToolProcess start(String tool, List<String> args, PgDatabase db) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(find(tool).toString());
    command.addAll(args);
    command.addAll(connectionArgs(db));
    return ToolProcess.start(tool, command, db, timeLimit, timer);
  }
}
