package dev.runbook.jdbc.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process on the same SQLite database, as a service beside a backup command is: a child
 * JVM runs statements and prints the last one's first row, its columns joined with {@code |}.
 */
final class OtherProcess {

  private OtherProcess() {}

  /** Runs {@code statements} on {@code db} in a child JVM; returns what it printed. */
  static String run(Path db, String... statements) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(),
        db.toString()));
    command.addAll(List.of(statements));
    // standard error apart: newer JDKs warn there about the driver's native library
    Path errors = Files.createTempFile("other-process", ".err");
    try {
      Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .trim();
      if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
        child.destroyForcibly();
        throw new IllegalStateException("the other process failed: " + out + " "
            + Files.readString(errors));
      }
      return out;
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=5000");
      String last = "";
      for (int i = 1; i < args.length; i++) {
        if (s.execute(args[i])) {
          try (ResultSet rs = s.getResultSet()) {
            List<String> row = new ArrayList<>();
            if (rs.next()) {
              for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                row.add(rs.getString(col));
              }
            }
            last = String.join("|", row);
          }
        }
      }
      System.out.println(last);
    }
  }
}
