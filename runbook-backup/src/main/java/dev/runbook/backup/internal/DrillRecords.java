package dev.runbook.backup.internal;

import dev.runbook.backup.report.DrillReport;
import dev.runbook.core.Redactor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes a drill's record beside the manifest as {@code drill-<timestamp>.json}, with its
 * checksum in {@code drill-<timestamp>.json.sha256}, and logs its outcome. A record that cannot be written is logged, not thrown: the drill itself happened.
 */
public final class DrillRecords {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private DrillRecords() {}

  /**
   * Records {@code report} in {@code folder}: the checksum file is written under a temporary
   * name, then the record, then the checksum file is renamed into place. A crash between the two
   * renames leaves the record and its pending checksum file, which {@link #damage} accepts and
   * the next drill moves into place; any other temporary file a crash left is removed.
   */
  public static void record(Path folder, DrillReport report, Redactor redactor) {
    try {
      finishPending(folder);
      String stamp = Layout.stamp(report.startedAt());
      String name = Layout.DRILL_PREFIX + stamp + ".json";
      for (int n = 1; Files.exists(folder.resolve(name)); n++) {
        name = Layout.DRILL_PREFIX + stamp + "-" + n + ".json";
      }
      byte[] json = Json.write(report);
      Path pending = pendingChecksum(folder, name);
      Files.write(pending, line(json, name));
      Fs.fsync(pending);
      Fs.writeAtomically(folder.resolve(name), json);
      Fs.move(pending, folder.resolve(Layout.drillChecksum(name)));
      Fs.fsyncDirectory(folder);
    } catch (IOException e) {
      log.atWarn().setMessage("drill_record_failed").addKeyValue("folder", folder)
          .addKeyValue("error", redactor.redact(e)).log();
    }
  }

  /** {@code .drill-<timestamp>.json.sha256.tmp}: a checksum file not yet in place. */
  private static Path pendingChecksum(Path folder, String record) {
    return folder.resolve("." + Layout.drillChecksum(record) + ".tmp");
  }

  /** The line {@code sha256sum} writes for {@code json} named {@code record}. */
  private static byte[] line(byte[] json, String record) {
    return (MeasuredOutputStream.sha256Hex(json) + "  " + record + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Moves a pending checksum file whose record is in place; removes every other temp file. */
  private static void finishPending(Path folder) throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, ".*.tmp")) {
      for (Path temp : temps) {
        String name = temp.getFileName().toString();
        if (!Layout.isDrillTemp(name)) {
          continue;
        }
        String sum = name.substring(1, name.length() - ".tmp".length());
        if (Layout.isDrillChecksum(sum) && !Files.exists(folder.resolve(sum))
            && pendingMatches(folder, sum.substring(0, sum.length() - ".sha256".length()))) {
          Fs.move(temp, folder.resolve(sum));
        } else {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  private static boolean pendingMatches(Path folder, String record) {
    try {
      byte[] json = Files.readAllBytes(folder.resolve(record));
      return java.util.Arrays.equals(Files.readAllBytes(pendingChecksum(folder, record)),
          line(json, record));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Why a drill record in {@code folder} is damaged, or null when it is sound: its checksum file
   * is missing or disagrees with it, or it cannot be read. A {@code verify-*.json} record of
   * runbook 0.1, which wrote no checksum files, counts as sound when it reads.
   */
  public static String damage(Path folder, String record) {
    return read(folder, record).damage();
  }

  /** A drill record as read: the report when it is sound, else why it is damaged. */
  public record Read(DrillReport report, String damage) {}

  /** Reads, checks and parses one drill record, reading its file once. */
  public static Read read(Path folder, String record) {
    byte[] json;
    try {
      json = Files.readAllBytes(folder.resolve(record));
    } catch (IOException e) {
      return new Read(null, "cannot be read");
    }
    Path sum = folder.resolve(Layout.drillChecksum(record));
    if (Files.exists(sum)) {
      String expected;
      try {
        expected = Files.readString(sum);
      } catch (IOException | java.io.UncheckedIOException e) {
        return new Read(null, "its checksum file cannot be read");
      }
      // exactly the line this library writes, newline included: any other byte is damage
      String actual = MeasuredOutputStream.sha256Hex(json) + "  " + record + "\n";
      if (!expected.equals(actual)) {
        return new Read(null, "SHA-256 is " + MeasuredOutputStream.sha256Hex(json) + " but "
            + Layout.drillChecksum(record) + " says " + firstWord(expected));
      }
    } else if (record.startsWith(Layout.DRILL_PREFIX) && !pendingMatches(folder, record)) {
      // (a pending checksum file that matches is a crash between the two renames: sound, and
      // finished by the next drill)
      return new Read(null, "its checksum file " + Layout.drillChecksum(record) + " is missing");
    }
    try {
      return new Read(Json.read(json, DrillReport.class), null);
    } catch (IOException | RuntimeException e) {
      return new Read(null, "cannot be read as a drill record");
    }
  }

  private static String firstWord(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }

  /** {@code drill_passed} at INFO, or {@code drill_failed} at WARN with the outcome. */
  public static void log(DrillReport report) {
    LoggingEventBuilder event = report.passed() ? log.atInfo().setMessage("drill_passed")
        : log.atWarn().setMessage("drill_failed");
    event.addKeyValue("backup_id", report.backupId())
        .addKeyValue("outcome", report.outcome().wireName())
        .addKeyValue("checksum_status", report.checksumStatus().wireName())
        .addKeyValue("integrity_status", report.integrityStatus().wireName())
        .addKeyValue("restore_result", report.restoreResult().wireName())
        .addKeyValue("row_count_check", report.rowCountCheck().wireName())
        .addKeyValue("duration_ms", report.durationMs());
    if (!report.problems().isEmpty()) {
      event.addKeyValue("problems", report.problems().toString());
    }
    event.log();
  }
}
