package dev.runbook.health.http;

/**
 * Resets the state of one named thing, a job's failure count or a source's circuit, behind a
 * {@code POST .../reset} route of the {@link HealthEndpoint}.
 *
 * <pre>{@code
 * HealthEndpoint.builder(registry).gate(gate)
 *     .resetRoute("jobs", jobs::reset)         // POST /health/jobs/{name}/reset
 *     .resetRoute("sources", sources::reset)   // POST /health/sources/{name}/reset
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface StateReset {

  /**
   * Resets {@code name}.
   *
   * @throws java.util.NoSuchElementException when nothing of that name exists (answered 404)
   */
  void reset(String name);
}
