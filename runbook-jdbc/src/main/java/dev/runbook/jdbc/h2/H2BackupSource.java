package dev.runbook.jdbc.h2;

import dev.runbook.backup.spi.ArtifactMetadata;
import dev.runbook.backup.spi.BackupSource;
import dev.runbook.backup.spi.RestoreVerifier;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A backup of an H2 database as the SQL script H2's {@code SCRIPT} command writes: schema, data
 * and constraints, in plain UTF-8 text that {@code RUNSCRIPT} (or H2's {@code RunScript} tool)
 * replays. The script is streamed statement by statement into the backup, which compresses it, so
 * {@code SCRIPT COMPRESSION} is not used.
 *
 * <p>Row counts are taken before and after the script; if writers changed them meanwhile the
 * backup fails rather than record counts that may not describe the script. For a database under constant writes, take H2
 * backups where writes pause, or use SQLite or PostgreSQL, whose sources read one snapshot.
 */
public final class H2BackupSource implements BackupSource {

  private final String name;
  private final DataSource dataSource;

  private H2BackupSource(String name, DataSource dataSource) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
  }

  /** Backs up the H2 database behind {@code dataSource} as the artifact {@code name}. */
  public static H2BackupSource of(String name, DataSource dataSource) {
    return new H2BackupSource(name, dataSource);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return H2.KIND;
  }

  @Override
  public String extension() {
    return "sql";
  }

  @Override
  public Optional<RestoreVerifier> verifier() {
    return Optional.of(new H2RestoreVerifier());
  }

  @Override
  public ArtifactMetadata write(OutputStream out) throws SQLException, IOException {
    try (Connection c = dataSource.getConnection()) {
      String version = c.getMetaData().getDatabaseProductVersion();
      Map<String, Long> before = H2.counts(c);
      Writer writer =
          new BufferedWriter(new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8));
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SCRIPT")) {
        while (rs.next()) {
          writer.write(rs.getString(1));
          writer.write('\n');
        }
      }
      writer.flush();
      Map<String, Long> after = H2.counts(c);
      if (!after.equals(before)) {
        throw new SQLException("rows of the H2 database changed while its script was written"
            + " (before " + before + ", after " + after + "), so the script and the manifest's"
            + " counts might not agree; run the backup again when writes pause");
      }
      return new ArtifactMetadata(H2.ENGINE, version, before);
    }
  }

  /** Keeps the writer's close from closing the repository's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
