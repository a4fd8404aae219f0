package dev.runbook.core;

/**
 * Reads the state of a work queue's backend: a job table, a scheduler's table, a message broker.
 * Implementations live beside their backend (runbook-jdbc, a broker module); the health module
 * shows them at {@code /health/queues}. A probe reads, never changes, what it watches.
 *
 * <pre>{@code
 * QueueProbe probe = JdbcJobTableProbe.builder(dataSource, "jobs").build();
 * QueueReport report = probe.probe();
 * }</pre>
 */
public interface QueueProbe {

  /** A short name for this probe, e.g. {@code jobs-table} or {@code rabbitmq}. */
  String name();

  /**
   * The queues and workers as they are now.
   *
   * @throws Exception when the backend cannot be reached or read: the probe is then {@code
   *     offline}, with the error's message (redacted) as the reason
   */
  QueueReport probe() throws Exception;
}
