package dev.runbook.health.alerts;

/** Where alerts go: a file, a webhook, e-mail. A channel may be slow or fail; the book copes. */
@FunctionalInterface
public interface AlertChannel {
  void send(AlertEvent event) throws Exception;
}
