package dev.runbook.health.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so runbook never keeps a JVM alive and a thread dump says whose it is. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Threads named {@code prefix1}, {@code prefix2}, ... numbered by the given counter. */
  public static ThreadFactory named(String prefix, AtomicInteger counter) {
    return task -> {
      Thread thread = new Thread(task, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
