package dev.runbook.examples.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * For the examples' end-to-end tests: an example jar started as a process of its own on a free
 * loopback port, plain HTTP/1.1 to it over a socket whose source address the test chooses (so one
 * machine can play an allowlisted operator at 127.0.0.2 and a stranger at 127.0.0.1), and the
 * operator commands run as further processes of the same jar.
 */
public final class ServiceProcess implements AutoCloseable {

  /** An HTTP answer. */
  public record Response(int status, String body) {}

  /** A finished operator command. */
  public record Result(int exit, String out, String err) {}

  private final Path jar;
  private final Map<String, String> env;
  private final Process process;
  private final int port;
  private final Path log;

  private ServiceProcess(Path jar, Map<String, String> env, Process process, int port, Path log) {
    this.jar = jar;
    this.env = env;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code java -jar jar serve} with {@code env} plus {@code PORT} (a free port) and
   * {@code BIND=127.0.0.1}, and waits (at most 60 s) until {@code /ping} answers 200.
   */
  public static ServiceProcess serve(Path jar, Map<String, String> env, Path log)
      throws Exception {
    int port = freePort();
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("PORT", Integer.toString(port));
    all.put("BIND", "127.0.0.1");
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", jar.toString(), "serve")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(all);
    ServiceProcess service = new ServiceProcess(jar, env, pb.start(), port, log);
    service.await("/ping", null, r -> r.status() == 200);
    return service;
  }

  public int port() {
    return port;
  }

  /** The service's combined stdout and stderr so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Runs {@code java -jar jar args...} with the service's environment (no port), at most 2 min. */
  public Result command(String... args) throws Exception {
    return command(jar, env, log.getParent(), args);
  }

  /** Runs the jar once with {@code env}; stdout and stderr are kept apart. */
  public static Result command(Path jar, Map<String, String> env, Path scratch, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("command " + List.of(args) + " did not finish within 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  public Response get(String path, String from, String token) throws IOException {
    return exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n", from);
  }

  public Response post(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return exchange("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + json,
        null);
  }

  /**
   * Polls {@code path} (from {@code from}, or 127.0.0.1 when null) until the answer satisfies
   * {@code until}; at most 60 s, then fails with the last answer and the service's log.
   */
  public Response await(String path, String from, Predicate<Response> until) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Response last = null;
    Exception lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited with " + process.exitValue() + ":\n"
            + Files.readString(log));
      }
      try {
        last = get(path, from, null);
        if (until.test(last)) {
          return last;
        }
      } catch (IOException e) {
        lastError = e;
      }
      // Between polls of another process; nothing here depends on how long this is.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new AssertionError("no answer to " + path + " matched within 60 s; last: " + last
        + " / " + lastError + "\nservice log:\n" + Files.readString(log));
  }

  private Response exchange(String request, String from) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(30_000);
      if (from != null) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      }
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      int split = raw.indexOf("\r\n\r\n");
      String head = raw.substring(0, split);
      String body = raw.substring(split + 4);
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new Response(status, body);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
  }

  /** Sends {@code request} exactly as given (any bytes) and returns the raw answer. */
  public String raw(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Opens {@code oneByte} connections that send one byte and {@code halfHeader} that send half a
   * request header, and leaves them hanging until the result is closed.
   */
  public AutoCloseable hang(int oneByte, int halfHeader) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    AutoCloseable all = () -> {
      for (Socket socket : sockets) {
        socket.close();
      }
    };
    try {
      for (int i = 0; i < oneByte + halfHeader; i++) {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
        sockets.add(socket);
        String part = i < oneByte ? "G" : "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc";
        socket.getOutputStream().write(part.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      return all;
    } catch (IOException e) {
      try {
        all.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** What the service holds: live threads, and heap in use right after a full collection. */
  public record Footprint(int threads, long heapUsedBytes) {}

  /**
   * Reads the service's threads and, after asking it for a full collection, its heap in use,
   * with the JDK's own {@code jcmd}; what is left after a full collection is what the service
   * holds on to, so two readings compare without garbage in between.
   */
  public Footprint footprint() throws Exception {
    String pid = Long.toString(process.pid());
    jcmd(pid, "GC.run");
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K")
        .matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info printed no heap in use");
    }
    int threads = (int) jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\""))
        .count();
    return new Footprint(threads, Long.parseLong(used.group(1)) * 1024);
  }

  /**
   * Asserts what the slow clients opened since {@code before} cost: no thread beyond Jetty's pool
   * (which grows for requests served meanwhile; the JVM's JIT threads come and go too) and under
   * 16 MiB of heap after a full collection. Prints both for the record.
   */
  public void assertSlowClientsHeldCheaply(Footprint before) throws Exception {
    Footprint during = footprint();
    System.out.printf("slow clients: %+d threads, %+d KiB heap after a full GC%n",
        during.threads() - before.threads(),
        (during.heapUsedBytes() - before.heapUsedBytes()) / 1024);
    org.assertj.core.api.Assertions.assertThat(during.threads() - before.threads())
        .as("threads added").isLessThanOrEqualTo(ServiceHttp.MAX_THREADS + 8);
    org.assertj.core.api.Assertions.assertThat(during.heapUsedBytes() - before.heapUsedBytes())
        .as("heap added").isLessThan(16L * 1024 * 1024);
  }

  private static String jcmd(String pid, String command) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
        .toString(), pid, command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }

  /** A port nobody listens on now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Stops the service (SIGTERM, then SIGKILL after 20 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
