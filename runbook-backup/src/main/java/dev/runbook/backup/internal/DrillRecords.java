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
 * Writes a drill's record beside the manifest as {@code drill-<timestamp>.json} and logs its
 * outcome. A record that cannot be written is logged, not thrown: the drill itself happened.
 */
public final class DrillRecords {

  private static final Logger log = LoggerFactory.getLogger("dev.runbook.backup");

  private DrillRecords() {}

  /** Records {@code report} in {@code folder}, removing temporary files a crash left. */
  public static void record(Path folder, DrillReport report, Redactor redactor) {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, ".*.tmp")) {
      for (Path temp : temps) {
        if (Layout.isDrillTemp(temp.getFileName().toString())) {
          Files.deleteIfExists(temp);
        }
      }
      String stamp = Layout.stamp(report.startedAt());
      String name = Layout.DRILL_PREFIX + stamp + ".json";
      for (int n = 1; Files.exists(folder.resolve(name)); n++) {
        name = Layout.DRILL_PREFIX + stamp + "-" + n + ".json";
      }
      Fs.writeAtomically(folder.resolve(name), Json.write(report));
    } catch (IOException e) {
      log.atWarn().setMessage("drill_record_failed").addKeyValue("folder", folder)
          .addKeyValue("error", redactor.redact(e)).log();
    }
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
