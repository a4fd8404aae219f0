package dev.runbook.health.jobs;

import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled executor that runs nothing by itself: {@link #advance} moves the test's clock and
 * runs, on the test's thread, every task that has come due, in due order, with the JDK's
 * fixed-rate and fixed-delay rules. A periodic task that throws is cancelled, as in the JDK.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private boolean shutdown;

  ManualScheduler(MutableClock clock) {
    this.clock = clock;
  }

  /**
   * Moves the clock by {@code by}, stopping at each due time to run what is due then. A task
   * that moves the clock itself (a long run) is never undone: the clock does not go back.
   */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    while (true) {
      Task next = tasks.stream().filter(t -> !t.cancelled && !t.due.isAfter(end))
          .min(Comparator.comparing((Task t) -> t.due).thenComparing(t -> t.sequence))
          .orElse(null);
      if (next == null) {
        break;
      }
      if (next.due.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next.due));
      }
      next.runOnce();
    }
    if (clock.instant().isBefore(end)) {
      clock.advance(Duration.between(clock.instant(), end));
    }
  }

  /** Tasks still scheduled. */
  long pending() {
    return tasks.stream().filter(t -> !t.cancelled && !t.done).count();
  }

  private Task add(Runnable command, long delay, long period, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("scheduler is shut down");
    }
    Task task = new Task(command, clock.instant().plusNanos(unit.toNanos(delay)),
        unit.toNanos(period), tasks.size());
    tasks.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, delay, 0, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the monitor");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
      TimeUnit unit) {
    return add(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
      long delay, TimeUnit unit) {
    return add(command, initialDelay, -delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    tasks.forEach(t -> t.cancelled = true);
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }

  /** Period as the JDK encodes it: positive fixed rate, negative fixed delay, zero once. */
  private final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final long period;
    final int sequence;
    Instant due;
    boolean cancelled;
    boolean done;

    Task(Runnable command, Instant due, long period, int sequence) {
      this.command = command;
      this.due = due;
      this.period = period;
      this.sequence = sequence;
    }

    void runOnce() {
      try {
        command.run();
      } catch (RuntimeException e) {
        cancelled = true;
        return;
      }
      if (period > 0) {
        due = due.plusNanos(period);
      } else if (period < 0) {
        due = clock.instant().plusNanos(-period);
      } else {
        done = true;
        cancelled = true;
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean was = cancelled;
      cancelled = true;
      return !was;
    }

    @Override
    public boolean isCancelled() {
      return cancelled && !done;
    }

    @Override
    public boolean isDone() {
      return cancelled || done;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("periodic tasks have no result");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("periodic tasks have no result");
    }
  }
}
