package dev.runbook.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service's writer beside a backup: one thread commits one row a transaction into a table of
 * its own in the benchmark's SQLite database (WAL mode, the driver's default synchronous FULL).
 * After 3 s of warm-up, each of five rounds reads the database file into the page cache (see
 * {@link BenchSupport#warm}), empties the log (as a fresh start leaves it), waits
 * 1 s (the commit that checkpoint held up is not counted), lets the writer run 2 s alone, then
 * while a backup runs, then 2 s alone again; the round's figure is its commits a second during
 * the backup against the mean of the two windows beside it, so the machine's drift between
 * minutes touches both sides. Reports the round with the median ratio, and the slowest commit of
 * all rounds. The table is dropped afterwards.
 */
record WriterLoad(double alone, double during, double slowestAloneMs, double slowestDuringMs) {

  static final int ROUNDS = 5;

  static WriterLoad measure(Path db, Callable<?> backup) throws Exception {
    try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = setup.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("CREATE TABLE IF NOT EXISTS writer_load (id INTEGER PRIMARY KEY, at INTEGER,"
          + " note TEXT)");
    }
    Writer writer = new Writer(db);
    Thread thread = new Thread(writer, "writer-load");
    thread.start();
    try {
      if (!writer.started.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the writer did not start: " + writer.failure);
      }
      writer.window(() -> pause(3000)); // compiled, the log at its working size
      List<WriterLoad> rounds = new ArrayList<>();
      double slowestAlone = 0;
      double slowestDuring = 0;
      for (int round = 0; round < ROUNDS; round++) {
        BenchSupport.warm(db); // as the backup rows' rounds: what the backup reads cached
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            Statement s = c.createStatement()) {
          s.execute("PRAGMA busy_timeout=10000");
          s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        writer.window(() -> pause(1000)); // the commit the checkpoint held up lands here
        Window before = writer.window(() -> pause(2000));
        Window during = writer.window(() -> {
          backup.call();
          return null;
        });
        Window after = writer.window(() -> pause(2000));
        double alone = (before.perSecond() + after.perSecond()) / 2;
        slowestAlone = Math.max(slowestAlone,
            Math.max(before.slowestNanos, after.slowestNanos) / 1e6);
        slowestDuring = Math.max(slowestDuring, during.slowestNanos / 1e6);
        rounds.add(new WriterLoad(alone, during.perSecond(), 0, 0));
      }
      rounds.sort(Comparator.comparingDouble(r -> r.during() / r.alone()));
      WriterLoad median = rounds.get(ROUNDS / 2);
      return new WriterLoad(median.alone(), median.during(), slowestAlone, slowestDuring);
    } finally {
      writer.stop.set(true);
      thread.join(30_000);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS writer_load");
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      if (writer.failure != null) {
        throw new IllegalStateException("the writer failed", writer.failure);
      }
    }
  }

  private static Void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return null;
  }

  /** Commits and the slowest commit between two moments. */
  record Window(long commits, long nanos, long slowestNanos) {
    double perSecond() {
      return commits / (nanos / 1e9);
    }
  }

  private static final class Writer implements Runnable {
    final Path db;
    final AtomicBoolean stop = new AtomicBoolean();
    final CountDownLatch started = new CountDownLatch(1);
    volatile boolean counting;
    volatile long commits;
    volatile long slowest;
    volatile Exception failure;

    Writer(Path db) {
      this.db = db;
    }

    Window window(Callable<Void> work) throws Exception {
      commits = 0;
      slowest = 0;
      long start = System.nanoTime();
      counting = true;
      try {
        work.call();
      } finally {
        counting = false;
      }
      return new Window(commits, System.nanoTime() - start, slowest);
    }

    @Override
    public void run() {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          PreparedStatement ps = c.prepareStatement(
              "INSERT INTO writer_load(at, note) VALUES (?, 'one row a commit')")) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA busy_timeout=10000");
        }
        started.countDown();
        while (!stop.get()) {
          long t0 = System.nanoTime();
          ps.setLong(1, t0);
          ps.executeUpdate();
          long took = System.nanoTime() - t0;
          if (counting) {
            commits++;
            slowest = Math.max(slowest, took);
          }
        }
      } catch (Exception e) {
        failure = e;
        started.countDown();
      }
    }
  }
}
