package dev.runbook.health;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends one JSON object per status change to a file, one per line: {@code {"at", "check",
 * "from", "to", "error"}}. Each line is written with a single append and forced to the device
 * before the listener returns, so a tailing alert shipper never sees half a line and a crash
 * loses nothing already reported. The parent folder must exist; the file is created on first use.
 */
public final class JsonLinesAlertFile implements StatusListener {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public JsonLinesAlertFile(Path file) {
    this.file = Objects.requireNonNull(file, "file must not be null");
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "alert file " + file + " cannot be written: its folder " + parent
              + " does not exist; create it first");
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void onStatusChange(StatusChange change) {
    byte[] line = toLine(change);
    synchronized (this) {
      try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("could not append to alert file " + file, e);
      }
    }
  }

  private static byte[] toLine(StatusChange change) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("at", change.at().toString());
      json.writeStringField("check", change.check());
      json.writeStringField("from", change.from().map(Status::wireName).orElse(null));
      json.writeStringField("to", change.to().wireName());
      json.writeStringField("error", change.error().orElse(null));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (out + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
