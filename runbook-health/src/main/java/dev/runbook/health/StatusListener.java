package dev.runbook.health;

/**
 * Told once per change of a check's reported status, never once per poll. Called on the thread
 * that observed the change; a listener that throws is logged and does not disturb the others.
 *
 * @see Slf4jStatusListener
 * @see JsonLinesAlertFile
 */
@FunctionalInterface
public interface StatusListener {
  void onStatusChange(StatusChange change);
}
