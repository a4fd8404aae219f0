package dev.runbook.examples.bibliotheca;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The library's data: books, loans and the mail outbox, in one SQLite file behind a HikariCP pool
 * of one connection (the runbook's single-writer rule: one connection never meets "database is
 * locked" from itself). WAL mode and a busy timeout let the operator commands read and back up the
 * same file while the service runs.
 */
final class Library implements AutoCloseable {

  static final Duration LOAN_PERIOD = Duration.ofDays(21);

  private final HikariDataSource pool;
  private final Clock clock;

  Library(Path database, Clock clock) throws Exception {
    this.clock = clock;
    Files.createDirectories(database.getParent());
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setBusyTimeout(5000);
    sqlite.enforceForeignKeys(true);
    SQLiteDataSource ds = new SQLiteDataSource(sqlite);
    ds.setUrl("jdbc:sqlite:" + database);
    HikariConfig config = new HikariConfig();
    config.setDataSource(ds);
    config.setPoolName("library");
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(10_000);
    this.pool = new HikariDataSource(config);
    migrate();
  }

  HikariDataSource dataSource() {
    return pool;
  }

  private void migrate() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS books (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
          + " author TEXT NOT NULL, copies INTEGER NOT NULL CHECK (copies >= 0))");
      s.execute("CREATE TABLE IF NOT EXISTS loans (id INTEGER PRIMARY KEY, book_id INTEGER NOT"
          + " NULL REFERENCES books(id), member TEXT NOT NULL, loaned_at INTEGER NOT NULL,"
          + " due_at INTEGER NOT NULL, returned_at INTEGER, reminded_at INTEGER)");
      s.execute("CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, recipient TEXT NOT"
          + " NULL, subject TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,"
          + " sent_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM books")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          s.execute("INSERT INTO books(title, author, copies) VALUES"
              + " ('The Name of the Rose', 'Umberto Eco', 2),"
              + " ('Ficciones', 'Jorge Luis Borges', 1),"
              + " ('The Left Hand of Darkness', 'Ursula K. Le Guin', 3),"
              + " ('Invisible Cities', 'Italo Calvino', 2),"
              + " ('Site Reliability Engineering', 'Beyer et al.', 1)");
        }
      }
    }
  }

  List<Map<String, Object>> books() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT b.id, b.title, b.author, b.copies, b.copies -"
            + " (SELECT count(*) FROM loans l WHERE l.book_id = b.id AND l.returned_at IS NULL)"
            + " FROM books b ORDER BY b.id")) {
      List<Map<String, Object>> books = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> book = new LinkedHashMap<>();
        book.put("id", rs.getLong(1));
        book.put("title", rs.getString(2));
        book.put("author", rs.getString(3));
        book.put("copies", rs.getInt(4));
        book.put("available", rs.getInt(5));
        books.add(book);
      }
      return books;
    }
  }

  /** Why a loan was refused: an unknown book or no copy left. */
  static final class LoanRefused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    LoanRefused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * Lends a book and queues the confirmation mail in the same transaction: lending never waits
   * for the mail provider.
   */
  Map<String, Object> lend(long bookId, String member) throws SQLException, LoanRefused {
    Instant now = clock.instant();
    Instant due = now.plus(LOAN_PERIOD);
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        String title;
        try (PreparedStatement ps = c.prepareStatement("SELECT b.title, b.copies - (SELECT"
            + " count(*) FROM loans l WHERE l.book_id = b.id AND l.returned_at IS NULL) FROM"
            + " books b WHERE b.id = ?")) {
          ps.setLong(1, bookId);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new LoanRefused(404, "no book with id " + bookId);
            }
            if (rs.getInt(2) <= 0) {
              throw new LoanRefused(409, "no copy of book " + bookId + " is available");
            }
            title = rs.getString(1);
          }
        }
        long loanId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO loans(book_id, member,"
            + " loaned_at, due_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
          ps.setLong(1, bookId);
          ps.setString(2, member);
          ps.setLong(3, now.toEpochMilli());
          ps.setLong(4, due.toEpochMilli());
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            loanId = keys.getLong(1);
          }
        }
        queueMail(c, member, "Loan confirmed: " + title,
            "You borrowed \"" + title + "\". Please return it by " + due + ".");
        c.commit();
        Map<String, Object> loan = new LinkedHashMap<>();
        loan.put("id", loanId);
        loan.put("book_id", bookId);
        loan.put("member", member);
        loan.put("due_at", due.toString());
        return loan;
      } catch (SQLException | LoanRefused | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Queues a reminder for each overdue loan that has none yet; returns how many. */
  int queueOverdueReminders() throws SQLException {
    long now = clock.millis();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement find = c.prepareStatement("SELECT l.id, l.member, b.title FROM loans"
          + " l JOIN books b ON b.id = l.book_id WHERE l.returned_at IS NULL AND l.due_at < ?"
          + " AND l.reminded_at IS NULL");
          PreparedStatement mark = c.prepareStatement(
              "UPDATE loans SET reminded_at = ? WHERE id = ?")) {
        find.setLong(1, now);
        int n = 0;
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            queueMail(c, rs.getString(2), "Overdue: " + rs.getString(3),
                "\"" + rs.getString(3) + "\" was due back; please return it.");
            mark.setLong(1, now);
            mark.setLong(2, rs.getLong(1));
            mark.executeUpdate();
            n++;
          }
        }
        c.commit();
        return n;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void queueMail(Connection c, String to, String subject, String body)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox(recipient, subject, body,"
        + " created_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, to);
      ps.setString(2, subject);
      ps.setString(3, body);
      ps.setLong(4, clock.millis());
      ps.executeUpdate();
    }
  }

  /** A mail waiting in the outbox. */
  record Mail(long id, String to, String subject, String body) {}

  List<Mail> pendingMail(int limit) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, recipient, subject, body FROM"
            + " outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
      ps.setInt(1, limit);
      List<Mail> mail = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          mail.add(new Mail(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return mail;
    }
  }

  void markSent(long id) throws SQLException {
    update("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL"
        + " WHERE id = ?", clock.millis(), id);
  }

  void markFailed(long id, String error) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1,"
            + " last_error = ? WHERE id = ?")) {
      ps.setString(1, error);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  private void update(String sql, long a, long b) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, a);
      ps.setLong(2, b);
      ps.executeUpdate();
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
