package dev.runbook.health;

import java.util.Set;

/** The naming rule shared by checks, groups, jobs and sources: it keeps runbook paths literal. */
final class Names {

  /** Top-level keys of the native payload; a check may not take one of them as its name. */
  static final Set<String> RESERVED = Set.of("status", "service", "version", "checked_at");

  private Names() {}

  static String requireValid(String name, String what) {
    return dev.runbook.health.internal.Arguments.name(name, what, "database");
  }
}
