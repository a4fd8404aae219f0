package dev.runbook.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runbook.core.CheckResult;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format's answer, in the ok, degraded and down states and to callers with and without
 * details, validates against its schema: the MicroProfile Health TCK's own schema (a verbatim
 * copy of ../shared/specs/mp-health-check-schema.json), and the schemas this repository writes
 * for the IETF draft, Actuator's documented shape and the native payload. The HTTP codes follow
 * each format's rules.
 */
class PayloadSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<PayloadFormat, Schema> SCHEMAS = Map.of(
      PayloadFormat.MICROPROFILE, schema("mp-health-check-schema.json",
          SpecificationVersion.DRAFT_4),
      PayloadFormat.IETF, schema("ietf-health-check.schema.json", SpecificationVersion.DRAFT_7),
      PayloadFormat.ACTUATOR, schema("actuator-health.schema.json", SpecificationVersion.DRAFT_7),
      PayloadFormat.NATIVE, schema("native-health.schema.json", SpecificationVersion.DRAFT_7));

  private HealthRegistry registry;

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Schema schema(String file, SpecificationVersion version) {
    try (InputStream in = PayloadSchemaTest.class.getResourceAsStream("/schemas/" + file)) {
      return SchemaRegistry.withDefaultDialect(version).getSchema(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> errors(PayloadFormat format, JsonNode document) {
    List<String> messages = new ArrayList<>();
    for (Error error : SCHEMAS.get(format).validate(document)) {
      messages.add(error.getInstanceLocation() + ": " + error.getMessage());
    }
    return messages;
  }

  /** A registry in one of the three states, with nested details, lists and a null. */
  private HealthEndpoint endpoint(String state) {
    Map<String, Object> jobs = new LinkedHashMap<>();
    jobs.put("overdue-reminders", Map.of("consecutive_failures", 3, "last_error", "timed out"));
    Map<String, Object> sources = new LinkedHashMap<>();
    Map<String, Object> tmdb = new LinkedHashMap<>();
    tmdb.put("state", state.equals("ok") ? "closed" : "open");
    tmdb.put("cooldown_remaining_s", state.equals("ok") ? 0 : 42);
    tmdb.put("last_error", null);
    sources.put("tmdb", tmdb);
    CheckResult scheduler = (state.equals("ok") ? CheckResult.ok()
        : CheckResult.degraded("1 job failing"))
        .withDetail("running", true)
        .withDetail("failing_jobs", state.equals("ok") ? List.of() : List.of("overdue-reminders"))
        .withDetail("jobs", jobs);
    CheckResult ingestion = (state.equals("ok") ? CheckResult.ok()
        : CheckResult.degraded("circuits not closed: tmdb open"))
        .withDetail("sources", sources)
        .withDetail("issues", state.equals("ok") ? List.of()
            : List.of(Map.of("source", "tmdb", "reason", "http_5xx", "last_error", "HTTP 503")));
    CheckResult email = state.equals("ok") ? CheckResult.ok()
        : CheckResult.down("connect refused");
    CheckResult database = (state.equals("down") ? CheckResult.down("connection refused")
        : CheckResult.ok()).withDetail("component_type", "datastore")
        .withDetail("offsite_synced_at", null);
    registry = HealthRegistry.builder().service("bibliotheca").version("1.4.2").build();
    registry.register("database", () -> database);
    registry.register("scheduler", () -> scheduler);
    registry.register("ingestion", () -> ingestion);
    registry.register("email", () -> email, CheckOptions.builder().critical(false).build());
    registry.register("disk", () -> CheckResult.ok().withDetail("measurement", "utilization")
        .withDetail("observed_value", 0.42).withDetail("observed_unit", "ratio")
        .withDetail("component_type", "system"));
    return HealthEndpoint.builder(registry)
        .gate(AccessGate.builder().allow("127.0.0.2").build()).build();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (PayloadFormat format : PayloadFormat.values()) {
      for (String state : List.of("ok", "degraded", "down")) {
        for (boolean details : List.of(true, false)) {
          cases.add(Arguments.of(format, state, details));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} details={2}")
  @MethodSource("cases")
  void shouldAnswerADocumentItsSchemaAcceptsWithTheCodeItsStatusMeans(PayloadFormat format,
      String state, boolean details) throws Exception {
    HealthResponse response = endpoint(state).handle(HealthRequest.builder("GET", "/health")
        .queryParameter("format", format.parameter())
        .remoteAddress(InetAddress.getByName(details ? "127.0.0.2" : "127.0.0.1")).build());
    JsonNode document = JSON.readTree(response.bodyText());

    assertThat(errors(format, document)).as(response.bodyText()).isEmpty();
    assertThat(response.headers()).containsEntry("Content-Type", format.contentType())
        .containsEntry("Vary", "Accept");
    String status = document.get("status").asText();
    int code = response.statusCode();
    switch (format) {
      case IETF:
        // the draft: pass and warn in 2xx-3xx, fail in 4xx-5xx
        assertThat(code).isBetween(status.equals("fail") ? 400 : 200, status.equals("fail")
            ? 599 : 399);
        assertThat(status).isEqualTo(Map.of("ok", "pass", "degraded", "warn", "down", "fail")
            .get(state));
        break;
      case MICROPROFILE:
        assertThat(code).isEqualTo(status.equals("UP") ? 200 : 503);
        // the conjunction: a check that is down (here the non-critical email) makes it DOWN
        assertThat(status).isEqualTo(state.equals("ok") ? "UP" : "DOWN");
        for (JsonNode check : document.get("checks")) {
          assertThat(check.get("status").asText()).as(check.toString())
              .isEqualTo(check.get("data").get("status").asText().equals("down") ? "DOWN" : "UP");
        }
        break;
      case ACTUATOR:
        assertThat(code).isEqualTo(status.equals("DOWN") ? 503 : 200);
        assertThat(status).isEqualTo(Map.of("ok", "UP", "degraded", "DEGRADED", "down", "DOWN")
            .get(state));
        break;
      default:
        assertThat(code).isEqualTo(state.equals("down") ? 503 : 200);
        assertThat(status).isEqualTo(state);
    }
    if (!details) {
      assertThat(response.bodyText()).doesNotContain("database", "email", "tmdb");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void shouldValidateEveryGoldenFileAgainstItsFormatsSchema(String file, PayloadFormat format)
      throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/golden/" + file)) {
      assertThat(errors(format, JSON.readTree(in))).isEmpty();
    }
  }

  static Stream<Arguments> goldenFiles() {
    return Stream.of(PayloadFormat.values()).flatMap(f -> Stream.of("full", "status")
        .map(kind -> Arguments.of(f.parameter() + "-" + kind + ".json", f)));
  }

  @Test
  void shouldCatchWhatTheOldMicroProfileOutputGotWrong() throws Exception {
    // nested objects, lists and nulls in data: what runbook answered before, 3 errors here
    JsonNode old = JSON.readTree("{\"status\":\"UP\",\"checks\":[{\"name\":\"scheduler\","
        + "\"status\":\"UP\",\"data\":{\"jobs\":{\"a\":{}},\"failing_jobs\":[\"a\"],"
        + "\"offsite_synced_at\":null}}]}");

    assertThat(errors(PayloadFormat.MICROPROFILE, old)).hasSize(3);
    assertThat(errors(PayloadFormat.IETF, JSON.readTree("{\"status\":\"green\"}"))).hasSize(1);
    assertThat(errors(PayloadFormat.IETF, JSON.readTree(
        "{\"status\":\"pass\",\"checks\":{\"a:b:c\":[{\"status\":\"pass\"}]}}"))).isNotEmpty();
    assertThat(errors(PayloadFormat.ACTUATOR, JSON.readTree(
        "{\"status\":\"UP\",\"components\":{\"db\":{\"details\":{}}}}"))).isNotEmpty();
  }

  @Test
  void shouldKeepTheMicroProfileSchemaAVerbatimCopyOfTheSpecification() throws IOException {
    Path spec = Path.of("../../shared/specs/mp-health-check-schema.json");
    if (!Files.exists(spec)) {
      // CI and every developer machine have ../shared; a bare clone elsewhere may not
      assertThat(System.getenv("CI")).as("CI must see ../shared/specs").isNull();
      System.out.println("PayloadSchemaTest: ../shared/specs is not beside this checkout;"
          + " the copy is not compared");
      return;
    }
    try (InputStream in = getClass().getResourceAsStream("/schemas/mp-health-check-schema.json")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(spec));
    }
  }
}
