package dev.runbook.examples.support;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The settings every example reads the same way, checked before anything starts so that a bad
 * one is one line and exit 2, never a failure half-way through start-up.
 */
public final class ServiceSettings {

  private static final Pattern IPV4 =
      Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
          + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

  private ServiceSettings() {}

  /** {@code BIND}: an IP literal of this host; default 127.0.0.1. No name is looked up. */
  public static String bind(Settings s) {
    String bind = s.string("BIND", "127.0.0.1");
    if (!IPV4.matcher(bind).matches() && !IPV6.matcher(bind).matches()) {
      throw new SettingsException("BIND", "BIND \"" + bind + "\" is not an IP address; use"
          + " 127.0.0.1 (this host only), 0.0.0.0 (every interface) or another address of this"
          + " host", null);
    }
    return bind;
  }

  /**
   * {@code DATA_DIR}: a folder this user can write, created if missing; default {@code ./data}.
   */
  public static Path dataDir(Settings s) {
    Path dir = Path.of(s.string("DATA_DIR", "./data")).toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new SettingsException("DATA_DIR", "DATA_DIR " + dir + " is a file, not a folder;"
          + " point DATA_DIR at a folder for the database and backups", null);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SettingsException("DATA_DIR", "DATA_DIR " + dir + " cannot be created ("
          + e.getClass().getSimpleName() + "); create it, or point DATA_DIR at a folder this user"
          + " may write", null);
    }
    if (!Files.isWritable(dir)) {
      throw new SettingsException("DATA_DIR", "DATA_DIR " + dir + " is not writable by this"
          + " user; fix its permissions, or point DATA_DIR at a folder this user may write", null);
    }
    return dir;
  }

  /**
   * {@code DRILL_SCRATCH_DIR}: where drills restore into, an absolute path to a folder (created
   * when missing); empty means inside the backups folder. A drill that finds too little room
   * there is inconclusive, naming the folder and the bytes.
   */
  public static java.util.Optional<Path> drillScratch(Settings s) {
    java.util.Optional<String> value = s.string("DRILL_SCRATCH_DIR");
    if (value.isEmpty()) {
      return java.util.Optional.empty();
    }
    Path dir = Path.of(value.get());
    if (!dir.isAbsolute()) {
      throw new SettingsException("DRILL_SCRATCH_DIR", "DRILL_SCRATCH_DIR " + value.get()
          + " is a relative path; give an absolute path such as /var/tmp/drills", null);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new SettingsException("DRILL_SCRATCH_DIR", "DRILL_SCRATCH_DIR " + dir + " is a file,"
          + " not a folder; point it at a folder with room for a restored copy", null);
    }
    return java.util.Optional.of(dir.normalize());
  }
}
