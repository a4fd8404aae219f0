package dev.runbook.archfixture.health;

import dev.runbook.archfixture.spring.SpringThing;

/** Breaks "no library module imports spring". */
public final class HealthUsesSpring {
  public static String value() {
    return SpringThing.value();
  }
}
