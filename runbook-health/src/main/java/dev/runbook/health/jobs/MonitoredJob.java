package dev.runbook.health.jobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as a scheduled job, picked up by {@link JobMonitor#scan(Object)} and run on
 * the monitor's executor. The method takes no parameters and may return anything (the value is
 * ignored); throwing fails the run and throwing {@link JobSkipped} skips it.
 *
 * <p>Durations use the {@link dev.runbook.core.Settings} forms ({@code 30s}, {@code 1h}, {@code
 * PT24H}). A job scanned this way is expected at its interval: with no run for {@code every}
 * plus {@code grace} (default: one more interval) it is overdue.
 *
 * <pre>{@code
 * @MonitoredJob(name = "overdue-reminders", every = "1h", initialDelay = "1m", failureThreshold = 5)
 * void sendReminders() { mailer.sendDue(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MonitoredJob {

  /** The job's name: lower-case letters, digits, '_', '.' and '-'. */
  String name();

  /**
   * How often it runs, e.g. {@code "1h"}: required when {@link JobMonitor#scan} schedules the
   * method; on a method another scheduler runs (Spring's {@code @Scheduled}) it may be left out,
   * and the run is then expected at that schedule's fixed rate or delay, or at no set interval.
   */
  String every() default "";

  /** Wait before the first run; default none. */
  String initialDelay() default "";

  /**
   * Measure {@code every} from the end of one run to the start of the next (fixed delay) instead
   * of between starts (fixed rate, the default).
   */
  boolean fixedDelay() default false;

  /** Consecutive failures at which the job is failing; 0 (the default) means the monitor's. */
  int failureThreshold() default 0;

  /** Extra time past {@code every} before the job is overdue; empty means one more interval. */
  String grace() default "";

  /** A run longer than this is stuck; empty means runs may take any time. */
  String maxRuntime() default "";

  /** A failing critical job takes the scheduler section down rather than degraded. */
  boolean critical() default false;
}
