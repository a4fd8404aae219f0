package dev.runbook.archfixture.health;

public final class HealthThing {
  public static int value() {
    return 1;
  }
}
