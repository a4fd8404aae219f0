package dev.runbook.jdbc.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and who connects to it, for both JDBC and the command-line
 * tools. The password, if any, is never put on a command line nor into a URL: JDBC gets it as a
 * property and the tools through a pass file readable only by this user ({@code 0600}), deleted
 * when the tool exits. {@link #toString()} leaves it out.
 *
 * <pre>{@code
 * PgDatabase db = PgDatabase.builder("media").host("127.0.0.1").user("ingest")
 *     .password(System.getenv("PGPASSWORD")).build();
 * PgDatabase same = PgDatabase.fromJdbcUrl("jdbc:postgresql://127.0.0.1:5432/media?user=ingest");
 * }</pre>
 */
public final class PgDatabase {

  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;

  private PgDatabase(String host, int port, String database, String user, String password) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
  }

  public static Builder builder(String database) {
    return new Builder(database);
  }

  /**
   * Reads a {@code jdbc:postgresql://host[:port]/database[?user=..&password=..]} URL, as the
   * PostgreSQL driver does.
   *
   * @throws IllegalArgumentException naming the URL (with any password masked) when it is not one
   */
  public static PgDatabase fromJdbcUrl(String url) {
    Objects.requireNonNull(url, "url must not be null");
    Properties props = url.startsWith("jdbc:postgresql:")
        ? org.postgresql.Driver.parseURL(url, new Properties())
        : null;
    if (props == null) {
      throw new IllegalArgumentException("\"" + url.replaceAll("password=[^&]*", "password=***")
          + "\" is not a PostgreSQL JDBC URL; expected"
          + " jdbc:postgresql://host:port/database?user=name");
    }
    String db = props.getProperty("PGDBNAME");
    if (db == null || db.isBlank()) {
      throw new IllegalArgumentException("the PostgreSQL URL names no database; add it after the"
          + " host, as in jdbc:postgresql://127.0.0.1:5432/media");
    }
    Builder b = builder(db);
    String host = props.getProperty("PGHOST");
    if (host != null && !host.contains(",")) {
      b.host(host);
    }
    String port = props.getProperty("PGPORT");
    if (port != null && !port.contains(",")) {
      b.port(Integer.parseInt(port));
    }
    if (props.getProperty("user") != null) {
      b.user(props.getProperty("user"));
    }
    if (props.getProperty("password") != null) {
      b.password(props.getProperty("password"));
    }
    return b.build();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  public String user() {
    return user;
  }

  boolean hasPassword() {
    return password != null;
  }

  String password() {
    return password;
  }

  /** The same server and user, another database: e.g. {@code postgres} for administration. */
  public PgDatabase withDatabase(String otherDatabase) {
    return new PgDatabase(host, port, checkName(otherDatabase), user, password);
  }

  /** The JDBC URL, without user or password. */
  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + database;
  }

  /** Opens a JDBC connection (the PostgreSQL driver must be on the class path). */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "runbook");
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  @Override
  public String toString() {
    return "PostgreSQL database " + database + " at " + host + ":" + port + " as " + user;
  }

  private static String checkName(String database) {
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("a PostgreSQL database name must be given; it was blank");
    }
    return database;
  }

  /** Settings of a {@link PgDatabase}. */
  public static final class Builder {
    private final String database;
    private String host = "127.0.0.1";
    private int port = 5432;
    private String user = System.getProperty("user.name");
    private String password;

    private Builder(String database) {
      this.database = checkName(database);
    }

    /** Default {@code 127.0.0.1}. */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("PostgreSQL host must not be blank");
      }
      this.host = host;
      return this;
    }

    /** Default 5432. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("PostgreSQL port must be 1..65535; it was " + port);
      }
      this.port = port;
      return this;
    }

    /** Default the operating system user, as libpq does. */
    public Builder user(String user) {
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("PostgreSQL user must not be blank");
      }
      this.user = user;
      return this;
    }

    /** The password; none by default (trust, peer or a pass file of the user's own). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public PgDatabase build() {
      return new PgDatabase(host, port, database, user, password);
    }
  }
}
