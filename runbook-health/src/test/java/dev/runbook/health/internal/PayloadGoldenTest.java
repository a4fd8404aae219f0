package dev.runbook.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.core.Status;
import dev.runbook.health.HealthReport;
import dev.runbook.health.TestReports;
import dev.runbook.health.http.PayloadFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each format's exact output for one fixed report, compared as pretty-printed text so key order
 * counts. Regenerate with {@code -Dgolden.update=true} and review the diff before committing.
 */
class PayloadGoldenTest {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final Instant AT = Instant.parse("2026-11-22T03:15:00Z");

  static HealthReport report() {
    Map<String, Object> jobs = new LinkedHashMap<>();
    Map<String, Object> reminders = new LinkedHashMap<>();
    reminders.put("consecutive_failures", 3);
    reminders.put("last_error", "connect timed out");
    reminders.put("last_run_at", "2026-11-22T03:00:00Z");
    jobs.put("overdue-reminders", reminders);
    Map<String, Object> scheduler = new LinkedHashMap<>();
    scheduler.put("running", true);
    scheduler.put("failure_threshold", 3);
    scheduler.put("failing_jobs", List.of("overdue-reminders"));
    scheduler.put("jobs", jobs);
    Map<String, Object> disk = new LinkedHashMap<>();
    disk.put("path", "/var/lib/app");
    disk.put("measurement", "utilization");
    disk.put("observed_value", 0.42);
    disk.put("observed_unit", "ratio");
    disk.put("component_type", "system");
    return TestReports.report("readiness", "bibliotheca", "1.4.2", AT, List.of(
        Snapshot.of("database", Status.OK, null,
            database(), AT.minusMillis(5), Duration.ofMillis(3), false, true),
        Snapshot.of("scheduler", Status.DEGRADED, "1 job failing", scheduler,
            AT.minusSeconds(1), Duration.ofMillis(0), false, true),
        Snapshot.of("email", Status.DOWN, "connect refused", Map.of(),
            AT.minusSeconds(2), Duration.ofMillis(1002), false, false),
        Snapshot.of("disk", Status.OK, null, disk, AT, Duration.ofMillis(1), false, true),
        Snapshot.of("cache", Status.DOWN, "did not answer within its timeout of 2s",
            Map.of(), AT, Duration.ofMillis(2001), true, false)));
  }

  private static Map<String, Object> database() {
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("product", "PostgreSQL");
    database.put("latency_ms", 3);
    database.put("component_type", "datastore");
    database.put("measurement", "responseTime");
    database.put("observed_value", 3);
    database.put("observed_unit", "ms");
    return database;
  }

  @ParameterizedTest(name = "{0}, details={1}")
  @CsvSource({
      "NATIVE, true, native-full.json",
      "NATIVE, false, native-status.json",
      "IETF, true, ietf-full.json",
      "IETF, false, ietf-status.json",
      "MICROPROFILE, true, microprofile-full.json",
      "MICROPROFILE, false, microprofile-status.json",
      "ACTUATOR, true, actuator-full.json",
      "ACTUATOR, false, actuator-status.json"})
  void shouldRenderExactlyTheGoldenPayload(PayloadFormat format, boolean details, String file)
      throws IOException {
    byte[] bytes = new PayloadWriter().write(report(), format, details);
    String actual = JSON.writeValueAsString(JSON.readTree(bytes)) + "\n";

    if (Boolean.getBoolean("golden.update")) {
      Path target = Path.of("src/test/resources/golden", file);
      Files.writeString(target, actual);
    }
    assertThat(actual).isEqualTo(golden(file));
  }

  private static String golden(String file) throws IOException {
    try (InputStream in = PayloadGoldenTest.class.getResourceAsStream("/golden/" + file)) {
      assertThat(in).as("golden file %s", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
