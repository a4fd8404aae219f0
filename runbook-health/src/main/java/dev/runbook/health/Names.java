package dev.runbook.health;

import java.util.Set;
import java.util.regex.Pattern;

/** The naming rule shared by checks, groups, jobs and sources: it keeps runbook paths literal. */
final class Names {

  static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  /** Top-level keys of the native payload; a check may not take one of them as its name. */
  static final Set<String> RESERVED = Set.of("status", "service", "version", "checked_at");

  private Names() {}

  static String requireValid(String name, String what) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name \"" + name + "\" is not valid; use lower-case letters, digits, '_', '.'"
              + " and '-', starting with a letter or digit (e.g. \"database\")");
    }
    return name;
  }
}
