package dev.runbook.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.jdbc.TestDatabases;
import dev.runbook.testkit.MutableClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The room kept at the end of the log while a reader holds it: appended only under the write
 * lock and only when writers come near the end, overwritten by the writers' frames instead of
 * the file growing, and never a risk to a committed row, even when the files are taken as a
 * power cut would leave them.
 */
class WalHeadroomTest {

  @TempDir Path dir;
  Path db;
  SQLiteDataSource ds;
  Connection writer;
  Connection reader;

  @BeforeEach
  void create() throws Exception {
    db = dir.resolve("library.db");
    ds = TestDatabases.sqlite(db, true, 10_000);
    writer = ds.getConnection();
    TestDatabases.exec(writer, "CREATE TABLE events (id INTEGER PRIMARY KEY, note TEXT)");
    // a backup's read transaction: the log cannot start over while it lives
    reader = ds.getConnection();
    reader.setAutoCommit(false);
    try (Statement s = reader.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
      rs.next();
    }
  }

  @AfterEach
  void close() throws Exception {
    reader.close();
    writer.close();
  }

  private Path log() {
    return Path.of(db + "-wal");
  }

  /** Where the writers' next frame goes, from the wal-index header. */
  private long writersEnd() throws Exception {
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(Path.of(db + "-shm")), 0, 48)
        .order(ByteOrder.nativeOrder());
    return 32 + Integer.toUnsignedLong(header.getInt(16)) * (24 + 4096);
  }

  /** A copy of the files as a power cut leaves them (database and log, no index), opened. */
  private Connection openAsAfterAPowerCut() throws Exception {
    Path crash = Files.createDirectory(dir.resolve("crash"));
    Files.copy(db, crash.resolve("library.db"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(log(), crash.resolve("library.db-wal"), StandardCopyOption.COPY_ATTRIBUTES);
    return Sqlite.open(crash.resolve("library.db"), false, Duration.ofSeconds(5));
  }

  /** Commits rows one a transaction until the writers' end has moved by {@code bytes}. */
  private long commitRows(long bytes, long firstId) throws Exception {
    long until = writersEnd() + bytes;
    long id = firstId;
    try (PreparedStatement ps = writer.prepareStatement(
        "INSERT INTO events(id, note) VALUES (?, ?)")) {
      while (writersEnd() < until) {
        ps.setLong(1, id++);
        ps.setString(2, "event " + id + " " + "x".repeat(900));
        ps.executeUpdate();
      }
    }
    return id;
  }

  @Test
  void roomIsAppendedNearTheEndAndWritersFillItWithoutTheFileGrowing() throws Exception {
    MutableClock clock = MutableClock.at("2026-12-03T00:00:00Z");
    try (WalHeadroom headroom = WalHeadroom.open(db, clock)) {
      long start = writersEnd();
      long unwritten = Files.size(log());
      assertThat(headroom.step()).as("nothing while nobody writes").isFalse();
      assertThat(Files.size(log())).isEqualTo(unwritten);
      commitRows(1, 1);
      long before = Files.size(log());
      assertThat(headroom.step()).as("the first append, once a writer wrote").isTrue();
      assertThat(headroom.appended()).isEqualTo(WalHeadroom.FIRST);
      long size = Files.size(log());
      assertThat(size - before).isEqualTo(WalHeadroom.FIRST);
      assertThat(size - writersEnd()).as("room ahead of the writers")
          .isGreaterThanOrEqualTo(WalHeadroom.LOW);
      assertThat(headroom.step()).as("nothing more while the room lasts").isFalse();

      commitRows(size - writersEnd() - WalHeadroom.LOW / 2, 2);
      clock.advance(Duration.ofSeconds(2));

      assertThat(Files.size(log())).as("the writers wrote into the room").isEqualTo(size);
      long pace = WalHeadroom.appendFor(writersEnd() - start, Duration.ofSeconds(2));
      assertThat(pace).as("half of what they wrote in two seconds, in whole MiB")
          .isEqualTo(roundUpToMib((writersEnd() - start + 1) / 2))
          .isStrictlyBetween(WalHeadroom.SMALLEST, WalHeadroom.LARGEST);
      assertThat(headroom.step()).as("topped up once they came near").isTrue();
      assertThat(Files.size(log())).isEqualTo(size + pace);
      assertThat(headroom.appended()).isEqualTo(WalHeadroom.FIRST + pace);
    }
  }

  private static long roundUpToMib(long bytes) {
    long mib = 1 << 20;
    return (bytes + mib - 1) / mib * mib;
  }

  @Test
  void laterAppendsHoldASecondOfTheWritersPace() {
    long mib = 1 << 20;
    Duration second = Duration.ofSeconds(1);
    assertThat(WalHeadroom.appendFor(12 * mib, second)).isEqualTo(12 * mib);
    assertThat(WalHeadroom.appendFor(20 * mib, Duration.ofSeconds(2))).isEqualTo(10 * mib);
    assertThat(WalHeadroom.appendFor(10 * mib + 1, second)).as("whole MiB, rounded up")
        .isEqualTo(11 * mib);
    assertThat(WalHeadroom.appendFor(mib, second)).as("never below the smallest")
        .isEqualTo(WalHeadroom.SMALLEST);
    assertThat(WalHeadroom.appendFor(0, Duration.ZERO)).isEqualTo(WalHeadroom.SMALLEST);
    assertThat(WalHeadroom.appendFor(500 * mib, second)).as("never above the largest")
        .isEqualTo(WalHeadroom.LARGEST);
    assertThat(WalHeadroom.appendFor(mib, Duration.ZERO)).isEqualTo(WalHeadroom.LARGEST);
  }

  @Test
  void aLongAppendLetsWritersCommitBetweenHoldsOfTheLock() throws Exception {
    SQLiteDataSource impatient = TestDatabases.sqlite(db, true, 0); // no busy wait at all
    try (WalHeadroom headroom = WalHeadroom.open(db);
        Connection other = impatient.getConnection();
        PreparedStatement insert = other.prepareStatement(
            "INSERT INTO events(note) VALUES ('between two holds')")) {
      long[] nanos = {0};
      // every reading of the time passes just over a third of the longest hold: a third piece
      // would end the hold past it, so two pieces a hold
      headroom.ticker = () -> nanos[0] += WalHeadroom.MAX_HOLD.toNanos() / 3 + 1;
      int[] between = {0};
      headroom.afterHold = () -> {
        try {
          between[0] += insert.executeUpdate(); // fails with SQLITE_BUSY if the lock were held
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      };
      commitRows(1, 1);
      long before = Files.size(log());

      assertThat(headroom.step()).isTrue();

      long holds = WalHeadroom.FIRST / (2 * WalHeadroom.PIECE);
      assertThat(headroom.holds()).as("two pieces under each hold").isEqualTo(holds);
      assertThat(between[0]).as("a commit after every hold").isEqualTo(holds);
      assertThat(headroom.appended()).isEqualTo(WalHeadroom.FIRST);
      assertThat(Files.size(log()) - before).as("the commits went into the room")
          .isEqualTo(WalHeadroom.FIRST);
      try (Statement s = writer.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE note = 'between two"
              + " holds'")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(holds);
      }
    }
  }

  @Test
  void theNextHoldWaitsUntilAWriterCommitsOrTheWaitRunsOut() throws Exception {
    try (WalHeadroom headroom = WalHeadroom.open(db)) {
      long[] nanos = {0};
      headroom.ticker = () -> nanos[0] += WalHeadroom.MAX_HOLD.toNanos() / 3 + 1; // 2 MiB a hold
      int[] pauses = {0};
      long[] pausesBeforeHold = new long[16];
      int[] hold = {0};
      headroom.afterHold = () -> pausesBeforeHold[hold[0]++] = pauses[0];
      long[] id = {1_000_000};
      headroom.pause = () -> {
        pauses[0]++;
        if (hold[0] == 1 && pauses[0] == 3) {
          try {
            id[0] = commitRows(1, id[0]); // a writer gets in during the third millisecond
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        return false;
      };
      commitRows(1, 1);

      assertThat(headroom.step()).isTrue();

      long holds = WalHeadroom.FIRST / (2 * WalHeadroom.PIECE);
      assertThat(headroom.holds()).isEqualTo(holds);
      assertThat(pausesBeforeHold[1]).as("the second hold, once the writer had committed")
          .isEqualTo(3);
      long letIn = WalHeadroom.LET_IN.toMillis();
      for (int h = 2; h < holds; h++) {
        assertThat(pausesBeforeHold[h] - pausesBeforeHold[h - 1])
            .as("with nobody writing, hold %d after the whole wait", h).isEqualTo(letIn);
      }
    }
  }

  @Test
  void aQuickAppendTakesOneHold() throws Exception {
    try (WalHeadroom headroom = WalHeadroom.open(db)) {
      headroom.ticker = () -> 0; // the writes take no time
      commitRows(1, 1);

      assertThat(headroom.step()).isTrue();

      assertThat(headroom.holds()).isEqualTo(1);
      assertThat(headroom.appended()).isEqualTo(WalHeadroom.FIRST);
    }
  }

  @Test
  void nothingIsAppendedWhileAWriterHoldsTheWriteLock() throws Exception {
    Connection other = ds.getConnection();
    try (WalHeadroom headroom = WalHeadroom.open(db)) {
      other.setAutoCommit(false);
      TestDatabases.exec(other, "INSERT INTO events(note) VALUES ('open transaction')");
      long size = Files.size(log());

      assertThat(headroom.step()).isFalse();

      assertThat(Files.size(log())).isEqualTo(size);
      assertThat(headroom.appended()).isZero();
      other.commit();
      assertThat(headroom.step()).as("once the writer is done").isTrue();
    } finally {
      other.close();
    }
  }

  @Test
  void zerosTheLockWasTooBusyForAreWrittenLaterAndNeverOverAFrameWrittenMeanwhile()
      throws Exception {
    Connection other = ds.getConnection();
    long rows;
    try (WalHeadroom headroom = WalHeadroom.open(db);
        PreparedStatement insert = other.prepareStatement(
            "INSERT INTO events(note) VALUES (?)")) {
      headroom.ticker = () -> 0; // the writes take no time: one hold fills what is left
      long id = commitRows(1, 1);
      long before = Files.size(log());
      headroom.afterExtend = () -> {
        try {
          other.setAutoCommit(false); // a writer takes the lock before the zeros are written
          insert.setString(1, "holding the lock");
          insert.executeUpdate();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      };

      assertThat(headroom.step()).as("the log's end moved").isTrue();

      assertThat(headroom.holds()).as("no zeros while the writer held the lock").isZero();
      assertThat(Files.size(log()) - before).isEqualTo(WalHeadroom.FIRST);
      long written = 1;
      while (writersEnd() < before + WalHeadroom.PIECE) { // frames into the unwritten region
        insert.setString(1, "x".repeat(2000));
        insert.executeUpdate();
        written++;
        other.commit();
      }
      other.setAutoCommit(true);
      rows = id - 1 + written;

      assertThat(headroom.step()).as("the rest of the zeros").isTrue();

      assertThat(headroom.holds()).isEqualTo(1);
      assertThat(Files.size(log()) - before).as("nothing appended twice")
          .isEqualTo(WalHeadroom.FIRST);
      try (Connection c = openAsAfterAPowerCut();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
        rs.next();
        assertThat(rs.getLong(1)).as("the frames written before the zeros survive them")
            .isEqualTo(rows);
      }
    } finally {
      other.close();
    }
  }

  @Test
  void zerosAreNotWrittenIntoALogEmptiedSinceTheAppend() throws Exception {
    Connection other = ds.getConnection();
    try (WalHeadroom headroom = WalHeadroom.open(db)) {
      commitRows(1, 1);
      headroom.afterExtend = () -> {
        try {
          other.setAutoCommit(false);
          TestDatabases.exec(other, "INSERT INTO events(note) VALUES ('holding the lock')");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      };
      assertThat(headroom.step()).isTrue();
      assertThat(headroom.holds()).isZero();
      other.commit();
      reader.commit(); // the backup's snapshot ends, and a checkpoint empties the log
      TestDatabases.exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
      assertThat(Files.size(log())).isZero();
      commitRows(1, 10_000);
      long size = Files.size(log());

      headroom.step();

      assertThat(headroom.holds()).as("no zeros written").isZero();
      assertThat(Files.size(log())).as("the log as the writers left it").isEqualTo(size);
    } finally {
      other.close();
    }
  }

  @Test
  void aPowerCutAfterWritersFilledPartOfTheRoomLosesNoCommittedRow() throws Exception {
    long rows;
    try (WalHeadroom headroom = WalHeadroom.open(db)) {
      long id = commitRows(64 * 1024, 1);
      assertThat(headroom.step()).isTrue();
      id = commitRows(WalHeadroom.LOW / 3, id);
      rows = id - 1;
      assertThat(Files.size(log()) - writersEnd()).as("zeros still past the last frame")
          .isPositive();
      try (Connection c = openAsAfterAPowerCut();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*), max(id) FROM events")) {
        rs.next();
        assertThat(rs.getLong(1)).as("every committed row recovered").isEqualTo(rows);
        assertThat(rs.getLong(2)).isEqualTo(rows);
        assertThat(Sqlite.problems(c)).isEmpty();
      }
    }
  }
}
