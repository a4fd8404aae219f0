package dev.runbook.examples.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.examples.support.ServiceProcess;
import dev.runbook.examples.support.ServiceProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest queue, pause and drain, against {@code target/media-ingest.jar} on its default
 * (SQLite in DATA_DIR), over real HTTP and from the operator's command line beside it.
 */
class QueuesIT {

  static final String OPS = "ops-alice";
  static final String TOKEN = "tok-ops-alice-0123456789";
  static final String OTHER = "tok-other-0123456789abcd";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path scratch;
  ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theIngestQueueInRabbitMqWhenAmqpUrlIsSet() throws Exception {
    String amqp = "amqp://guest:guest@127.0.0.1:5672/%2F";
    com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
    f.setUri(amqp);
    try (com.rabbitmq.client.Connection c = f.newConnection()) {
      for (String q : new String[] {"media-ingest.pages", "media-ingest.pages.failed"}) {
        try (com.rabbitmq.client.Channel ch = c.createChannel()) {
          ch.queueDelete(q); // what an earlier run left, so the counts are this run's
        }
      }
    } catch (java.io.IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("under CI=true RabbitMQ must be reachable at 127.0.0.1:5672", e);
      }
      org.junit.jupiter.api.Assumptions.abort("RabbitMQ is not reachable at 127.0.0.1:5672");
    }
    Map<String, String> env = env();
    env.put("AMQP_URL", amqp);
    env.put("AMQP_MANAGEMENT_URL", "http://127.0.0.1:15672");
    service = ServiceProcess.serve(MediaIngestIT.JAR, env, scratch.resolve("serve.log"));
    service.await("/media", null, r -> r.body().contains("googlebooks"));
    JsonNode queues = JSON.readTree(service.get("/health/queues", null, TOKEN).body());
    assertThat(queues.get("status").asText()).as(queues.toString()).isEqualTo("online");
    assertThat(queues.at("/probes/rabbitmq/status").asText()).isEqualTo("online");
    assertThat(queues.at("/queues/0/name").asText()).isEqualTo("ingest");
    assertThat(queues.at("/queues/0/probe").asText()).isEqualTo("rabbitmq");
    assertThat(queues.at("/queues/0/failed").asLong()).isZero();
    assertThat(service.log()).doesNotContain("guest:guest");

    body(post("/health/queues/drain", TOKEN));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    JsonNode drained = queues;
    while (System.nanoTime() < deadline) {
      drained = JSON.readTree(service.get("/health/queues", null, TOKEN).body());
      if (drained.at("/drain/drained").asBoolean()) {
        break;
      }
    }
    assertThat(drained.at("/drain/drained").asBoolean()).as(drained.toString()).isTrue();
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(Map.of(
        "DATA_DIR", scratch.resolve("data").toString(),
        "HEALTH_ALLOWLIST", "127.0.0.2",
        "HEALTH_TOKENS", OPS + ":" + TOKEN + "," + OTHER,
        "OPS_ADMIN_ALLOWLIST", OPS,
        "INGEST_INTERVAL", "1s"));
    return env;
  }

  String post(String path, String token) throws Exception {
    String answer = service.raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return answer;
  }

  static JsonNode body(String raw) throws Exception {
    return JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void theIngestQueuePauseAndDrainOverHttpAndFromTheCommandLine() throws Exception {
    service = ServiceProcess.serve(MediaIngestIT.JAR, env(), scratch.resolve("serve.log"));

    assertThat(service.get("/health/queues", null, null).status()).isEqualTo(401);
    assertThat(service.get("/health/queues", "127.0.0.2", null).status()).isEqualTo(403);
    assertThat(service.get("/health/queues", null, OTHER).status())
        .as("a token OPS_ADMIN_ALLOWLIST does not name").isEqualTo(403);
    // pages flow through the queue into media_items
    service.await("/media", null, r -> r.body().contains("googlebooks"));
    JsonNode queues = JSON.readTree(service.get("/health/queues", null, TOKEN).body());
    assertThat(queues.get("status").asText()).as(queues.toString()).isEqualTo("online");
    assertThat(queues.at("/queues/0/name").asText()).isEqualTo("ingest");
    assertThat(queues.at("/queues/0/probe").asText()).isEqualTo("ingest queue");
    assertThat(queues.at("/queues/0/size").isNumber()).isTrue();
    assertThat(queues.at("/scheduler/scheduled_jobs").asLong()).isPositive();

    // pause over HTTP, then from the command line beside the running service
    assertThat(body(post("/health/jobs/ingest-tmdb/pause", OTHER)).get("paused").asText())
        .isEqualTo("jobs/ingest-tmdb");
    Result cli = ServiceProcess.command(MediaIngestIT.JAR, env(), scratch, "pause", "ingest-igdb");
    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("ingest-igdb: paused");
    service.await("/health", "127.0.0.2",
        r -> r.body().contains("\"paused_jobs\":[\"ingest-igdb\",\"ingest-tmdb\"]"));
    assertThat(Files.readString(scratch.resolve("data/paused-jobs.json")))
        .contains("ingest-igdb", "ingest-tmdb");
    Result resumed = ServiceProcess.command(MediaIngestIT.JAR, env(), scratch, "resume",
        "ingest-igdb");
    assertThat(resumed.exit()).isZero();
    assertThat(ServiceProcess.command(MediaIngestIT.JAR, env(), scratch, "pause", "nope").exit())
        .isEqualTo(2);

    // drain: the feeders pause, the worker empties the queue
    JsonNode drain = body(post("/health/queues/drain", TOKEN)).get("drain");
    assertThat(drain.get("paused_jobs").toString()).contains("ingest-igdb", "ingest-lastfm",
        "ingest-googlebooks").doesNotContain("ingest-tmdb");
    JsonNode drained = JSON.readTree(service.await("/health/queues", null,
        r -> true).body());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      drained = JSON.readTree(service.get("/health/queues", null, TOKEN).body());
      if (drained.at("/drain/drained").asBoolean()) {
        break;
      }
    }
    assertThat(drained.at("/drain/drained").asBoolean()).as(drained.toString()).isTrue();
    assertThat(drained.at("/queues/0/size").asLong()).isZero();
    Result cliQueues = ServiceProcess.command(MediaIngestIT.JAR, env(), scratch, "queues");
    assertThat(cliQueues.exit()).as(cliQueues.err()).isZero();
    assertThat(cliQueues.out()).contains("\"name\" : \"ingest\"");

    JsonNode accepted = JSON.readTree(service.get("/health/audit?action=accepted", null, TOKEN)
        .body());
    assertThat(accepted.get("events").findValuesAsText("reason"))
        .contains("drain queues", "pause jobs/ingest-tmdb");
  }
}
