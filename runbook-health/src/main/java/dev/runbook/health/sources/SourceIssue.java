package dev.runbook.health.sources;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The latest failure of one operation of one source, as {@code ingestion.issues[]} shows it. */
public record SourceIssue(String source, String operation, FailureReason reason,
    String lastError, Instant at) {

  /** The JSON object, in a fixed key order. */
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source", source);
    d.put("operation", operation);
    d.put("reason", reason.wireName());
    d.put("last_error", lastError);
    d.put("at", at);
    return Collections.unmodifiableMap(d);
  }
}
