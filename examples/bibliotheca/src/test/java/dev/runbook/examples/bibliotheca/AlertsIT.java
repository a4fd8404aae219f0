package dev.runbook.examples.bibliotheca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.examples.support.ServiceProcess;
import dev.runbook.examples.support.ServiceProcess.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts and SLOs end to end, against {@code target/bibliotheca.jar} as its own process over real
 * HTTP: a mail provider on loopback that goes down and comes back, and injected 5xx answers.
 */
class AlertsIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "it-token-0123456789abcdef";

  @TempDir Path scratch;
  ServiceProcess service;
  HttpServer provider;
  final AtomicInteger delivered = new AtomicInteger();

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    if (provider != null) {
      provider.stop(0);
    }
  }

  ServiceProcess serve(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", scratch.resolve("data").toString(),
        "HEALTH_ALLOWLIST", "127.0.0.2", "HEALTH_TOKENS", TOKEN));
    env.putAll(extra);
    service = ServiceProcess.serve(BibliothecaIT.JAR, env, scratch.resolve("serve.log"));
    return service;
  }

  /** A mail provider as bibliotheca expects one: {@code POST /send}, {@code GET /ping}. */
  void startProvider(int port) throws IOException {
    provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    provider.createContext("/send", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        delivered.incrementAndGet();
        exchange.sendResponseHeaders(202, -1);
      }
    });
    provider.createContext("/ping", exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(200, -1);
      }
    });
    provider.start();
  }

  List<JsonNode> alertLines() throws IOException {
    Path file = scratch.resolve("data/alerts.jsonl");
    List<JsonNode> lines = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  static boolean has(List<JsonNode> lines, String event, String key) {
    return lines.stream().anyMatch(l -> l.get("event").asText().equals(event)
        && l.get("key").asText().equals(key));
  }

  @Test
  void aMailOutageRaisesTheReminderAlertAndTheProvidersReturnResolvesIt() throws Exception {
    int port = ServiceProcess.freePort();
    startProvider(port);
    ServiceProcess s = serve(Map.of("EMAIL_PROVIDER_URL", "http://127.0.0.1:" + port,
        "REMINDER_INTERVAL", "1s", "JOB_FAILURE_THRESHOLD", "3", "SOURCE_EMAIL_COOLDOWN", "2s"));
    assertThat(s.post("/loans", "{\"book_id\": 1, \"member\": \"ada@example.org\"}").status())
        .isEqualTo(201);
    s.await("/health", "127.0.0.2", r -> delivered.get() >= 1);

    provider.stop(0); // the mail provider goes down
    provider = null;
    assertThat(s.post("/loans", "{\"book_id\": 2, \"member\": \"bo@example.org\"}").status())
        .as("lending never waits for mail").isEqualTo(201);
    Response raised = s.await("/health/alerts", "127.0.0.2",
        r -> r.body().contains("\"job/overdue-reminders\""));
    JsonNode active = null;
    for (JsonNode a : JSON.readTree(raised.body()).get("active")) {
      if (a.get("key").asText().equals("job/overdue-reminders")) {
        active = a;
      }
    }
    assertThat(active).isNotNull();
    assertThat(active.get("severity").asText()).isEqualTo("warning");
    assertThat(active.get("reason").asText()).startsWith("failed 3 times in a row (threshold 3)")
        .contains("could not deliver mail");
    assertThat(has(alertLines(), "raised", "job/overdue-reminders"))
        .as("alerts.jsonl: %s", alertLines()).isTrue();
    assertThat(s.get("/health/alerts", null, null).status())
        .as("strangers see no alerts").isEqualTo(401);

    startProvider(port); // it comes back; the circuit half-opens after 2 s and mail flows
    Response resolved = s.await("/health/alerts", "127.0.0.2",
        r -> historyHas(r, "job/overdue-reminders"));
    for (JsonNode a : JSON.readTree(resolved.body()).get("active")) {
      assertThat(a.get("key").asText()).isNotEqualTo("job/overdue-reminders");
    }
    assertThat(has(alertLines(), "resolved", "job/overdue-reminders")).isTrue();
    assertThat(delivered.get()).isGreaterThanOrEqualTo(2);
  }

  static boolean historyHas(Response r, String key) {
    try {
      for (JsonNode a : JSON.readTree(r.body()).get("history")) {
        if (a.get("key").asText().equals(key) && !a.get("resolved_at").isNull()) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void injectedFiveHundredsTakeTheAvailabilitySloToWarning() throws Exception {
    ServiceProcess s = serve(Map.of("TEST_ROUTES", "true"));
    for (int i = 0; i < 197; i++) {
      assertThat(s.get("/books", null, null).status()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(s.get("/test/5xx", null, null).status()).isEqualTo(500);
    }
    // the slo check's result lives 1 s: wait for the one taken after the requests
    JsonNode health = JSON.readTree(s.await("/health/slo", "127.0.0.2",
        r -> !r.body().contains("\"level\":\"no_data\"")).body());
    JsonNode availability = health.get("slo").get("slos").get("default/availability");
    assertThat(availability.get("level").asText()).as(health.toString()).isEqualTo("warning");
    assertThat(availability.get("value").asDouble()).isEqualTo(98.5);
    assertThat(availability.get("target").asDouble()).isEqualTo(99.5);
    assertThat(health.get("slo").get("slos").get("default/error_rate").get("level").asText())
        .isEqualTo("ok");
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(JSON.readTree(s.get("/health/slo", null, null).body()).size())
        .as("strangers see the status only").isEqualTo(1);

    // a denied request is kept, and only a credential reads it back
    assertThat(s.get("/health/alerts", null, null).status()).isEqualTo(401);
    assertThat(s.get("/health/audit", "127.0.0.2", null).status()).isEqualTo(403);
    JsonNode events = JSON.readTree(s.get("/health/audit?action=denied", null, TOKEN).body())
        .get("events");
    assertThat(events.get(0).get("route").asText()).isEqualTo("GET /health/audit");
    assertThat(events.get(0).get("reason").asText()).isEqualTo("address only");
    assertThat(events.get(1).get("route").asText()).isEqualTo("GET /health/alerts");
    assertThat(events.get(1).get("client").asText()).isEqualTo("127.0.0.1");
    assertThat(events.get(1).get("reason").asText()).isEqualTo("no credential");

    // pause: a token only, kept in DATA_DIR/paused-jobs.json, shown in the scheduler section
    String paused = s.raw("POST /health/jobs/backup-retention/pause HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\nContent-Length: 0\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(paused).startsWith("HTTP/1.1 200")
        .contains("{\"paused\":\"jobs/backup-retention\"}");
    assertThat(Files.readString(scratch.resolve("data/paused-jobs.json")))
        .isEqualTo("{\"paused\":[\"backup-retention\"]}");
    s.await("/health", "127.0.0.2",
        r -> r.body().contains("\"paused_jobs\":[\"backup-retention\"]"));
  }
}
