package dev.runbook.archfixture.health.internal;

public final class Engine {
  public static int run() {
    return 2;
  }
}
