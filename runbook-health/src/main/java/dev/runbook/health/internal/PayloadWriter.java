package dev.runbook.health.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.health.CheckSnapshot;
import dev.runbook.health.HealthReport;
import dev.runbook.health.http.PayloadFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Renders a {@link HealthReport} in each {@link PayloadFormat}, in full or status only. */
public final class PayloadWriter {

  /** Details a check uses to report its IETF measurement; lifted out of the IETF details. */
  private static final Set<String> MEASUREMENT_KEYS =
      Set.of("measurement", "observed_value", "observed_unit");

  private final ObjectMapper json = new ObjectMapper();

  public byte[] write(HealthReport report, PayloadFormat format, boolean details) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(details ? 1024 : 32);
    try (JsonGenerator g = json.createGenerator(out)) {
      switch (format) {
        case IETF:
          ietf(g, report, details);
          break;
        case MICROPROFILE:
          microProfile(g, report, details);
          break;
        default:
          nativeFormat(g, report, details);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A small JSON object, such as the answer to a reset. */
  public byte[] object(Map<String, ?> body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"error": message}}: for 4xx and 5xx answers. */
  public byte[] error(String message) {
    return object(Map.of("error", message));
  }

  private static void nativeFormat(JsonGenerator g, HealthReport report, boolean details)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("status", report.status().wireName());
    if (details) {
      writeIfPresent(g, "service", report.service());
      writeIfPresent(g, "version", report.version());
      g.writeStringField(CheckResult.KEY_CHECKED_AT, report.checkedAt().toString());
      for (CheckSnapshot check : report.checks()) {
        g.writeObjectFieldStart(check.name());
        g.writeStringField(CheckResult.KEY_STATUS, check.status().wireName());
        writeCommonAndDetails(g, check);
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static void writeCommonAndDetails(JsonGenerator g, CheckSnapshot check)
      throws IOException {
    g.writeNumberField(CheckResult.KEY_DURATION_MS, check.duration().toMillis());
    g.writeStringField(CheckResult.KEY_CHECKED_AT, check.checkedAt().toString());
    for (Map.Entry<String, Object> detail : check.details().entrySet()) {
      g.writeFieldName(detail.getKey());
      g.writeObject(detail.getValue());
    }
    if (check.error().isPresent()) {
      g.writeStringField(CheckResult.KEY_ERROR, check.error().get());
    }
    if (check.timedOut()) {
      g.writeBooleanField(CheckResult.KEY_TIMED_OUT, true);
    }
  }

  private static void ietf(JsonGenerator g, HealthReport report, boolean details)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("status", report.status().ietfName());
    if (details) {
      writeIfPresent(g, "version", report.version());
      writeIfPresent(g, "serviceId", report.service());
      g.writeObjectFieldStart("checks");
      for (CheckSnapshot check : report.checks()) {
        Map<String, Object> d = check.details();
        boolean observed = d.containsKey("observed_value");
        String measurement = observed
            ? String.valueOf(d.getOrDefault("measurement", "value")) : "responseTime";
        g.writeArrayFieldStart(check.name() + ":" + measurement);
        g.writeStartObject();
        g.writeStringField("componentId", check.name());
        g.writeStringField("status", check.status().ietfName());
        g.writeStringField("time", check.checkedAt().toString());
        g.writeFieldName("observedValue");
        g.writeObject(observed ? d.get("observed_value") : check.duration().toMillis());
        Object unit = observed ? d.get("observed_unit") : "ms";
        if (unit != null) {
          g.writeFieldName("observedUnit");
          g.writeObject(unit);
        }
        if (check.error().isPresent()) {
          g.writeStringField("output", check.error().get());
        }
        if (check.timedOut()) {
          g.writeBooleanField("timedOut", true);
        }
        Map<String, Object> rest = new LinkedHashMap<>(d);
        if (observed) {
          rest.keySet().removeAll(MEASUREMENT_KEYS);
        }
        if (!rest.isEmpty()) {
          g.writeFieldName("details");
          g.writeObject(rest);
        }
        g.writeEndObject();
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void microProfile(JsonGenerator g, HealthReport report, boolean details)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("status", report.status().microProfileName());
    g.writeArrayFieldStart("checks");
    if (details) {
      for (CheckSnapshot check : report.checks()) {
        g.writeStartObject();
        g.writeStringField("name", check.name());
        // A non-critical check never takes its group down, so neither does its MicroProfile status.
        Status shown = check.contribution();
        g.writeStringField("status", shown.microProfileName());
        g.writeObjectFieldStart("data");
        g.writeStringField(CheckResult.KEY_STATUS, check.status().wireName());
        writeCommonAndDetails(g, check);
        g.writeEndObject();
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeIfPresent(JsonGenerator g, String field, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
