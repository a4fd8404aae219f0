package dev.runbook.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ListenersTest {

  private static final Instant AT = Instant.parse("2026-11-22T03:15:00Z");

  @Test
  void shouldLogEachChangeAsAnEventWithKeyValuesAtTheLevelOfItsSeverity() {
    Logger logger = (Logger) LoggerFactory.getLogger("test.health." + System.nanoTime());
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Slf4jStatusListener listener = new Slf4jStatusListener(logger);

    listener.onStatusChange(new StatusChange(AT, "db", Status.OK, Status.DOWN, "refused"));
    listener.onStatusChange(new StatusChange(AT, "db", Status.DOWN, Status.DEGRADED, "slow"));
    listener.onStatusChange(new StatusChange(AT, "db", Status.DEGRADED, Status.OK, null));

    assertThat(appender.list).extracting(ILoggingEvent::getMessage).containsOnly(
        "health_status_changed");
    assertThat(appender.list).extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.ERROR, Level.WARN, Level.INFO);
    Map<String, Object> first = appender.list.get(0).getKeyValuePairs().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value == null ? "null" : kv.value));
    assertThat(first).containsEntry("check", "db").containsEntry("from", "ok")
        .containsEntry("to", "down").containsEntry("error", "refused");
  }

  @Test
  void shouldAppendOneJsonObjectPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("alerts.jsonl");
    JsonLinesAlertFile alerts = new JsonLinesAlertFile(file);

    alerts.onStatusChange(new StatusChange(AT, "db", null, Status.DOWN, "refused \"x\""));
    alerts.onStatusChange(new StatusChange(AT.plusSeconds(5), "db", Status.DOWN, Status.OK, null));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).containsExactly(
        "{\"at\":\"2026-11-22T03:15:00Z\",\"check\":\"db\",\"from\":null,\"to\":\"down\","
            + "\"error\":\"refused \\\"x\\\"\"}",
        "{\"at\":\"2026-11-22T03:15:05Z\",\"check\":\"db\",\"from\":\"down\",\"to\":\"ok\","
            + "\"error\":null}");
    assertThat(new ObjectMapper().readTree(lines.get(0)).get("to").asText()).isEqualTo("down");
  }

  @Test
  void shouldRefuseAnAlertFileInAFolderThatDoesNotExist(@TempDir Path dir) {
    assertThatThrownBy(() -> new JsonLinesAlertFile(dir.resolve("missing/alerts.jsonl")))
        .hasMessageContaining("does not exist; create it first");
  }

  @Test
  void shouldWriteTransitionsFromARealRegistryToTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("alerts.jsonl");
    try (HealthRegistry registry = HealthRegistry.builder()
        .listener(new JsonLinesAlertFile(file)).build()) {
      registry.register("db", () -> dev.runbook.core.CheckResult.down("refused"),
          CheckOptions.builder().ttl(java.time.Duration.ZERO).build());
      registry.report("readiness");
      registry.report("readiness");
    }
    assertThat(Files.readAllLines(file)).hasSize(1).first().asString()
        .contains("\"check\":\"db\"", "\"to\":\"down\"");
  }
}
