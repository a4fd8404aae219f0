package dev.runbook.health.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jobs an operator paused, and, when given a file, kept there so a restart keeps them paused:
 * {@code {"paused": ["name", ...]}}, replaced whole (written beside, forced, renamed) on every
 * change. A file that cannot be read stops the start rather than being overwritten.
 */
final class JobPauses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Set<String> paused = new TreeSet<>(); // guarded by this

  JobPauses(Path file) {
    this.file = file;
    if (file != null && Files.exists(file)) {
      try {
        JsonNode list = JSON.readTree(file.toFile()).get("paused");
        if (list == null || !list.isArray()) {
          throw new IOException("no \"paused\" list");
        }
        for (JsonNode name : list) {
          paused.add(JobRecords.requireName(name.asText()));
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("paused-jobs file " + file + " cannot be read ("
            + e.getMessage() + "); fix it, or move it away to resume every job", e);
      }
    }
  }

  synchronized boolean contains(String name) {
    return paused.contains(name);
  }

  synchronized List<String> names() {
    return List.copyOf(paused);
  }

  /** True if this changed anything. */
  synchronized boolean set(String name, boolean pause) {
    boolean changed = pause ? paused.add(name) : paused.remove(name);
    if (changed && file != null) {
      try {
        write();
      } catch (IOException e) {
        // keep memory and file in step: undo, and say why
        if (pause) {
          paused.remove(name);
        } else {
          paused.add(name);
        }
        throw new UncheckedIOException("could not record the paused jobs in " + file + ": "
            + e.getMessage(), e);
      }
    }
    return changed;
  }

  private void write() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Path temp = parent.resolve("." + file.getFileName() + ".tmp");
    byte[] bytes = JSON.writeValueAsBytes(Map.of("paused", new ArrayList<>(paused)));
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      out.write(java.nio.ByteBuffer.wrap(bytes));
      out.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a folder; the rename is still atomic
    }
  }
}
