package dev.runbook.examples.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.examples.support.ServiceProcess.Response;
import dev.runbook.examples.support.ServiceProcess.Result;
import dev.runbook.examples.support.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts {@code target/media-ingest.jar} as its own process and talks to it over real HTTP. */
class MediaIngestIT {

  static final Path JAR = Path.of("target", "media-ingest.jar").toAbsolutePath();
  static final String TOKEN = "it-token-0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path scratch;
  ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of(
        "DATA_DIR", scratch.resolve("data").toString(),
        "HEALTH_ALLOWLIST", "127.0.0.2",
        "HEALTH_TOKENS", TOKEN,
        "INGEST_INTERVAL", "1s",
        "SOURCE_MINIMUM_CALLS", "3"));
    env.putAll(extra);
    return env;
  }

  @Test
  void failingAndRateLimitedUpstreamsOpenTheirCircuitsWhileTheOthersIngest() throws Exception {
    service = ServiceProcess.serve(JAR, env(Map.of(
        "FAKE_UPSTREAM_FAILURES", "tmdb,igdb",
        "FAKE_UPSTREAM_RATE_LIMIT", "lastfm",
        "PREVIEW_TTL", "1s",
        "RETENTION_INTERVAL", "1s")), scratch.resolve("serve.log"));

    JsonNode anon = JSON.readTree(service.get("/health", null, null).body());
    assertThat(anon.size()).isEqualTo(1);

    Response open = service.await("/health", "127.0.0.2", r -> {
      try {
        JsonNode s = JSON.readTree(r.body()).get("ingestion").get("sources");
        return s.get("tmdb").get("state").asText().equals("open")
            && s.get("igdb").get("state").asText().equals("open")
            && s.get("lastfm").get("state").asText().equals("open");
      } catch (Exception e) {
        return false;
      }
    });
    JsonNode ingestion = JSON.readTree(open.body()).get("ingestion");
    assertThat(ingestion.get("status").asText()).isEqualTo("degraded");
    assertThat(ingestion.get("sources").get("googlebooks").get("state").asText())
        .isEqualTo("closed");
    assertThat(ingestion.get("sources").get("lastfm").get("cooldown_remaining_s").asLong())
        .as("a 429's Retry-After: 120 sets the cooldown").isBetween(60L, 120L);
    assertThat(ingestion.get("issues").findValuesAsText("source"))
        .contains("tmdb", "igdb", "lastfm").doesNotContain("googlebooks");
    assertThat(ingestion.get("issues").findValuesAsText("reason"))
        .contains("http_5xx", "rate_limited");
    // The same payload through a token, from the non-allowlisted address.
    assertThat(JSON.readTree(service.get("/health", null, TOKEN).body()).has("ingestion"))
        .isTrue();

    JsonNode items = JSON.readTree(service.get("/media", null, null).body()).get("items");
    assertThat(items.findValuesAsText("source")).contains("googlebooks")
        .doesNotContain("tmdb", "igdb", "lastfm");

    // The retention jobs log the runbook's lines; previews older than 1 s are pruned.
    service.await("/ping", null, r -> prunedSome(logOf(service)));
    assertThat(logOf(service)).contains("Scrubbed 0 ingestion payloads older than 30 days");
  }

  private static boolean prunedSome(String log) {
    Matcher m = Pattern.compile("Pruned (\\d+) expired external search previews").matcher(log);
    while (m.find()) {
      if (Long.parseLong(m.group(1)) > 0) {
        return true;
      }
    }
    return false;
  }

  private static String logOf(ServiceProcess s) {
    try {
      return s.log();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void backupAndDrillPassOnSqliteAndAFlippedByteFails() throws Exception {
    service = ServiceProcess.serve(JAR, env(Map.of()), scratch.resolve("serve.log"));
    service.await("/media", null, r -> r.body().contains("googlebooks"));
    Result backup = service.command("backup");
    assertThat(backup.exit()).as(backup.err()).isZero();
    String folder = backup.out().strip().substring(backup.out().strip().lastIndexOf('\n') + 1);
    Result drill = service.command("restore-verify", folder);
    assertThat(drill.exit()).as(drill.out() + drill.err()).isZero();
    assertThat(drill.out()).contains("row-count check:  pass", "media_items");

    Path artifact = Path.of(folder, "database.sqlite.zst");
    byte[] bytes = java.nio.file.Files.readAllBytes(artifact);
    bytes[bytes.length / 3] ^= 0x10;
    java.nio.file.Files.write(artifact, bytes);
    Result bad = service.command("restore-verify", folder);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out() + bad.err()).contains("database.sqlite.zst");
  }

  @Test
  void backupAndDrillPassAgainstPostgresql() throws Exception {
    String admin = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    String name = "runbook_media_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong()
        >>> 8);
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI=true PostgreSQL must be reachable: " + e, e);
      }
      System.out.println("SKIPPED: PostgreSQL is not reachable at 127.0.0.1:5432: " + e);
      Assumptions.abort("PostgreSQL is not reachable: " + e.getMessage());
    }
    try {
      // one ingest at start, then none: the restore's own row-count check below must not race
      // a writer (README: quiet the writers for a restore)
      service = ServiceProcess.serve(JAR, env(Map.of("DATABASE_URL",
          "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres", "INGEST_INTERVAL", "1h")),
          scratch.resolve("serve.log"));
      service.await("/media", null, r -> r.body().contains("lastfm"));
      JsonNode health = JSON.readTree(service.get("/health", null, TOKEN).body());
      assertThat(health.get("database").get("product").asText()).isEqualTo("PostgreSQL");

      Result backup = service.command("backup");
      assertThat(backup.exit()).as(backup.err()).isZero();
      assertThat(backup.out()).contains("database.dump.zst");
      String folder = backup.out().strip().substring(backup.out().strip().lastIndexOf('\n') + 1);
      Result drill = service.command("restore-verify", folder);
      assertThat(drill.exit()).as(drill.out() + drill.err()).isZero();
      assertThat(drill.out()).contains("restore result:   restored", "public.media_items");

      // a real restore into the configured database, while the service runs
      assertThat(count(name, "media_items")).isPositive();
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name
          + "?user=postgres"); Statement s = c.createStatement()) {
        s.execute("DELETE FROM media_items");
      }
      String id = Path.of(folder).getFileName().toString();
      assertThat(service.command("restore", id).exit()).isEqualTo(2);
      Result restore = service.command("restore", id, "--confirm", id);
      assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
      assertThat(restore.out()).contains("restored database of backup " + id, "safety backup");
      // the target compared the restored rows with the manifest; ingest may add more since
      assertThat(count(name, "media_items")).isPositive();
    } finally {
      if (service != null) {
        service.close();
        service = null;
      }
      try (Connection c = DriverManager.getConnection(admin);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        var rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE"
            + " 'runbook\\_drill\\_%'");
        rs.next();
        assertThat(rs.getLong(1)).as("no scratch database left by the drill").isZero();
      }
    }
  }

  private static long count(String database, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/"
        + database + "?user=postgres"); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @SuppressWarnings("try") // the slow clients only need to stay open for the block
  void shouldKeepAnsweringPingAndHealthWhileFourHundredSlowClientsHang() throws Exception {
    service = ServiceProcess.serve(JAR, env(Map.of()), scratch.resolve("serve.log"));
    ServiceProcess s = service;
    ServiceProcess.Footprint before = s.footprint();
    try (AutoCloseable slow = s.hang(200, 200)) {
      for (int i = 0; i < 20; i++) {
        assertThat(s.get("/ping", null, null).status()).isEqualTo(200);
      }
      // the pings were accepted after the 400, so all 400 are open in the service now; Jetty
      // reads without a thread per connection (measured: +1.5 MiB of heap for the 400)
      s.assertSlowClientsHeldCheaply(before);
      assertThat(s.get("/health", null, null).status()).isIn(200, 503);
      assertThat(s.alive()).isTrue();
    }
    assertThat(s.raw("GET /ping HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"))
        .doesNotStartWith("HTTP/1.1 200");
  }
}
