package dev.runbook.health;

import dev.runbook.core.Status;
import dev.runbook.health.internal.JsonLines;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per status change to a file, one per line: {@code {"at", "check",
 * "from", "to", "error"}}. Each line is written with a single append and forced to the device
 * before the listener returns, so a tailing alert shipper never sees half a line and a crash
 * loses nothing already reported. The parent folder must exist; the file is created on first use.
 *
 * @see dev.runbook.health.alerts.JsonLinesAlertChannel for alerts (raise and resolve) rather
 *     than every status change
 */
public final class JsonLinesAlertFile implements StatusListener {

  private final JsonLines lines;

  public JsonLinesAlertFile(Path file) {
    this.lines = new JsonLines(file, "alert file");
  }

  public Path file() {
    return lines.file();
  }

  @Override
  public void onStatusChange(StatusChange change) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", change.at().toString());
    line.put("check", change.check());
    line.put("from", change.from().map(Status::wireName).orElse(null));
    line.put("to", change.to().wireName());
    line.put("error", change.error().orElse(null));
    lines.append(line);
  }
}
