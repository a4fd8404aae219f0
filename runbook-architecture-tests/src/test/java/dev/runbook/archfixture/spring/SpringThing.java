package dev.runbook.archfixture.spring;

/** A class of the fixture's Spring Boot module. */
public final class SpringThing {
  public static String value() {
    return "spring";
  }
}
