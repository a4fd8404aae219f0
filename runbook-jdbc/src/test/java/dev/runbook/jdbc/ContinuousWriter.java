package dev.runbook.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that inserts one row after another until stopped, on its own connection. Latches say
 * when it has written its first 50 rows and 20 rows after {@link #backupDone()}, so a test knows
 * it wrote before, during and after a backup without relying on timing.
 */
public final class ContinuousWriter implements AutoCloseable {

  /** Binds the n-th row's parameters (n counts from 0). */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps, long n) throws Exception;
  }

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong inserted = new AtomicLong();
  private final CountDownLatch writing = new CountDownLatch(50);
  private final CountDownLatch backupDone = new CountDownLatch(1);
  private final CountDownLatch wroteAfter = new CountDownLatch(20);
  private final Future<?> writer;

  public ContinuousWriter(Callable<Connection> connect, String insert, Binder binder) {
    writer = thread.submit(() -> {
      try (Connection c = connect.call();
          PreparedStatement ps = c.prepareStatement(insert)) {
        while (!stop.get()) {
          binder.bind(ps, inserted.get());
          ps.executeUpdate();
          inserted.incrementAndGet();
          writing.countDown();
          if (backupDone.getCount() == 0) {
            wroteAfter.countDown();
          }
        }
      }
      return null;
    });
  }

  /** Whether the first 50 rows were written within 30 s. */
  public boolean awaitWriting() throws InterruptedException {
    return writing.await(30, TimeUnit.SECONDS);
  }

  /** Rows inserted so far. */
  public long inserted() {
    return inserted.get();
  }

  /** Marks the end of the backup; rows from now on count as written after it. */
  public void backupDone() {
    backupDone.countDown();
  }

  /** Whether 20 rows were written after {@link #backupDone()} within 30 s: never starved. */
  public boolean awaitWritingAfterBackup() throws InterruptedException {
    return wroteAfter.await(30, TimeUnit.SECONDS);
  }

  /** Stops the writer and waits for it, failing with its error if it had one. */
  public void stop() throws Exception {
    stop.set(true);
    writer.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    stop.set(true);
    thread.shutdownNow();
  }
}
