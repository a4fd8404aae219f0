package dev.runbook.backup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an artifact's bytes are stored. Each is a format standard tools decode on their own:
 * {@code zstd -d}, {@code gunzip}, or nothing at all.
 */
public enum Compression {
  /** Zstandard with a content checksum, level 3 by default; the default. */
  ZSTD("zstd", ".zst"),
  /** gzip, for hosts without {@code zstd}. */
  GZIP("gzip", ".gz"),
  /** Stored as written. */
  NONE("none", "");

  private final String wireName;
  private final String suffix;

  Compression(String wireName, String suffix) {
    this.wireName = wireName;
    this.suffix = suffix;
  }

  /** The name in the manifest and in settings: {@code zstd}, {@code gzip}, {@code none}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The file-name suffix this compression adds: {@code .zst}, {@code .gz} or nothing. */
  public String suffix() {
    return suffix;
  }

  /**
   * Parses a wire name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  @JsonCreator
  public static Compression fromWireName(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (Compression c : values()) {
        if (c.wireName.equals(wanted)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException("compression \"" + name + "\" is not known; use one of "
        + Arrays.stream(values()).map(Compression::wireName).collect(Collectors.joining(", ")));
  }
}
