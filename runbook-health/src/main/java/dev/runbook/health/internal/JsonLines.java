package dev.runbook.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON Lines file that only grows: each {@link #append} writes one whole line with a single
 * append and forces it to the device before returning, so a tailing shipper never sees half a
 * line and a crash loses nothing already reported.
 */
public final class JsonLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String what;

  /**
   * @param what what the file holds, for errors, e.g. {@code "alert file"}
   * @throws IllegalArgumentException if the file's folder does not exist
   */
  public JsonLines(Path file, String what) {
    this.file = requireFolder(Objects.requireNonNull(file, "file must not be null"), what);
    this.what = what;
  }

  /**
   * {@code file}, if its folder exists.
   *
   * @throws IllegalArgumentException naming {@code what}, the file and its folder, if not
   */
  public static Path requireFolder(Path file, String what) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(what + " " + file + " cannot be written: its folder "
          + parent + " does not exist; create it first");
    }
    return file;
  }

  public Path file() {
    return file;
  }

  /** Appends {@code fields} (string, number, boolean, null, list or map values) as one line. */
  public void append(Map<String, ?> fields) {
    byte[] line;
    try {
      line = (JSON.writeValueAsString(fields) + "\n").getBytes(
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    synchronized (this) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("could not append to " + what + " " + file, e);
      }
    }
  }
}
