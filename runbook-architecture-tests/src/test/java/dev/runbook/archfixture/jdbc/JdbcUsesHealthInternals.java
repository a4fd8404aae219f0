package dev.runbook.archfixture.jdbc;

import dev.runbook.archfixture.health.internal.Engine;

/** Breaks "jdbc imports only backup and core" and "health internals stay inside health". */
public final class JdbcUsesHealthInternals {
  public static int value() {
    return Engine.run();
  }
}
