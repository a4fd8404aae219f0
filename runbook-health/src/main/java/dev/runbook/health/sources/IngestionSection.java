package dev.runbook.health.sources;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code ingestion} section; see {@link IngestionSources}. */
final class IngestionSection implements HealthCheck {

  private final IngestionSources sources;

  IngestionSection(IngestionSources sources) {
    this.sources = sources;
  }

  @Override
  public CheckResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> notClosed = new ArrayList<>();
    boolean criticalOpen = false;
    for (IngestionSource source : sources.sources()) {
      SourceState state = source.snapshot();
      details.put(source.name(), state.details());
      if (state.state() != CircuitState.CLOSED) {
        notClosed.add(source.name() + " " + state.state().wireName());
        criticalOpen |= state.critical() && state.state().refusesCalls();
      }
    }
    List<Map<String, Object>> issues = new ArrayList<>();
    for (SourceIssue issue : sources.issues()) {
      issues.add(issue.details());
    }
    Status status = criticalOpen ? Status.DOWN
        : notClosed.isEmpty() ? Status.OK : Status.DEGRADED;
    String reason = notClosed.isEmpty() ? null
        : "circuits not closed: " + String.join(", ", notClosed);
    return CheckResult.of(status, reason)
        .withDetail("sources", details)
        .withDetail("issues", issues);
  }
}
