package dev.runbook.health.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs at most {@code limit} tasks at once on a delegate and refuses the rest at once, without
 * queueing: the JDK HTTP server answers a refused exchange by closing its connection, so a flood
 * of slow clients costs each of them a reset, never the server its threads or memory.
 */
public final class BoundedExecutor implements Executor {

  private final Executor delegate;
  private final Semaphore slots;
  private final int limit;
  private final AtomicLong refused = new AtomicLong();

  public BoundedExecutor(Executor delegate, int limit) {
    this.delegate = delegate;
    this.slots = new Semaphore(limit);
    this.limit = limit;
  }

  @Override
  public void execute(Runnable task) {
    if (!slots.tryAcquire()) {
      refused.incrementAndGet();
      throw new RejectedExecutionException("all " + limit + " connection slots are in use");
    }
    try {
      delegate.execute(() -> {
        try {
          task.run();
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException | Error e) {
      slots.release();
      throw e;
    }
  }

  /** Tasks running now. */
  public int inUse() {
    return limit - slots.availablePermits();
  }

  /** Tasks refused since the start. */
  public long refused() {
    return refused.get();
  }
}
