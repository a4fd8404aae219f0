package dev.runbook.archfixture.core;

import dev.runbook.archfixture.health.HealthThing;

/** Breaks "core imports no other runbook module". */
public final class CoreUsesHealth {
  public static int value() {
    return HealthThing.value();
  }
}
