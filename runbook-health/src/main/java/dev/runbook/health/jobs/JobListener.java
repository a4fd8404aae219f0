package dev.runbook.health.jobs;

/**
 * Told of every finished run, after the monitor has recorded it, on the thread that ended the
 * run. A listener that throws is logged ({@code job_listener_failed}) and never affects the run.
 *
 * <pre>{@code
 * monitor.addListener(e -> audit.record(e.job(), e.outcome()));
 * }</pre>
 */
@FunctionalInterface
public interface JobListener {
  void onRunFinished(JobRunEvent event);
}
