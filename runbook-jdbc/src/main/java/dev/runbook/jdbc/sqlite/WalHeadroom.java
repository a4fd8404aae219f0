package dev.runbook.jdbc.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps written, synced room at the end of a WAL-mode database's log while a backup's read
 * transaction holds the log, so that the service's writers do not pay for the log's growth.
 *
 * <p>Why: while any reader lives, the log cannot start over from its beginning, so every commit
 * appends to it; when it must grow past its largest size so far, each commit's sync also has to
 * write the file's new size and blocks to the file system's journal. Measured on ext4 (a writer
 * committing one row a transaction, synchronous FULL, a reader holding the log for 1.2 s): the
 * writer kept 54-65 % of its commits when the log had to grow, 95 % when it already had room.
 *
 * <p>How, and why it is safe: a connection of its own takes SQLite's write lock ({@code BEGIN
 * IMMEDIATE}), so no writer of any process is writing frames, moves the log's end further (a
 * hole, which reads as zeros) and lets the lock go. It then reads the new region, outside the
 * lock, so that the page cache takes its pages, and writes zeros over it under further holds of
 * the lock, never before the writers' end as it stands under the lock, and syncs them outside
 * it. Writers then overwrite zeros instead of growing the file. Zeros past the last frame are
 * what SQLite reads as the end of the log (a frame must carry the header's salts and a running
 * checksum), so a crash at any point recovers every committed frame. It appends only when the
 * writers come within {@link #LOW} of the end, never takes the file system's last {@link
 * #RESERVE}, and gives up quietly on any error: it only saves the writers time, the backup does
 * not depend on it. SQLite later reuses the room; {@code PRAGMA journal_size_limit} or the last
 * connection's close shrinks the log as it would any log.
 *
 * <p>Why the region is read before its zeros are written: a writer waits for every hold, and
 * what makes writing new bytes slow is the page cache taking new pages, not the copy. On this
 * project's 2-core test machine, a virtual machine whose host backs its memory when first
 * touched, appending 1 MiB took 2.5 to 4 ms and overwriting cached pages 0.2 to 0.5 ms; holds
 * that appended 1 to 7 MiB lasted 8 to 30 ms, those that overwrite 2 to 24 MiB of read pages
 * 1 to 10 ms. A writer committing one row a transaction kept 71 to 87 % of its commits during a
 * 200 MiB backup with the appends under the lock, 81 to 99 % with the region read first.
 *
 * <p>How much at a time: appends are few and large, {@link #FIRST}, then each about a second of
 * the writers' pace since the room began ({@link #PACE}), within {@link #SMALLEST} and {@link
 * #LARGEST}, because a writer's sync of the log also has to write out whatever zeros are not yet
 * on disk. Measured with a writer committing one row a transaction as fast as it can (about 32
 * MiB of log a second, on this project's 2-core test machine): 2 MiB appends kept it at 82-87 %
 * of its commits, 16 MiB at 94 %, 32 MiB at 99 % but with commits of up to 42 ms (the bar is 50
 * ms), hence 24 MiB at most. One hold of the write lock writes zeros until the next piece would
 * end it past {@link #MAX_HOLD}; the zeros are then synced, and the next hold waits until a
 * writer has committed or {@link #LET_IN} has passed: a writer that found the lock taken sleeps
 * in SQLite's busy handler for ever longer turns, and holds taken back to back made a writer's
 * commit take 80 to 230 ms at 1 GiB, the sum of its sleeps, each try falling on a hold. Nothing
 * is appended until the writers write: a backup beside a quiet service leaves its log as it was;
 * one during which the service writes less than {@link #FIRST} minus {@link #LOW} of log
 * appends once.
 */
final class WalHeadroom implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WalHeadroom.class);

  /** The room kept ahead of the writers; appended to when they come closer. */
  static final long LOW = 8L << 20;
  /** Zeros are written a piece of this size at a time; appends are whole pieces. */
  static final int PIECE = 1 << 20;
  /**
   * How long one hold of the write lock may go on writing zeros: a writer that found the lock
   * taken retries after SQLite's default busy waits of 1, 2 and 5 ms, so a hold that ends within
   * 8 ms costs it those at most; a hold a little longer cost it 18 ms (the next wait is 10 ms).
   */
  static final Duration MAX_HOLD = Duration.ofMillis(6);
  /** How long, between two holds, a writer waiting for the lock is given to commit. */
  static final Duration LET_IN = Duration.ofMillis(100);
  /** The first append, before the writers' pace is known. */
  static final long FIRST = 16L << 20;
  /** Later appends hold about this long of the writers' pace. */
  static final Duration PACE = Duration.ofSeconds(1);
  /** Bounds of one later append. */
  static final long SMALLEST = 4L << 20;
  static final long LARGEST = 24L << 20;
  /** Free space on the file system that the room never takes. */
  static final long RESERVE = 256L << 20;
  /** How long one attempt at the write lock may take before it is tried again later. */
  private static final Duration LOCK_WAIT = Duration.ofMillis(50);
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Path database;
  private final Path wal;
  private final Connection lock;
  private final Statement statement;
  private final FileChannel logFile;
  private final FileChannel shm;
  private final Clock clock;
  private final ByteBuffer zeros = ByteBuffer.allocateDirect(PIECE);
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(PIECE);
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread thread;
  private long appended;
  private Instant firstSeen;
  private long firstEnd;
  private long holds;
  /** Appended, not yet written: {@code [unfilledFrom, unfilledTo)} of the log. */
  private long unfilledFrom;
  private long unfilledTo;
  /** Times a hold of the write lock (tests replace it). */
  LongSupplier ticker = System::nanoTime;
  /** Runs after the log's end moved and the new region was read, before its zeros (tests). */
  Runnable afterExtend = () -> {};
  /** Runs after each hold's zeros are synced, the lock let go (tests). */
  Runnable afterHold = () -> {};
  /** A millisecond's wait between two holds (tests replace it). */
  Pause pause = () -> stop.await(1, TimeUnit.MILLISECONDS);

  /** A millisecond's wait; true when the room is stopping. */
  interface Pause {
    boolean stopsAfterMillisecond() throws InterruptedException;
  }

  private WalHeadroom(Path database, Clock clock) throws SQLException, IOException {
    this.database = database;
    this.clock = clock;
    this.wal = Path.of(database + "-wal");
    this.shm = KeptOpen.read(Path.of(database + "-shm"));
    Connection c = Sqlite.open(database, false, LOCK_WAIT);
    try {
      Sqlite.spinForLocks(c, LOCK_WAIT);
      this.statement = c.createStatement();
      // never creates one
      this.logFile = FileChannel.open(wal, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (SQLException | IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    this.lock = c;
    long end = writersEnd();
    if (end >= 0) {
      firstSeen = clock.instant();
      firstEnd = end;
    }
  }

  /**
   * Starts keeping room in {@code database}'s log until {@link #close}; null, with the reason
   * logged at debug, when it cannot (no log or index, a read-only file): the backup goes on.
   */
  static WalHeadroom start(Path database) {
    WalHeadroom headroom;
    try {
      headroom = open(database);
    } catch (SQLException | IOException | RuntimeException e) {
      log.debug("no room kept in the log of {}: {}", database, e.toString());
      return null;
    }
    headroom.thread = new Thread(headroom::run, "runbook-sqlite-wal-headroom");
    headroom.thread.setDaemon(true);
    headroom.thread.start();
    return headroom;
  }

  /** Without a thread: {@link #step} is called by the caller (tests). */
  static WalHeadroom open(Path database) throws SQLException, IOException {
    return open(database, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, the writers' pace timed by {@code clock} (tests). */
  static WalHeadroom open(Path database, Clock clock) throws SQLException, IOException {
    return new WalHeadroom(database, clock);
  }

  /** Bytes of zeros appended so far. */
  synchronized long appended() {
    return appended;
  }

  /**
   * The size of an append after the writers' end moved {@code bytes} in {@code over}: what they
   * write in {@link #PACE} at that pace, rounded up to whole pieces, within {@link #SMALLEST}
   * and {@link #LARGEST}.
   */
  static long appendFor(long bytes, Duration over) {
    if (over.isZero() || over.isNegative()) {
      return bytes > 0 ? LARGEST : SMALLEST;
    }
    double pace = (double) bytes * PACE.toNanos() / over.toNanos();
    long pieces = (long) Math.ceil(Math.min(pace, LARGEST) / PIECE);
    return Math.max(SMALLEST, pieces * PIECE);
  }

  /** Holds of the write lock that wrote zeros, so far. */
  synchronized long holds() {
    return holds;
  }

  /** Stops and waits for the thread, which holds no lock between its steps, and closes. */
  @Override
  public void close() {
    stop.countDown();
    boolean interrupted = false;
    while (thread != null) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      logFile.close();
      lock.close();
    } catch (SQLException | IOException e) {
      log.debug("closing the headroom of {}: {}", database, e.toString());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!stop.await(PAUSE_NANOS, TimeUnit.NANOSECONDS)) {
        step();
      }
    } catch (SQLException | IOException | RuntimeException e) {
      log.debug("keeping room in the log of {} stopped: {}", database, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Appends room when the writers have written since the room began, their next frame is within
   * {@link #LOW} of the log's end and the disk has room ({@link #FIRST} the first time, then
   * {@link #appendFor the writers' pace}): moves the log's end under one short hold of the write
   * lock, reads the new region so that the page cache holds its pages, then writes and syncs its
   * zeros, each hold at most {@link #MAX_HOLD} long. A region whose zeros are not all written
   * yet (the lock was busy) is finished first. Returns whether it appended or wrote any.
   */
  synchronized boolean step() throws SQLException, IOException, InterruptedException {
    long end = writersEnd();
    if (end < 0) {
      return false;
    }
    Instant now = clock.instant();
    if (firstSeen == null) {
      firstSeen = now;
      firstEnd = end;
    }
    if (end == firstEnd) {
      return false; // nobody wrote: a backup beside a quiet service leaves the log as it was
    }
    if (unfilledFrom < unfilledTo) {
      return fill(end);
    }
    long bytes = appended == 0 ? FIRST
        : appendFor(end - firstEnd, Duration.between(firstSeen, now));
    if (logFile.size() - end >= LOW || !roomOnDisk(bytes)) {
      return false;
    }
    long from = extendUnderLock(bytes);
    if (from < 0) {
      return false;
    }
    appended += bytes;
    unfilledFrom = from;
    unfilledTo = from + bytes;
    cache(from, unfilledTo);
    afterExtend.run();
    fill(end);
    return true;
  }

  /**
   * Moves the log's end {@code bytes} further under the write lock, without writing them (the
   * file system keeps them as a hole, read as zeros); returns the old end, or -1 when the lock
   * was busy or the log is empty.
   */
  private long extendUnderLock(long bytes) throws SQLException, IOException {
    try {
      statement.execute("BEGIN IMMEDIATE");
    } catch (SQLException busy) {
      return -1; // a long transaction: tried again at the next pause
    }
    try {
      long at = logFile.size();
      if (at < PageStream.WAL_HEADER) {
        return -1; // a log emptied by a checkpoint: SQLite writes its header first
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      while (last.hasRemaining()) {
        logFile.write(last, at + bytes - 1);
      }
      return at;
    } finally {
      statement.execute("ROLLBACK");
    }
  }

  /**
   * Reads {@code [from, to)} of the log, outside the lock: reading is safe beside the writers,
   * and it makes the page cache take its pages now, which is the slow part of writing new
   * bytes (on a virtual machine, memory the host has not yet backed), so the holds that write
   * the zeros only overwrite cached pages.
   */
  private void cache(long from, long to) throws IOException {
    long at = from;
    while (at < to) {
      scratch.clear();
      scratch.limit((int) Math.min(PIECE, to - at));
      int read = logFile.read(scratch, at);
      if (read < 0) {
        return; // the log was emptied meanwhile; the fill finds out under the lock
      }
      at += read;
    }
  }

  /**
   * Writes and syncs the unfilled region's zeros in holds of the write lock, letting the writers
   * commit between two holds; returns whether it wrote any.
   */
  private boolean fill(long end) throws SQLException, IOException, InterruptedException {
    boolean wrote = false;
    while (unfilledFrom < unfilledTo) {
      if (wrote && !letWritersIn(end)) {
        break;
      }
      if (!zeroUnderLock()) {
        break;
      }
      end = writersEnd();
      logFile.force(false); // outside the lock: writers commit between the holds
      wrote = true;
      afterHold.run();
    }
    return wrote;
  }

  /**
   * Waits, before another hold, until a writer has committed since {@code end} or {@link
   * #LET_IN} has passed: a writer that found the lock taken sleeps in SQLite's busy handler for
   * ever longer turns (1, 2, 5, 10 ... 100 ms), and holds taken back to back could each fall
   * between its tries, so that it waited for all of them. False when the room is stopping.
   */
  private boolean letWritersIn(long end) throws IOException, InterruptedException {
    for (long waited = 0; waited < LET_IN.toMillis(); waited++) {
      if (writersEnd() != end) {
        return true;
      }
      if (pause.stopsAfterMillisecond()) {
        return false;
      }
    }
    return true;
  }

  /** The byte where the writers' next frame goes, or -1 while a writer is changing the index. */
  private long writersEnd() throws IOException {
    PageStream.IndexHeader header = PageStream.IndexHeader.read(shm);
    return header == null ? -1 : header.end();
  }

  private boolean roomOnDisk(long bytes) throws IOException {
    return Files.getFileStore(wal).getUsableSpace() > RESERVE + bytes;
  }

  /**
   * Writes zeros over the unfilled region while holding the write lock, a {@link #PIECE} at a
   * time, from the writers' end when they have already come into it (never over a frame); stops
   * before a piece would end the hold past {@link #MAX_HOLD}, judged by its slowest piece so far.
   * False when the lock was busy.
   */
  private boolean zeroUnderLock() throws SQLException, IOException {
    try {
      statement.execute("BEGIN IMMEDIATE");
    } catch (SQLException busy) {
      return false; // a long transaction: tried again at the next pause
    }
    try {
      if (logFile.size() < unfilledTo) {
        unfilledFrom = unfilledTo; // the log was emptied or shrunk: nothing of ours is left
        return true;
      }
      long end = writersEnd(); // where it stays while this connection holds the lock
      if (end < 0) {
        return false; // the index unreadable: no zeros where a frame might be
      }
      long at = Math.max(unfilledFrom, end);
      long start = ticker.getAsLong();
      long last = start;
      long slowest = 0;
      while (at < unfilledTo) {
        zeros.clear();
        zeros.limit((int) Math.min(PIECE, unfilledTo - at));
        while (zeros.hasRemaining()) {
          at += logFile.write(zeros, at);
        }
        long now = ticker.getAsLong();
        slowest = Math.max(slowest, now - last);
        last = now;
        if (now - start + slowest > MAX_HOLD.toNanos()) {
          break; // the rest under another hold, after this much is synced
        }
      }
      unfilledFrom = at;
      holds++;
      return true;
    } finally {
      statement.execute("ROLLBACK");
    }
  }
}
