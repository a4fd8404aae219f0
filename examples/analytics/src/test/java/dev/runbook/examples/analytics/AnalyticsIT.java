package dev.runbook.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.examples.support.ServiceProcess;
import dev.runbook.examples.support.ServiceProcess.Response;
import dev.runbook.examples.support.ServiceProcess.Result;
import dev.runbook.jdbc.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code target/analytics.jar} as its own process against the local PostgreSQL server, as
 * an operator would: the gate, the reaper putting a stuck job back in the queue, a backup and a
 * drill from the same jar, and Actuator's health listing runbook's checks.
 */
class AnalyticsIT {

  static final Path JAR = Path.of("target", "analytics.jar").toAbsolutePath();
  static final String TOKEN = "tok-analytics-0123456789";

  @TempDir Path scratch;
  ServiceProcess service;
  String database;

  /** The local server's admin database (TestDatabases skips without it, except under CI). */
  static Connection admin() throws SQLException {
    return TestDatabases.postgresAdmin().connect();
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static boolean parked() {
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    return true;
  }

  @AfterEach
  void stop() throws SQLException {
    if (service != null) {
      service.close();
    }
    if (database != null) {
      try (Connection c = admin(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  @Test
  void aBadSettingStopsTheStartNamingItNeverEchoingTheSecret() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATA_DIR", scratch.resolve("data").toString());
    env.put("PORT", Integer.toString(ServiceProcess.freePort()));
    env.put("HEALTH_TOKENS", "hunter2-short");
    Result start = ServiceProcess.command(JAR, env, scratch, "serve");
    assertThat(start.exit()).isNotZero();
    assertThat(start.out() + start.err()).contains("runbook.health.tokens: token 1 is")
        .doesNotContain("hunter2-short");
    env.put("HEALTH_TOKENS", TOKEN);
    env.put("HEALTH_PROBE_PATHS", "consul");
    Result probes = ServiceProcess.command(JAR, env, scratch, "serve");
    assertThat(probes.exit()).isEqualTo(2);
    assertThat(probes.err()).contains("HEALTH_PROBE_PATHS entry \"consul\"");
  }

  @Test
  void gatedHealthTheReaperABackupAndADrillAndActuator() throws Exception {
    database = "analytics_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    String url = "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres";
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", url);
    env.put("DATA_DIR", scratch.resolve("data").toString());
    env.put("HEALTH_TOKENS", TOKEN);
    env.put("REAPER_INTERVAL", "1s");
    env.put("ETL_INTERVAL", "1h"); // the orchestrator runs once, at start, before the stuck job
    service = ServiceProcess.serve(JAR, env, scratch.resolve("serve.log"));

    // the gate: status only for anyone, details for a token
    JsonNode anonymous = new ObjectMapper().readTree(service.get("/health", null, null).body());
    assertThat(anonymous.size()).as(anonymous.toString()).isEqualTo(1);
    // the reaper runs every second; a cached result (1 s) may predate its first run
    JsonNode trusted = new ObjectMapper().readTree(service.await("/health", null,
        r -> true).body());
    long wait = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      trusted = new ObjectMapper().readTree(service.get("/health", null, TOKEN).body());
    } while (trusted.at("/scheduler/jobs/stuck-job-reaper/runs").asLong() == 0
        && System.nanoTime() < wait && parked());
    assertThat(trusted.at("/warehouse/engine").asText()).isEqualTo("PostgreSQL");
    assertThat(trusted.at("/scheduler/jobs/stuck-job-reaper/runs").asLong()).isPositive();
    Response engines = service.get("/health/engines", null, TOKEN);
    assertThat(engines.status()).isEqualTo(200);
    assertThat(engines.body()).contains("warehouse").doesNotContain("\"etl\"");

    // a job stuck in processing for three hours goes back to the queue
    long stuck;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (kind, state, updated_at)"
            + " VALUES ('nightly-rollup', 'processing', ?) RETURNING id")) {
      insert.setLong(1, System.currentTimeMillis() - Duration.ofHours(3).toMillis());
      try (ResultSet r = insert.executeQuery()) {
        r.next();
        stuck = r.getLong(1);
      }
    }
    service.await("/api/jobs/" + stuck, null, r -> r.body().contains("\"queued\""));
    assertThat(service.log()).contains("maintenance_reaped")
        .contains("Reset 1 ETL jobs stuck in processing for over");
    // the payload shows it once the etl check's cached result (1 s) has expired
    JsonNode after = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      after = new ObjectMapper().readTree(service.get("/health", null, TOKEN).body());
      if (after.at("/etl/queued").asLong() == 1) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    assertThat(after.at("/etl/queued").asLong()).as(after.toString()).isEqualTo(1);
    assertThat(after.at("/etl/processing").asLong()).isZero();

    // the jobs table as the etl queue: the reaped job waits again, nothing is processing
    assertThat(service.get("/health/queues", null, null).status()).isEqualTo(401);
    JsonNode queues = new ObjectMapper().readTree(service.get("/health/queues", null, TOKEN)
        .body());
    assertThat(queues.get("status").asText()).as(queues.toString()).isEqualTo("online");
    assertThat(queues.at("/queues/0/name").asText()).isEqualTo("etl");
    assertThat(queues.at("/queues/0/probe").asText()).isEqualTo("jobs table");
    assertThat(queues.at("/queues/0/size").asLong()).isEqualTo(1);
    assertThat(queues.at("/queues/0/started").asLong()).isZero();
    assertThat(queues.at("/scheduler/scheduled_jobs").isNumber()).isTrue();

    // the runbook's SLO table, judged on the /api requests made above
    // (the slo check's result lives 1 s: wait for one taken after them)
    JsonNode slos = null;
    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      slos = new ObjectMapper().readTree(service.get("/health/slo", null, TOKEN).body());
      if (slos.at("/slo/slos/api~1availability/value").isNumber()) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    assertThat(slos.at("/slo/slos/api~1availability/target").asDouble()).as(slos.toString())
        .isEqualTo(99.5);
    assertThat(slos.at("/slo/slos/api~1availability/warning").asDouble()).isEqualTo(99.0);
    assertThat(slos.at("/slo/slos/api~1availability/critical").asDouble()).isEqualTo(98.0);
    assertThat(slos.at("/slo/slos/api~1latency_p95/target").asDouble()).isEqualTo(500);
    assertThat(slos.at("/slo/slos/api~1latency_p95/warning").asDouble()).isEqualTo(800);
    assertThat(slos.at("/slo/slos/api~1latency_p95/critical").asDouble()).isEqualTo(1500);
    assertThat(slos.at("/slo/slos/api~1error_rate/warning").asDouble()).isEqualTo(2);
    assertThat(slos.at("/slo/slos/api~1error_rate/critical").asDouble()).isEqualTo(5);
    assertThat(slos.at("/slo/slos/api~1availability/value").isNumber())
        .as("the /api requests were counted: %s", slos).isTrue();
    assertThat(service.get("/health/alerts", null, null).status()).isEqualTo(401);
    JsonNode alerts = new ObjectMapper().readTree(service.get("/health/alerts", null, TOKEN)
        .body());
    assertThat(alerts.get("active").isArray()).as(alerts.toString()).isTrue();

    // Actuator beside runbook lists runbook's checks
    JsonNode actuator = new ObjectMapper().readTree(
        service.get("/actuator/health", null, null).body());
    assertThat(actuator.at("/components/runbook/components/etl/status").asText())
        .as(actuator.toString()).isEqualTo("UP");

    // the operator commands on the same jar: a backup, and a drill that leaves nothing behind
    Result backup = ServiceProcess.command(JAR, env, scratch, "backup");
    assertThat(backup.exit()).as(backup.out() + backup.err()).isZero();
    String[] lines = backup.out().strip().split("\n");
    String id = Path.of(lines[lines.length - 1].strip()).getFileName().toString();
    Result drill = ServiceProcess.command(JAR, env, scratch, "restore-verify", id);
    assertThat(drill.exit()).as(drill.out() + drill.err()).isZero();
    assertThat(drill.out()).contains("restore-verify " + id + ": PASS")
        .contains("public.jobs");
    try (Connection c = admin()) {
      assertThat(count(c, "SELECT count(*) FROM pg_database WHERE datname LIKE"
          + " 'runbook_drill_%'")).as("no scratch database left").isZero();
    }
  }
}
