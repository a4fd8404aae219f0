package dev.runbook.health.jobs;

/**
 * One run in progress, for schedulers whose callbacks start and finish a run in different places.
 * Exactly one of {@link #succeeded()}, {@link #failed(Throwable)} or {@link #skipped(String)}
 * counts; later calls are ignored.
 *
 * <pre>{@code
 * JobRun run = monitor.start("nightly-backup");
 * try { backup(); run.succeeded(); } catch (Exception e) { run.failed(e); }
 * }</pre>
 */
public interface JobRun {
  void succeeded();

  void failed(Throwable error);

  void skipped(String reason);
}
