package dev.runbook.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Warn and critical levels over an observed number, giving a {@link Status}.
 *
 * <p>{@link #above} is for numbers that are bad when high (pool usage, disk used): a value at or
 * above {@code warn} is {@link Status#DEGRADED}, at or above {@code critical} is {@link
 * Status#DOWN}. {@link #below} is for numbers that are bad when low (days until a certificate
 * expires): at or below {@code warn} is degraded, at or below {@code critical} is down. Both
 * boundaries are inclusive, so {@code above(0.80, 0.95)} reports 0.80 as degraded and 0.95 as
 * down.
 *
 * <pre>{@code
 * Thresholds pool = Thresholds.above(0.80, 0.95);
 * pool.statusOf(0.85);                                   // DEGRADED
 * Thresholds cert = Thresholds.below(Duration.ofDays(14), Duration.ofDays(7));
 * cert.statusOf(Duration.ofDays(30));                    // OK
 * }</pre>
 */
public final class Thresholds {

  /** Which side of the levels is bad. */
  public enum Direction {
    /** High values are bad. */
    ABOVE,
    /** Low values are bad. */
    BELOW
  }

  private final Direction direction;
  private final double warn;
  private final double critical;

  private Thresholds(Direction direction, double warn, double critical) {
    this.direction = direction;
    this.warn = warn;
    this.critical = critical;
  }

  /**
   * Levels for numbers that are bad when high.
   *
   * @throws IllegalArgumentException if either level is NaN or {@code warn > critical}
   */
  public static Thresholds above(double warn, double critical) {
    requireNumber(warn, "warn");
    requireNumber(critical, "critical");
    if (warn > critical) {
      throw new IllegalArgumentException(
          "above(warn=" + warn + ", critical=" + critical + "): warn must not exceed critical,"
              + " since values at or above warn are degraded and at or above critical are down");
    }
    return new Thresholds(Direction.ABOVE, warn, critical);
  }

  /**
   * Levels for numbers that are bad when low.
   *
   * @throws IllegalArgumentException if either level is NaN or {@code warn < critical}
   */
  public static Thresholds below(double warn, double critical) {
    requireNumber(warn, "warn");
    requireNumber(critical, "critical");
    if (warn < critical) {
      throw new IllegalArgumentException(
          "below(warn=" + warn + ", critical=" + critical + "): warn must not be less than"
              + " critical, since values at or below warn are degraded and at or below critical"
              + " are down");
    }
    return new Thresholds(Direction.BELOW, warn, critical);
  }

  /** Levels for durations that are bad when high, such as a job's runtime. */
  public static Thresholds above(Duration warn, Duration critical) {
    return above(seconds(warn, "warn"), seconds(critical, "critical"));
  }

  /** Levels for durations that are bad when low, such as the time left on a certificate. */
  public static Thresholds below(Duration warn, Duration critical) {
    return below(seconds(warn, "warn"), seconds(critical, "critical"));
  }

  /**
   * The status of an observed value.
   *
   * @throws IllegalArgumentException if the value is NaN: an unknown reading is not healthy, and
   *     the caller must decide what to report instead
   */
  public Status statusOf(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(
          "observed value is NaN; report the reading as unavailable instead of comparing it"
              + " with " + this);
    }
    if (direction == Direction.ABOVE) {
      return value >= critical ? Status.DOWN : value >= warn ? Status.DEGRADED : Status.OK;
    }
    return value <= critical ? Status.DOWN : value <= warn ? Status.DEGRADED : Status.OK;
  }

  /** The status of an observed duration, compared in seconds with nanosecond precision. */
  public Status statusOf(Duration value) {
    return statusOf(seconds(value, "observed value"));
  }

  public Direction direction() {
    return direction;
  }

  public double warn() {
    return warn;
  }

  public double critical() {
    return critical;
  }

  private static void requireNumber(double level, String name) {
    if (Double.isNaN(level)) {
      throw new IllegalArgumentException(name + " level is NaN; give a number");
    }
  }

  private static double seconds(Duration duration, String name) {
    Objects.requireNonNull(duration, () -> name + " must not be null");
    return duration.getSeconds() + duration.getNano() / 1e9;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Thresholds
        && ((Thresholds) o).direction == direction
        && Double.compare(((Thresholds) o).warn, warn) == 0
        && Double.compare(((Thresholds) o).critical, critical) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(direction, warn, critical);
  }

  @Override
  public String toString() {
    return (direction == Direction.ABOVE ? "above" : "below")
        + "(warn=" + warn + ", critical=" + critical + ")";
  }
}
