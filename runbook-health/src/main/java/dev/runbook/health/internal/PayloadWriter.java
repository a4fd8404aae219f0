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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Renders a {@link HealthReport} in each {@link PayloadFormat}, in full or status only. */
public final class PayloadWriter {

  /** The detail that names a check's IETF {@code componentType}. */
  public static final String COMPONENT_TYPE = "component_type";

  /** Details a check uses to describe itself to IETF; lifted out of the IETF details. */
  private static final Set<String> IETF_KEYS =
      Set.of("measurement", "observed_value", "observed_unit", COMPONENT_TYPE);

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
        case ACTUATOR:
          actuator(g, report, details);
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
      writeIfPresent(g, "serviceId", report.service());
      writeIfPresent(g, "releaseId", report.version());
      if (report.status() != Status.OK) {
        g.writeStringField("output", ietfOutput(report));
      }
      g.writeObjectFieldStart("checks");
      for (CheckSnapshot check : report.checks()) {
        Map<String, Object> d = check.details();
        boolean observed = d.containsKey("observed_value");
        Object measurement = d.get("measurement");
        // a check that names no measurement is reported by component alone: its status is not
        // a measurement of anything (least of all of how long the check took)
        g.writeArrayFieldStart(observed && measurement != null
            ? check.name() + ":" + measurement : check.name());
        g.writeStartObject();
        g.writeStringField("componentId", check.name());
        g.writeStringField("componentType",
            String.valueOf(d.getOrDefault(COMPONENT_TYPE, "component")));
        g.writeStringField("status", check.status().ietfName());
        g.writeStringField("time", check.checkedAt().toString());
        if (observed) {
          g.writeFieldName("observedValue");
          g.writeObject(d.get("observed_value"));
          Object unit = d.get("observed_unit");
          if (unit != null) {
            g.writeFieldName("observedUnit");
            g.writeObject(unit);
          }
        }
        if (check.status() != Status.OK) {
          g.writeStringField("output", check.error().orElse(check.status().wireName()));
        }
        if (check.timedOut()) {
          g.writeBooleanField("timedOut", true);
        }
        Map<String, Object> rest = new LinkedHashMap<>(d);
        rest.keySet().removeAll(IETF_KEYS);
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

  /** The top-level {@code output} on warn and fail: each check not ok, with its error. */
  private static String ietfOutput(HealthReport report) {
    StringBuilder out = new StringBuilder();
    for (CheckSnapshot check : report.checks()) {
      if (check.status() != Status.OK) {
        if (out.length() > 0) {
          out.append("; ");
        }
        out.append(check.name()).append(' ').append(check.status().wireName());
        check.error().ifPresent(e -> out.append(": ").append(e));
      }
    }
    return out.toString();
  }

  /**
   * MicroProfile's overall status: the conjunction of its checks, each {@code DOWN} when its own
   * result is down (critical or not), so no check that is down is ever reported {@code UP}.
   */
  public static Status microProfileStatus(HealthReport report) {
    for (CheckSnapshot check : report.checks()) {
      if (check.status() == Status.DOWN) {
        return Status.DOWN;
      }
    }
    return Status.OK;
  }

  private static void microProfile(JsonGenerator g, HealthReport report, boolean details)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("status", microProfileStatus(report).microProfileName());
    g.writeArrayFieldStart("checks");
    if (details) {
      for (CheckSnapshot check : report.checks()) {
        g.writeStartObject();
        g.writeStringField("name", check.name());
        g.writeStringField("status", check.status().microProfileName());
        g.writeObjectFieldStart("data");
        g.writeStringField(CheckResult.KEY_STATUS, check.status().wireName());
        g.writeNumberField(CheckResult.KEY_DURATION_MS, check.duration().toMillis());
        g.writeStringField(CheckResult.KEY_CHECKED_AT, check.checkedAt().toString());
        for (Map.Entry<String, Object> detail : check.details().entrySet()) {
          flatten(g, detail.getKey(), detail.getValue());
        }
        if (check.error().isPresent()) {
          g.writeStringField(CheckResult.KEY_ERROR, check.error().get());
        }
        if (check.timedOut()) {
          g.writeBooleanField(CheckResult.KEY_TIMED_OUT, true);
        }
        g.writeEndObject();
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * Writes a detail as MicroProfile's schema allows (strings, numbers, booleans): an object's
   * entries as {@code key.entry}, a list of scalars as one comma-separated string, a list with
   * objects as {@code key.0.entry}, nulls and empty objects not at all.
   */
  private static void flatten(JsonGenerator g, String key, Object value) throws IOException {
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        flatten(g, key + "." + entry.getKey(), entry.getValue());
      }
    } else if (value instanceof Collection<?> list) {
      if (list.stream().allMatch(PayloadWriter::isScalar)) {
        StringBuilder joined = new StringBuilder();
        for (Object item : list) {
          if (item != null) {
            joined.append(joined.length() == 0 ? "" : ", ").append(item);
          }
        }
        g.writeStringField(key, joined.toString());
      } else {
        int i = 0;
        for (Object item : list) {
          flatten(g, key + "." + i++, item);
        }
      }
    } else if (value instanceof Number || value instanceof Boolean) {
      g.writeFieldName(key);
      g.writeObject(value);
    } else {
      g.writeStringField(key, value.toString());
    }
  }

  private static boolean isScalar(Object value) {
    return value == null || !(value instanceof Map || value instanceof Collection);
  }

  private static void actuator(JsonGenerator g, HealthReport report, boolean details)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("status", actuatorName(report.status()));
    if (details) {
      g.writeObjectFieldStart("components");
      for (CheckSnapshot check : report.checks()) {
        g.writeObjectFieldStart(check.name());
        g.writeStringField("status", actuatorName(check.status()));
        g.writeObjectFieldStart("details");
        writeCommonAndDetails(g, check);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** {@code UP}, {@code DEGRADED} (a custom status, answered 200) or {@code DOWN}. */
  public static String actuatorName(Status status) {
    switch (status) {
      case OK:
        return "UP";
      case DEGRADED:
        return "DEGRADED";
      default:
        return "DOWN";
    }
  }

  private static void writeIfPresent(JsonGenerator g, String field, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
