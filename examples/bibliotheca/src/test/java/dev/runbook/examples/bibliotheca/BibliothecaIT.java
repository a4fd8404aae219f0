package dev.runbook.examples.bibliotheca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.examples.support.ServiceProcess.Response;
import dev.runbook.examples.support.ServiceProcess.Result;
import dev.runbook.examples.support.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  @TempDir Path scratch;
  ServiceProcess service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  private ServiceProcess serve(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "DATA_DIR", scratch.resolve("data").toString(),
        "HEALTH_ALLOWLIST", "127.0.0.2",
        "HEALTH_TOKENS", TOKEN));
    env.putAll(extra);
    service = ServiceProcess.serve(JAR, env, scratch.resolve("serve.log"));
    return service;
  }

  @Test
  void pingHealthGatingLoansAndBooks() throws Exception {
    ServiceProcess s = serve(Map.of());
    Response ping = s.get("/ping", null, null);
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(s.get("/test/5xx", null, null).status())
        .as("the drill routes are off by default").isEqualTo(404);

    Response anonymous = s.get("/health", null, null);
    JsonNode anon = JSON.readTree(anonymous.body());
    assertThat(anon.size()).as("only the status without authorisation: %s", anonymous.body())
        .isEqualTo(1);
    assertThat(anon.get("status").asText()).isIn("ok", "degraded", "down");

    for (Response full : List.of(s.get("/health", "127.0.0.2", null),
        s.get("/health", null, TOKEN))) {
      JsonNode health = JSON.readTree(full.body());
      assertThat(health.get("service").asText()).isEqualTo("bibliotheca");
      for (String check : List.of("database", "scheduler", "email", "backup", "disk")) {
        assertThat(health.has(check)).as("check %s in %s", check, full.body()).isTrue();
      }
      assertThat(health.get("scheduler").get("failing_jobs").isArray()).isTrue();
      assertThat(health.get("email").get("circuit").asText()).isEqualTo("closed");
    }

    JsonNode books = JSON.readTree(s.get("/books", null, null).body()).get("books");
    assertThat(books.size()).isEqualTo(5);
    Response loan = s.post("/loans", "{\"book_id\": 1, \"member\": \"ada@example.org\"}");
    assertThat(loan.status()).isEqualTo(201);
    assertThat(JSON.readTree(loan.body()).get("member").asText()).isEqualTo("ada@example.org");
    assertThat(s.post("/loans", "{\"book\": 1}").status()).isEqualTo(400);
    assertThat(s.post("/loans", "{\"book_id\": 999, \"member\": \"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void anUnreachableEmailProviderFailsTheReminderJobWhileLendingGoesOn() throws Exception {
    int closed = ServiceProcess.freePort();
    ServiceProcess s = serve(Map.of("EMAIL_PROVIDER_URL", "http://127.0.0.1:" + closed,
        "REMINDER_INTERVAL", "1s", "JOB_FAILURE_THRESHOLD", "3"));
    assertThat(s.post("/loans", "{\"book_id\": 2, \"member\": \"bo@example.org\"}").status())
        .isEqualTo(201);
    Response failing = s.await("/health", "127.0.0.2",
        r -> r.body().contains("\"failing_jobs\":[\"overdue-reminders\"]"));
    JsonNode job = JSON.readTree(failing.body()).get("scheduler").get("jobs")
        .get("overdue-reminders");
    assertThat(job.get("consecutive_failures").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(job.get("last_error").asText()).contains("could not deliver mail");
    assertThat(s.post("/loans", "{\"book_id\": 3, \"member\": \"cy@example.org\"}").status())
        .as("lending never waits for mail").isEqualTo(201);
  }

  @Test
  void backupThenRestoreVerifyPassesAndAFlippedByteFailsNamingTheFile() throws Exception {
    ServiceProcess s = serve(Map.of());
    assertThat(s.post("/loans", "{\"book_id\": 4, \"member\": \"di@example.org\"}").status())
        .isEqualTo(201);

    Result backup = s.command("backup");
    assertThat(backup.exit()).as(backup.err()).isZero();
    String[] lines = backup.out().strip().split("\n");
    Path folder = Path.of(lines[lines.length - 1].strip());
    assertThat(folder.resolve("manifest.json")).exists();

    Result listed = s.command("list");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains(folder.getFileName().toString());

    Result drill = s.command("restore-verify", folder.toString());
    assertThat(drill.exit()).as(drill.out() + drill.err()).isZero();
    assertThat(drill.out()).contains("checksum status:  pass", "integrity status: pass",
        "restore result:   restored", "row-count check:  pass");

    Path artifact = folder.resolve("database.sqlite.zst");
    byte[] bytes = Files.readAllBytes(artifact);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(artifact, bytes);
    Result bad = s.command("restore-verify", folder.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out() + bad.err()).contains("database.sqlite.zst");
    assertThat(s.command("verify", folder.getFileName().toString()).exit()).isEqualTo(1);

    assertThat(s.command("prune", "--dry-run").exit()).isZero();
    assertThat(s.alive()).isTrue();
  }

  @Test
  void aBadSettingStopsStartUpNamingIt() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "serve");
    pb.environment().put("DATA_DIR", scratch.resolve("data").toString());
    pb.environment().put("REMINDER_INTERVAL", "5");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("REMINDER_INTERVAL");
  }

  @Test
  void aPortInUseStopsStartUpNamingPortAndBind() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Result r = ServiceProcess.command(JAR, Map.of("DATA_DIR", scratch.resolve("data").toString(),
          "PORT", Integer.toString(taken.getLocalPort())), scratch, "serve");

      assertThat(r.exit()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains("bibliotheca: could not start: PORT " + taken.getLocalPort()
          + " on BIND 127.0.0.1 is in use by another process; stop it, or set PORT to a free"
          + " port");
    }
  }

  @Test
  @SuppressWarnings("try") // the slow clients only need to stay open for the block
  void shouldKeepAnsweringPingAndHealthWhileFourHundredSlowClientsHang() throws Exception {
    ServiceProcess s = serve(Map.of());
    ServiceProcess.Footprint before = s.footprint();
    try (AutoCloseable slow = s.hang(200, 200)) {
      for (int i = 0; i < 20; i++) {
        assertThat(s.get("/ping", null, null).status()).isEqualTo(200);
      }
      // the pings were accepted after the 400, so all 400 are open in the service now; Jetty
      // reads without a thread per connection (measured: +1.5 MiB of heap for the 400)
      s.assertSlowClientsHeldCheaply(before);
      assertThat(s.get("/health", "127.0.0.2", null).status()).isIn(200, 503);
      assertThat(s.alive()).isTrue();
    }
    assertThat(s.raw("GET /ping HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"))
        .doesNotStartWith("HTTP/1.1 200");
  }

  @Test
  void shouldRefuseAnOversizedMemberAndAnOversizedBody() throws Exception {
    ServiceProcess s = serve(Map.of());

    Response longMember = s.post("/loans", "{\"book_id\": 1, \"member\": \"" + "m".repeat(201)
        + "\"}");
    Response huge = s.post("/loans", "{\"book_id\": 1, \"member\": \"" + "m".repeat(100_000)
        + "\"}");

    assertThat(longMember.status()).isEqualTo(400);
    assertThat(longMember.body()).contains("at most 200 characters");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(s.get("/ping", null, null).status()).isEqualTo(200);
  }

  @Test
  void shouldAnswerMicroProfileKubernetesAndActuatorProbesWhenConfigured() throws Exception {
    ServiceProcess s = serve(Map.of("HEALTH_DEFAULT_FORMAT", "microprofile",
        "HEALTH_PROBE_PATHS", "kubernetes,actuator"));

    JsonNode all = JSON.readTree(s.get("/health", "127.0.0.2", null).body());
    List<String> names = all.findValuesAsText("name");
    assertThat(names).contains("database", "scheduler", "email", "backup", "disk");
    for (JsonNode check : all.get("checks")) {
      for (JsonNode value : check.get("data")) {
        assertThat(value.isValueNode()).as("scalar data in %s", check).isTrue();
      }
    }
    assertThat(JSON.readTree(s.get("/health/live", "127.0.0.2", null).body())
        .get("checks").size()).isZero();
    assertThat(JSON.readTree(s.get("/health/ready", null, null).body()).get("checks").size())
        .as("no details for a stranger").isZero();
    assertThat(s.get("/readyz", null, null).status()).isIn(200, 503);
    JsonNode actuator = JSON.readTree(s.get("/actuator/health", "127.0.0.2", null).body());
    assertThat(actuator.get("components").get("database").get("status").asText())
        .isEqualTo("UP");
    assertThat(JSON.readTree(s.get("/actuator/health", null, null).body()).size()).isEqualTo(1);
  }

  private int available(ServiceProcess s, int book) throws Exception {
    JsonNode books = JSON.readTree(s.get("/books", null, null).body()).get("books");
    for (JsonNode b : books) {
      if (b.get("id").asInt() == book) {
        return b.get("available").asInt();
      }
    }
    throw new AssertionError("no book " + book + " in " + books);
  }

  @Test
  void restorePutsABackupBackIntoTheRunningServiceAfterASafetyBackup() throws Exception {
    ServiceProcess s = serve(Map.of());
    int before = available(s, 2);
    Result backup = s.command("backup");
    assertThat(backup.exit()).as(backup.err()).isZero();
    String id = Path.of(backup.out().strip().substring(backup.out().strip().lastIndexOf('\n')
        + 1)).getFileName().toString();
    assertThat(s.post("/loans", "{\"book_id\": 2, \"member\": \"ada@example.org\"}").status())
        .isEqualTo(201);
    assertThat(available(s, 2)).isEqualTo(before - 1);

    Result unconfirmed = s.command("restore", id);
    assertThat(unconfirmed.exit()).isEqualTo(2);
    assertThat(unconfirmed.err()).contains("--confirm " + id);
    assertThat(available(s, 2)).isEqualTo(before - 1);

    Result restore = s.command("restore", id, "--confirm", id);
    assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
    assertThat(restore.out()).contains("restored database of backup " + id + " into SQLite"
        + " database", "row counts match the manifest", "safety backup ");

    // the running service's own connections see the restored data
    assertThat(available(s, 2)).isEqualTo(before);
    Result list = s.command("list");
    assertThat(list.out()).contains("safety backup before restoring " + id);
    assertThat(s.get("/ping", null, null).status()).isEqualTo(200);
  }
}
