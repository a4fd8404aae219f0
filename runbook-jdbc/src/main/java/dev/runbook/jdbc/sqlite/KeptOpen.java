package dev.runbook.jdbc.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read channels on a live database's file and its {@code -shm} index that this process opens
 * once and never closes.
 *
 * <p>SQLite locks those two files with POSIX advisory locks, and closing <em>any</em> descriptor
 * of a file drops every such lock the process holds on it: the read mark of the backup's own
 * transaction, a service's locks when it runs in the same JVM. Another process could then
 * checkpoint past the backup's snapshot and rewrite the pages it is reading. SQLite keeps its own
 * descriptors open for this reason; the page stream does the same. One channel a file (by the
 * file system's identity, so a file a restore put in place gets its own); a channel on a replaced
 * file stays open too, since closing it could still drop a lock on that file. The log ({@code
 * -wal}) carries no lock and is opened and closed as usual.
 */
final class KeptOpen {

  private record Held(Object identity, FileChannel channel) {}

  private static final Map<Path, Held> CURRENT = new HashMap<>();
  /** Channels on files since replaced: referenced, so that no cleaner closes them. */
  private static final List<FileChannel> REPLACED = new ArrayList<>();

  private KeptOpen() {}

  /**
   * The kept read channel on {@code file}; positional reads on it may run on many threads.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such file
   */
  static synchronized FileChannel read(Path file) throws IOException {
    Path path = file.toAbsolutePath().normalize();
    while (true) {
      Object identity = identity(path); // null where the file system has none: one file a path
      Held held = CURRENT.get(path);
      if (held != null && Objects.equals(held.identity(), identity)) {
        return held.channel();
      }
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      if (held != null) {
        REPLACED.add(held.channel());
      }
      if (Objects.equals(identity, identity(path))) {
        CURRENT.put(path, new Held(identity, channel));
        return channel;
      }
      // replaced between the look and the open: kept open all the same, and looked at again
      REPLACED.add(channel);
      CURRENT.remove(path);
    }
  }

  private static Object identity(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }
}
