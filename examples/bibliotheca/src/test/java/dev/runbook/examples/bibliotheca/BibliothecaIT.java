package dev.runbook.examples.bibliotheca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code target/bibliotheca.jar} as its own process on a free loopback port and talks to it
 * over real HTTP. Callers at 127.0.0.2 are allowlisted; 127.0.0.1 is not, so the same machine
 * plays both an operator and a stranger.
 */
class BibliothecaIT {

  static final Path JAR = Path.of("target", "bibliotheca.jar").toAbsolutePath();
  static final String TOKEN = "it-token-0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  record Service(Process process, int port, Path log) {}

  private Service serve(Map<String, String> extra) throws Exception {
    int port = freePort();
    Map<String, String> env = new HashMap<>(Map.of(
        "PORT", Integer.toString(port),
        "BIND", "127.0.0.1",
        "DATA_DIR", dataDir.toString(),
        "HEALTH_ALLOWLIST", "127.0.0.2",
        "HEALTH_TOKENS", TOKEN));
    env.putAll(extra);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-serve.log");
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString(), "serve")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    Service service = new Service(p, port, log);
    awaitHttp(service, "/ping", r -> r.status == 200);
    return service;
  }

  record Result(int exit, String out, String err) {}

  private Result command(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DATA_DIR", dataDir.toString());
    Path out = Files.createTempFile(dataDir.getParent(), "out", ".txt");
    Path err = Files.createTempFile(dataDir.getParent(), "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("command %s finished", List.of(args))
        .isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void pingHealthGatingLoansAndBooks() throws Exception {
    Service s = serve(Map.of());
    Response ping = get(s, "/ping", null, null);
    assertThat(ping.status).isEqualTo(200);
    assertThat(ping.body).isEqualTo("{\"status\":\"ok\"}");

    Response anonymous = get(s, "/health", null, null);
    JsonNode anon = JSON.readTree(anonymous.body);
    assertThat(anon.size()).as("only the status without authorisation: %s", anonymous.body)
        .isEqualTo(1);
    assertThat(anon.get("status").asText()).isIn("ok", "degraded", "down");

    for (Response full : List.of(get(s, "/health", "127.0.0.2", null),
        get(s, "/health", null, TOKEN))) {
      JsonNode health = JSON.readTree(full.body);
      assertThat(health.get("service").asText()).isEqualTo("bibliotheca");
      assertThat(health.has("checks") ? health.get("checks") : health)
          .satisfies(checks -> assertThat(full.body).contains("\"database\"", "\"scheduler\"",
              "\"email\"", "\"backup\"", "\"disk\"", "failing_jobs"));
    }

    JsonNode books = JSON.readTree(get(s, "/books", null, null).body).get("books");
    assertThat(books.size()).isEqualTo(5);
    Response loan = post(s, "/loans", "{\"book_id\": 1, \"member\": \"ada@example.org\"}");
    assertThat(loan.status).isEqualTo(201);
    assertThat(JSON.readTree(loan.body).get("member").asText()).isEqualTo("ada@example.org");
    assertThat(post(s, "/loans", "{\"book\": 1}").status).isEqualTo(400);
    assertThat(post(s, "/loans", "{\"book_id\": 999, \"member\": \"x\"}").status).isEqualTo(404);
  }

  @Test
  void anUnreachableEmailProviderFailsTheReminderJobWhileLendingGoesOn() throws Exception {
    int closed = freePort();
    Service s = serve(Map.of("EMAIL_PROVIDER_URL", "http://127.0.0.1:" + closed,
        "REMINDER_INTERVAL", "1s", "JOB_FAILURE_THRESHOLD", "3"));
    assertThat(post(s, "/loans", "{\"book_id\": 2, \"member\": \"bo@example.org\"}").status)
        .isEqualTo(201);
    Response failing = awaitHttp(s, "/health?x", r -> r.body.contains("\"failing_jobs\":[\""
        + "overdue-reminders\"]"), "127.0.0.2");
    assertThat(failing.body).contains("could not deliver mail");
    assertThat(post(s, "/loans", "{\"book_id\": 3, \"member\": \"cy@example.org\"}").status)
        .as("lending never waits for mail").isEqualTo(201);
  }

  @Test
  void backupThenRestoreVerifyPassesAndAFlippedByteFailsNamingTheFile() throws Exception {
    Service s = serve(Map.of());
    assertThat(post(s, "/loans", "{\"book_id\": 4, \"member\": \"di@example.org\"}").status)
        .isEqualTo(201);

    Result backup = command("backup");
    assertThat(backup.exit).as(backup.err).isZero();
    String[] lines = backup.out.strip().split("\n");
    Path folder = Path.of(lines[lines.length - 1].strip());
    assertThat(folder.resolve("manifest.json")).exists();

    Result listed = command("list-backups");
    assertThat(listed.exit).isZero();
    assertThat(listed.out).contains(folder.getFileName().toString());

    Result drill = command("restore-verify", folder.toString());
    assertThat(drill.exit).as(drill.out + drill.err).isZero();
    assertThat(drill.out).contains("checksum").contains("integrity").contains("restore")
        .contains("row");

    Path artifact = folder.resolve("database.sqlite.zst");
    byte[] bytes = Files.readAllBytes(artifact);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(artifact, bytes);
    Result bad = command("restore-verify", folder.toString());
    assertThat(bad.exit).isEqualTo(1);
    assertThat(bad.out + bad.err).contains("database.sqlite.zst");
    Result verify = command("verify", folder.getFileName().toString());
    assertThat(verify.exit).isEqualTo(1);

    Result prune = command("prune", "--dry-run");
    assertThat(prune.exit).isZero();
    assertThat(s.process.isAlive()).isTrue();
  }

  @Test
  void aBadSettingStopsStartUpNamingIt() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString(), "serve");
    pb.environment().put("DATA_DIR", dataDir.toString());
    pb.environment().put("REMINDER_INTERVAL", "5");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("REMINDER_INTERVAL");
  }

  // --- plain HTTP/1.1 over a socket, so the client's source address can be chosen ---

  record Response(int status, String body) {}

  private static Response get(Service s, String path, String from, String token)
      throws IOException {
    return exchange(s, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n", from);
  }

  private static Response post(Service s, String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return exchange(s, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + json,
        null);
  }

  private static Response exchange(Service s, String request, String from) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(30_000);
      if (from != null) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      }
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), s.port), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      int split = raw.indexOf("\r\n\r\n");
      String head = raw.substring(0, split);
      String body = raw.substring(split + 4);
      if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
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

  /** Polls until the answer satisfies {@code until}; bounded, fails with the last answer. */
  private static Response awaitHttp(Service s, String path, Predicate<Response> until,
      String... from) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Response last = null;
    Exception lastError = null;
    while (System.nanoTime() < deadline) {
      if (!s.process.isAlive()) {
        throw new AssertionError("bibliotheca exited with " + s.process.exitValue() + ":\n"
            + Files.readString(s.log));
      }
      try {
        last = get(s, path, from.length == 0 ? null : from[0], null);
        if (until.test(last)) {
          return last;
        }
      } catch (IOException e) {
        lastError = e;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new AssertionError("no answer to " + path + " matched within 60 s; last: " + last
        + " / " + lastError + "\nservice log:\n" + Files.readString(s.log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
