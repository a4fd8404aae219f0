package dev.runbook.health.alerts;

import dev.runbook.health.internal.JsonLines;
import java.nio.file.Path;

/**
 * Appends every alert event to a JSON Lines file, one {@link AlertEvent#fields()} object a line,
 * each forced to the device before the next: what a log shipper tails, and what an operator greps
 * at night. The folder must exist; the file is created on first use and only ever grows.
 */
public final class JsonLinesAlertChannel implements AlertChannel {

  private final JsonLines lines;

  public JsonLinesAlertChannel(Path file) {
    this.lines = new JsonLines(file, "alerts file");
  }

  public Path file() {
    return lines.file();
  }

  @Override
  public void send(AlertEvent event) {
    lines.append(event.fields());
  }
}
