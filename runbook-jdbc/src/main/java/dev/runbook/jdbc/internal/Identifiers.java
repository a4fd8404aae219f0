package dev.runbook.jdbc.internal;

import java.util.regex.Pattern;

/** Table and column names given in code, checked so they can be put into SQL text safely. */
public final class Identifiers {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Identifiers() {}

  /**
   * Checks a name such as {@code previews} or {@code public.previews}.
   *
   * @param what what the name is, for the error: e.g. "prune table"
   * @throws IllegalArgumentException naming the input and the allowed form
   */
  public static String check(String name, String what, boolean qualified) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " must be given; it was blank");
    }
    String[] parts = name.split("\\.", -1);
    boolean ok = parts.length == 1 || (qualified && parts.length == 2);
    for (String part : parts) {
      ok &= NAME.matcher(part).matches();
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " \"" + name + "\" is not a plain SQL name;"
          + " use letters, digits and underscores, starting with a letter"
          + (qualified ? ", optionally as schema.table" : ""));
    }
    return name;
  }

  /** Quotes one part of a name for SQL text: {@code a"b} becomes {@code "a""b"}. */
  public static String quote(String part) {
    return '"' + part.replace("\"", "\"\"") + '"';
  }

  /** Quotes a string as an SQL literal: {@code it's} becomes {@code 'it''s'}. */
  public static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }
}
