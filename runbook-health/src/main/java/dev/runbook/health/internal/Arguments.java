package dev.runbook.health.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the health builders, so each says the same thing the same way. */
public final class Arguments {

  private static final java.util.regex.Pattern VALID_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  private Arguments() {}

  /** {@code value}, if positive; else an error naming {@code what} and the value. */
  public static Duration positive(Duration value, String what) {
    Objects.requireNonNull(value, () -> what + " must not be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
    return value;
  }

  /** {@code value}, if zero or more; else an error naming {@code what} and the value. */
  public static Duration notNegative(Duration value, String what) {
    Objects.requireNonNull(value, () -> what + " must not be null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " " + value + " must not be negative");
    }
    return value;
  }

  /** A failure threshold of 1 or more. */
  public static int failureThreshold(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("failureThreshold " + threshold + " must be at least 1");
    }
    return threshold;
  }

  /** {@code value}, if within {@code [min, max]}; else an error naming {@code what} and the range. */
  public static int inRange(int value, int min, int max, String what) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " " + value + " is out of range; use " + min + " to " + max);
    }
    return value;
  }

  /**
   * An annotation attribute's duration in the {@link dev.runbook.core.Settings} forms; null for
   * the empty string, which means "not set".
   */
  public static Duration annotationDuration(String annotation, String attribute, String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return dev.runbook.core.Settings.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@" + annotation + "(" + attribute + " = \"" + text
          + "\") is not a duration; use e.g. \"2s\", \"500ms\" or \"PT1M\"", e);
    }
  }

  /**
   * A name of a check, group, job or source: lower-case letters, digits, '_', '.' and '-',
   * starting with a letter or digit, so runbook paths such as {@code scheduler.jobs.<name>} stay
   * literal.
   */
  public static String name(String name, String what, String example) {
    if (name == null || !VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name \"" + name + "\" is not valid; use lower-case letters, digits, '_', '.'"
              + " and '-', starting with a letter or digit (e.g. \"" + example + "\")");
    }
    return name;
  }
}
