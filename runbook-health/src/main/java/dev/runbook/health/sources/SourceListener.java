package dev.runbook.health.sources;

/**
 * Told of every call through every source, on the calling thread, after it is recorded. A
 * listener that throws is logged ({@code ingestion_listener_failed}) and never affects the call.
 */
@FunctionalInterface
public interface SourceListener {
  void onCall(SourceCallEvent event);
}
