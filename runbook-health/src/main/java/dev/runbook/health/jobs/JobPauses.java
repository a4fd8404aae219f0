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
 * change. The file is read again whenever it changes, so another process (the operator's {@code
 * pause} command) can pause a job of a running service. A file that cannot be read stops the
 * start rather than being overwritten.
 */
final class JobPauses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Set<String> paused = new TreeSet<>(); // guarded by this
  private Object seen; // the file's last-modified time and size when last read; guarded by this

  JobPauses(Path file) {
    this.file = file;
    if (file != null) {
      synchronized (this) {
        reload(true);
      }
    }
  }

  /**
   * Reads the file again when another process (an operator's {@code pause} command) changed it.
   * At start an unreadable file is an error; later it is logged and the last good list kept.
   */
  private void reload(boolean atStart) {
    if (file == null) {
      return;
    }
    Object now;
    try {
      now = Files.exists(file) ? List.of(Files.getLastModifiedTime(file), Files.size(file))
          : null;
    } catch (IOException e) {
      return;
    }
    if (java.util.Objects.equals(now, seen) && !atStart) {
      return;
    }
    Set<String> read = new TreeSet<>();
    if (now != null) {
      try {
        JsonNode list = JSON.readTree(file.toFile()).get("paused");
        if (list == null || !list.isArray()) {
          throw new IOException("no \"paused\" list");
        }
        for (JsonNode name : list) {
          read.add(JobRecords.requireName(name.asText()));
        }
      } catch (IOException | IllegalArgumentException e) {
        String why = "paused-jobs file " + file + " cannot be read (" + e.getMessage()
            + "); fix it, or move it away to resume every job";
        if (atStart) {
          throw new IllegalArgumentException(why, e);
        }
        JobMonitor.log.atWarn().setMessage("job_pause_file_unreadable").addKeyValue("error", why)
            .log();
        seen = now;
        return;
      }
    }
    paused.clear();
    paused.addAll(read);
    seen = now;
  }

  synchronized boolean contains(String name) {
    reload(false);
    return paused.contains(name);
  }

  synchronized List<String> names() {
    reload(false);
    return List.copyOf(paused);
  }

  /** True if this changed anything. */
  synchronized boolean set(String name, boolean pause) {
    reload(false);
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
    seen = List.of(Files.getLastModifiedTime(file), Files.size(file));
    try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a folder; the rename is still atomic
    }
  }
}
