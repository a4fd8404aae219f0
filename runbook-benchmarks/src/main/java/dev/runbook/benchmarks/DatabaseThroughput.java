package dev.runbook.benchmarks;

import dev.runbook.backup.Backup;
import dev.runbook.backup.BackupRepository;
import dev.runbook.backup.Compression;
import dev.runbook.backup.report.DrillReport;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.jdbc.postgres.PgDatabase;
import dev.runbook.jdbc.postgres.PostgresBackupSource;
import dev.runbook.jdbc.sqlite.SqliteBackupSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Backs up and drills (restore-verify) a generated SQLite database of about 1 GiB and a
 * PostgreSQL database of a few hundred MB (300 by default), and compares each in the same run
 * with what an operator would run by hand. Every timed row is the median of seven rounds, the
 * rounds of runbook and of the shell interleaved so that the machine's drift touches both, and
 * which of the two goes first alternating from round to round. A bar against the shell is judged
 * on the median of the rounds' own ratios (runbook's time over the shell's in the same round):
 *
 * <ul>
 *   <li>SQLite backup against {@code sqlite3 .backup} then {@code zstd -3 -T0} and {@code
 *       sha256sum}, the bar issue 16 sets (1.0x), and against {@code .backup}, {@code gzip} and
 *       {@code sha256sum}, the runbooks' own;
 *   <li>the SQLite drill against {@code zstd -d}, {@code PRAGMA integrity_check}, a count of
 *       every table and the removal of the copy by hand, as the drill removes its scratch (bar
 *       1.1x). Before each drill, on both sides, a file as large as the database is written
 *       and deleted ({@link #freeBackedMemory}), so that both drills write their copy into
 *       memory the host has backed: on this project's virtual test machine the host takes back
 *       memory the guest frees, at a pace of its own, and backing a page again when it is first
 *       written costs about 4 ms a MiB, so whichever drill came after a step that had just freed
 *       a large file (the shell's backup deletes its temporary copy) wrote its 1 GiB copy 1 to 2
 *       s faster, which has nothing to do with either drill;
 *   <li>on both sides, the page cache warm for what each step reads ({@link
 *       BenchSupport#warm}): the database before each backup, the artifact before each drill,
 *       as the issue's own figures were taken. The test machine's page cache does not stay
 *       warm by itself: files no step touches lose pages at a few MiB a second with most of the
 *       memory free (a 963 MiB file read whole kept 612 MiB of it two minutes later), so
 *       without this a step found more or less of its input on disk depending on how long ago
 *       the other side had read it;
 *   <li>a writer committing one row a transaction: its commits a second while a backup runs
 *       against the windows alone just before and after (bar 90 %; the median of five rounds,
 *       see {@link WriterLoad}), and its slowest commit (bar 50 ms); with the default zstd
 *       workers, with one, and without the room kept in the log; and, first, beside the CPU
 *       work alone ({@code cat} of the file into {@code zstd -3 -T0} and {@code sha256sum} at
 *       nice 10, no log held, nothing written), the ceiling the host sets for those rows: on
 *       this project's virtual test machine, cores kept busy by anything, even a loop doing no
 *       I/O at all, cost the writer a fifth to two fifths of its commits on some days, hence
 *       a second row beside one such loop at nice 19 for 3 s;
 *   <li>PostgreSQL against {@code pg_dump -Fc -Z0 | zstd -3 -T0 | sha256sum} (bar 1.05x) and
 *       bare {@code pg_dump -Fc}.
 * </ul>
 *
 * <p>Arguments: {@code [SQLite MiB = 1024] [PostgreSQL MiB = 300] [work folder]}. 0 MiB for
 * PostgreSQL skips it. Both databases hold log-like rows of hex text, which compress about 2:1 to
 * 3:1 as real rows do. The databases are generated once (fixed seed) and kept between runs of the
 * same size. PostgreSQL is the local server at 127.0.0.1:5432 as user postgres.
 */
public final class DatabaseThroughput {

  private static final long MIB = BenchSupport.MIB;
  private static final int ROUNDS = 7;

  private DatabaseThroughput() {}

  /**
   * Writes a file of {@code bytes} and deletes it, so that the next step finds that much freed
   * memory the host has backed (see the class comment).
   */
  static void freeBackedMemory(Path work, long bytes) throws IOException {
    Path file = work.resolve("backed-memory.tmp");
    ByteBuffer zeros = ByteBuffer.allocateDirect((int) MIB);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long at = 0; at < bytes; ) {
        zeros.clear();
        while (zeros.hasRemaining()) {
          at += out.write(zeros, at);
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  public static void main(String[] args) throws Exception {
    long sqliteMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int pgMib = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Path work = Path.of(args.length > 2 ? args[2] : "target/db-bench").toAbsolutePath();
    Files.createDirectories(work);
    List<String> rows = new ArrayList<>();
    List<String> bars = new ArrayList<>();

    Path db = work.resolve("bench-" + sqliteMib + "m.db");
    generateSqlite(db, sqliteMib * MIB);
    long dbBytes = Files.size(db);
    boolean tools = BenchSupport.onPath("sqlite3") && BenchSupport.onPath("zstd");
    Rounds ours = new Rounds();
    Rounds oursDrill = new Rounds();
    Rounds shell = new Rounds();
    Rounds shellDrill = new Rounds();
    Path copy = work.resolve("manual.db");
    long shellStored = -1;
    for (int round = 0; round < ROUNDS; round++) {
      for (boolean runbookTurn : turns(round)) {
        if (runbookTurn) {
          Result r = ours(work, db, SqliteBackupSource.builder("database", db).build(),
              Compression.ZSTD, dbBytes);
          ours.add(r.backup.seconds(), r.backup.peakHeap(), r.stored);
          oursDrill.add(r.drill.seconds(), r.drill.peakHeap(), r.stored);
        } else if (tools) {
          Files.deleteIfExists(copy);
          BenchSupport.warm(db);
          BenchSupport.Shell fast = BenchSupport.shell("sqlite3 '" + db + "' \".backup '" + copy
              + "'\" && zstd -q -3 -T0 -c '" + copy + "' > '" + copy + ".zst' && sha256sum '"
              + copy + ".zst' > /dev/null && stat -c %s '" + copy + ".zst'");
          shellStored = Long.parseLong(fast.stdout());
          shell.add(fast.seconds(), -1, shellStored);
          Files.deleteIfExists(copy);
          freeBackedMemory(work, dbBytes);
          BenchSupport.warm(Path.of(copy + ".zst"));
          BenchSupport.Shell drill = BenchSupport.shell("zstd -q -d -c '" + copy + ".zst' > '"
              + copy + "' && sqlite3 '" + copy + "' 'PRAGMA integrity_check' | grep -qx ok"
              + " && sqlite3 '" + copy + "' 'SELECT count(*) FROM members; SELECT count(*) FROM"
              + " events' > /dev/null && rm -f '" + copy + "'"); // as the drill removes its scratch
          shellDrill.add(drill.seconds(), -1, -1);
          Files.deleteIfExists(copy);
          Files.deleteIfExists(Path.of(copy + ".zst"));
        }
      }
    }
    rows.add(ours.row("SQLite: runbook backup", "zstd", dbBytes));
    rows.add(oursDrill.row("SQLite: runbook restore-verify", "zstd", dbBytes));
    if (tools) {
      rows.add(shell.row("SQLite: sqlite3 .backup, zstd -3 -T0, sha256sum", "zstd", dbBytes));
      rows.add(shellDrill.row("SQLite drill by hand: zstd -d, integrity_check, counts, rm", "zstd",
          dbBytes));
      bars.add(bar("SQLite backup against .backup + zstd -T0 + sha256sum", ours, shell, 1.0));
      bars.add(bar("SQLite drill against zstd -d + integrity_check + counts + rm", oursDrill,
          shellDrill, 1.1));
    }

    int cores = Runtime.getRuntime().availableProcessors();
    if (BenchSupport.onPath("zstd")) {
      // the CPU work of a backup alone, no log held and nothing written: the host's ceiling
      WriterLoad ceiling = WriterLoad.measure(db, () -> BenchSupport.shell("nice -n 10 bash -c"
          + " 'set -o pipefail; cat \"" + db + "\" | zstd -q -3 -T0 | sha256sum > /dev/null'"));
      bars.add(String.format(Locale.ROOT, "| writer's commits/s beside the compression alone"
          + " (cat, zstd -3 -T0, sha256sum at nice 10: no log held, nothing written), the"
          + " host's ceiling for the rows below | %.0f of %.0f | %.0f %% | none: for comparison"
          + " | |", ceiling.during(), ceiling.alone(), 100 * ceiling.during() / ceiling.alone()));
      bars.add(String.format(Locale.ROOT, "| writer's slowest commit beside the compression"
          + " alone, alone in brackets | %.0f ms (%.0f ms) | | none: for comparison | |",
          ceiling.slowestDuringMs(), ceiling.slowestAloneMs()));
    }
    // one core kept busy by a loop with no I/O at the lowest priority: what CPU work of any kind,
    // however low its priority, costs the writer on this host
    WriterLoad loop = WriterLoad.measure(db, () -> BenchSupport.shell(
        "timeout 3 nice -n 19 sh -c 'while :; do :; done'; true"));
    bars.add(String.format(Locale.ROOT, "| writer's commits/s beside one busy loop for 3 s (no"
        + " I/O, nice 19), what CPU work of any priority costs it on this host | %.0f of %.0f |"
        + " %.0f %% | none: for comparison | |", loop.during(), loop.alone(),
        100 * loop.during() / loop.alone()));
    List<String> settings = new ArrayList<>(List.of("default, " + cores + " zstd workers"));
    if (cores > 1) {
      settings.add("compressionWorkers(1)");
    }
    settings.add("default workers, logRoom(false): the log grows under the writer");
    for (String setting : settings) {
      Path loadRoot = work.resolve("repo-load");
      BenchSupport.deleteTree(loadRoot);
      BackupRepository loadRepo = BackupRepository.builder(loadRoot).service("bench")
          .compressionWorkers(setting.startsWith("compressionWorkers") ? 1 : cores)
          .source(SqliteBackupSource.builder("database", db)
              .logRoom(!setting.contains("logRoom(false)")).build()).build();
      WriterLoad load = WriterLoad.measure(db, loadRepo::backup);
      BenchSupport.deleteTree(loadRoot);
      bars.add(String.format(Locale.ROOT, "| writer's commits/s during a backup against alone"
          + " (%s) | %.0f of %.0f | %.0f %% | at least 90 %% | %s |", setting, load.during(),
          load.alone(), 100 * load.during() / load.alone(),
          load.during() >= 0.9 * load.alone() ? "met" : "not met"));
      bars.add(String.format(Locale.ROOT, "| writer's slowest commit during a backup, alone in"
          + " brackets (%s) | %.0f ms (%.0f ms) | | at most 50 ms | %s |", setting,
          load.slowestDuringMs(), load.slowestAloneMs(),
          load.slowestDuringMs() <= 50 ? "met" : "not met"));
    }

    Result gzip = ours(work, db, SqliteBackupSource.builder("database", db).build(),
        Compression.GZIP, 0);
    rows.add(BenchSupport.row("SQLite: runbook backup (one round)", "gzip",
        gzip.backup.seconds(), dbBytes, gzip.stored, gzip.backup.peakHeap()));
    if (BenchSupport.onPath("sqlite3")) {
      Files.deleteIfExists(copy);
      BenchSupport.warm(db);
      BenchSupport.Shell manual = BenchSupport.shell("sqlite3 '" + db + "' \".backup '" + copy
          + "'\" && gzip -6 -c '" + copy + "' > '" + copy + ".gz' && sha256sum '" + copy
          + ".gz' > /dev/null && stat -c %s '" + copy + ".gz'");
      rows.add(BenchSupport.row("SQLite: sqlite3 .backup, gzip, sha256sum (one round)", "gzip",
          manual.seconds(), dbBytes, Long.parseLong(manual.stdout()), -1));
      Files.deleteIfExists(copy);
      Files.deleteIfExists(Path.of(copy + ".gz"));
      BenchSupport.warm(db);
      BenchSupport.Shell alone = BenchSupport.shell("sqlite3 '" + db + "' \".backup '" + copy
          + "'\"");
      rows.add(BenchSupport.row("SQLite: sqlite3 .backup alone (one round)", "none",
          alone.seconds(), dbBytes, dbBytes, -1));
      Files.deleteIfExists(copy);
    }

    if (pgMib > 0) {
      PgDatabase admin = PgDatabase.builder("postgres").user("postgres").build();
      String name = "runbook_bench_" + pgMib + "m";
      PgDatabase pg = admin.withDatabase(name);
      long pgBytes = preparePostgres(admin, pg, pgMib);
      Path dump = work.resolve("manual.dump");
      Rounds pgOurs = new Rounds();
      Rounds pgShell = new Rounds();
      boolean zstd = BenchSupport.onPath("zstd");
      for (int round = 0; round < ROUNDS; round++) {
        for (boolean runbookTurn : turns(round)) {
          if (runbookTurn) {
            Result r = ours(work, null, PostgresBackupSource.builder("database", pg).build(),
                Compression.ZSTD, 0);
            pgOurs.add(r.backup.seconds(), r.backup.peakHeap(), r.stored);
          } else if (zstd) {
            BenchSupport.Shell fast = BenchSupport.shell("pg_dump -Fc -Z0 -h 127.0.0.1 -U"
                + " postgres -d " + name + " | zstd -q -3 -T0 | tee '" + dump + "' | sha256sum"
                + " > /dev/null && stat -c %s '" + dump + "'");
            pgShell.add(fast.seconds(), -1, Long.parseLong(fast.stdout()));
            Files.deleteIfExists(dump);
          }
        }
      }
      rows.add(pgOurs.row("PostgreSQL: runbook backup", "zstd", pgBytes));
      if (zstd) {
        rows.add(pgShell.row("PostgreSQL: pg_dump -Fc -Z0, zstd -3 -T0, sha256sum (one"
            + " pipeline)", "zstd", pgBytes));
        bars.add(bar("PostgreSQL backup against pg_dump -Fc -Z0, zstd -T0, sha256sum", pgOurs,
            pgShell, 1.05));
      }
      BenchSupport.Shell manual = BenchSupport.shell("pg_dump -Fc -h 127.0.0.1 -U postgres -d "
          + name + " -f '" + dump + "' && stat -c %s '" + dump + "'");
      rows.add(BenchSupport.row("PostgreSQL: pg_dump -Fc (one round)", "gzip (pg_dump's)",
          manual.seconds(), pgBytes, Long.parseLong(manual.stdout()), -1));
      Files.deleteIfExists(dump);
    }

    System.out.printf(Locale.ROOT, "%nSQLite %d MiB file; PostgreSQL %d MiB target"
        + " (pg_database_size is the raw figure); medians of %d rounds; %s%n%n", dbBytes / MIB,
        pgMib, ROUNDS, BenchSupport.environment());
    System.out.println(BenchSupport.HEADER);
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("| bar | measured (medians) | ratio (median of the rounds' ratios) | target"
        + " | |");
    System.out.println("|---|---|---|---|---|");
    bars.forEach(System.out::println);
  }

  /**
   * Whose turn comes first in {@code round}, runbook's ({@code true}) or the shell's: it
   * alternates, so neither side always meets a cold start or the other's leftovers (a first round
   * in a fresh JVM, pages the other side just wrote).
   */
  private static boolean[] turns(int round) {
    return round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true};
  }

  /**
   * A bar judged on the median of the rounds' own ratios: each round runs both sides back to
   * back, so its ratio is free of the machine's drift from round to round, which the ratio of the
   * two medians is not. Both are shown.
   */
  private static String bar(String what, Rounds ours, Rounds theirs, double target) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < ours.seconds.size(); i++) {
      ratios.add(ours.seconds.get(i) / theirs.seconds.get(i));
    }
    double ratio = median(ratios);
    return String.format(Locale.ROOT, "| %s | %.2f s against %.2f s | %.2fx (of the medians"
        + " %.2fx) | at most %.2fx | %s |", what, ours.median(), theirs.median(), ratio,
        ours.median() / theirs.median(), target, ratio <= target ? "met" : "not met");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** Timings of the rounds of one row; the row shows their median. */
  private static final class Rounds {
    private final List<Double> seconds = new ArrayList<>();
    private long peakHeap = -1;
    private long stored = -1;

    void add(double s, long heap, long storedBytes) {
      seconds.add(s);
      peakHeap = Math.max(peakHeap, heap);
      stored = storedBytes;
    }

    double median() {
      return DatabaseThroughput.median(seconds);
    }

    String row(String name, String compression, long raw) {
      return BenchSupport.row(name + " " + seconds.stream()
          .map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(), compression, median(), raw,
          stored, peakHeap);
    }
  }

  /** One backup and its drill. */
  record Result(BenchSupport.Measured<Backup> backup, BenchSupport.Measured<DrillReport> drill,
      long stored) {}

  /**
   * A backup of {@code file} (null: a server's database), the file {@link BenchSupport#warm
   * warmed} first, then a drill of it, after {@link #freeBackedMemory freeing} {@code
   * backedBytes} of backed memory when that is positive, and the artifacts warmed.
   */
  static Result ours(Path work, Path file, BackupSource source, Compression compression,
      long backedBytes) throws Exception {
    Path root = work.resolve("repo-" + source.kind() + "-" + compression.wireName());
    BenchSupport.deleteTree(root);
    BackupRepository repo = BackupRepository.builder(root).service("bench")
        .compression(compression).source(source).build();
    if (file != null) {
      BenchSupport.warm(file);
    }
    BenchSupport.Measured<Backup> backup = BenchSupport.measure(repo::backup);
    if (backedBytes > 0) {
      freeBackedMemory(work, backedBytes);
    }
    for (var artifact : backup.value().manifest().artifacts()) {
      BenchSupport.warm(root.resolve(backup.value().id()).resolve(artifact.file()));
    }
    BenchSupport.Measured<DrillReport> drill =
        BenchSupport.measure(() -> repo.restoreVerify(backup.value().id()));
    if (!drill.value().passed()) {
      throw new IllegalStateException("the benchmark's own drill did not pass: " + drill.value());
    }
    long stored = backup.value().manifest().storedBytes();
    BenchSupport.deleteTree(root);
    return new Result(backup, drill, stored);
  }

  /** About {@code target} bytes of log-like rows, generated once from a fixed seed. */
  private static void generateSqlite(Path db, long target) throws SQLException {
    Path done = db.resolveSibling(db.getFileName() + ".generated");
    if (Files.exists(done) && Files.exists(db)) {
      return;
    }
    try {
      Files.deleteIfExists(db);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    SplittableRandom random = new SplittableRandom(20261122L);
    String[] kinds = {"loan", "return", "reminder", "ingest", "search", "backup"};
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL"
            + " REFERENCES members(id), at INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT)");
        s.execute("CREATE INDEX events_at ON events(at)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement m = c.prepareStatement("INSERT INTO members(name) VALUES (?)")) {
        for (int i = 0; i < 10_000; i++) {
          m.setString(1, "member " + i);
          m.addBatch();
        }
        m.executeBatch();
      }
      StringBuilder body = new StringBuilder();
      long bytes = 0;
      long at = 1_700_000_000_000L;
      try (PreparedStatement e = c.prepareStatement(
          "INSERT INTO events(member_id, at, kind, body) VALUES (?, ?, ?, ?)")) {
        int batch = 0;
        while (bytes < target * 0.85) {
          body.setLength(0);
          int words = 20 + random.nextInt(60);
          for (int w = 0; w < words; w++) {
            body.append(kinds[random.nextInt(kinds.length)]).append(random.nextInt(10_000))
                .append(' ');
          }
          e.setLong(1, 1 + random.nextInt(10_000));
          e.setLong(2, at += random.nextInt(5000));
          e.setString(3, kinds[random.nextInt(kinds.length)]);
          e.setString(4, body.toString());
          e.addBatch();
          bytes += body.length() + 40;
          if (++batch % 10_000 == 0) {
            e.executeBatch();
            c.commit();
          }
        }
        e.executeBatch();
        c.commit();
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
    try {
      Files.writeString(done, "done", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the database once; returns its size as the server reports it. */
  private static long preparePostgres(PgDatabase admin, PgDatabase pg, int mib)
      throws Exception {
    boolean exists;
    try (Connection c = admin.connect();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, pg.database());
      exists = ps.executeQuery().next();
      if (!exists) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + pg.database());
        }
      }
    }
    if (!exists) {
      // About 330 bytes per row on disk, with its primary key index.
      long rows = mib * MIB / 330;
      try (Connection c = pg.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE members (id int PRIMARY KEY, name text NOT NULL)");
        s.execute("INSERT INTO members SELECT g, 'member ' || g FROM generate_series(1, 10000) g");
        s.execute("CREATE TABLE events (id bigint PRIMARY KEY, member_id int NOT NULL REFERENCES"
            + " members(id), at timestamptz NOT NULL, kind text NOT NULL, body text)");
        s.execute("INSERT INTO events SELECT g, 1 + g % 10000,"
            + " timestamptz '2026-01-01' + g * interval '1 second',"
            + " (ARRAY['loan','return','reminder','ingest'])[1 + g % 4],"
            + " md5(g::text) || ' ' || md5((g * 7)::text) || ' ' || left(md5((g % 977)::text), 20)"
            + " || ' status=' || (g % 5) || ' ' || repeat(md5((g % 13)::text), 2)"
            + " FROM generate_series(1, " + rows + ") g");
        s.execute("VACUUM ANALYZE");
      }
    }
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
