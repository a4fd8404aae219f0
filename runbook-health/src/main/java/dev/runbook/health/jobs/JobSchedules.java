package dev.runbook.health.jobs;

import dev.runbook.health.internal.DaemonThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The executor the monitor schedules on, and its orderly end: {@link #close} cancels the
 * monitor's schedules (also on an executor it was given) so no new run starts, then
 * waits up to the close timeout for runs in progress (of any scheduler) to finish, so a service's
 * shutdown never pulls a database pool out from under a running backup. Only then, and only on an
 * executor the monitor created, are the runs left interrupted.
 */
final class JobSchedules {

  private final Logger log;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final Duration closeTimeout;
  private final Object idle = new Object();
  private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
  private int inFlight;
  private volatile boolean closed;

  JobSchedules(Logger log, ScheduledExecutorService given, int threads, Duration closeTimeout) {
    this.log = log;
    this.closeTimeout = closeTimeout;
    if (given != null) {
      this.executor = given;
      this.ownsExecutor = false;
    } else {
      ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(threads,
          DaemonThreads.named("runbook-jobs-", new AtomicInteger()));
      own.setRemoveOnCancelPolicy(true);
      // after close, a delayed first run that has not started never starts
      own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      this.executor = own;
      this.ownsExecutor = true;
    }
  }

  ScheduledFuture<?> atFixedRate(Runnable run, Duration first, Duration period) {
    return kept(executor.scheduleAtFixedRate(run, first.toNanos(), period.toNanos(),
        TimeUnit.NANOSECONDS));
  }

  ScheduledFuture<?> withFixedDelay(Runnable run, Duration first, Duration delay) {
    return kept(executor.scheduleWithFixedDelay(run, first.toNanos(), delay.toNanos(),
        TimeUnit.NANOSECONDS));
  }

  /** One run after {@code delay}, cancelled by {@link #close} like the periodic ones. */
  ScheduledFuture<?> once(Runnable run, Duration delay) {
    return kept(executor.schedule(run, delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** A one-off schedule that ran or was replaced: no longer kept for {@link #close}. */
  void forget(ScheduledFuture<?> future) {
    if (future != null) {
      scheduled.remove(future);
    }
  }

  private ScheduledFuture<?> kept(ScheduledFuture<?> future) {
    scheduled.add(future);
    return future;
  }

  boolean running() {
    return !closed && !executor.isShutdown();
  }

  /** A run began, on any thread. */
  void began() {
    synchronized (idle) {
      inFlight++;
    }
  }

  /** A run ended, on any thread. */
  void ended() {
    synchronized (idle) {
      inFlight--;
      idle.notifyAll();
    }
  }

  /**
   * Stops new scheduled runs and waits, at most the close timeout, until no run is in progress.
   *
   * @param runningJobs names the jobs still running, for the log line when the wait runs out
   */
  void close(Supplier<List<String>> runningJobs) {
    // no new scheduled runs, on the monitor's executor or one it was given
    closed = true;
    scheduled.forEach(future -> future.cancel(false));
    if (ownsExecutor) {
      executor.shutdown();
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    boolean interrupted = false;
    synchronized (idle) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
    }
    List<String> still = runningJobs.get();
    if (!still.isEmpty()) {
      log.atWarn().setMessage("job_monitor_close_timed_out").addKeyValue("running_jobs", still)
          .addKeyValue("close_timeout_ms", closeTimeout.toMillis()).log();
    }
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
