package dev.runbook.health.slo;

import java.time.Duration;
import java.util.Objects;

/**
 * One service level objective, in the runbooks' terms: a target, a warning level and a critical
 * level, judged over {@link #window} (default one hour), with an error budget over {@link
 * #period} (default 30 days). Availability and error rate are percentages; latency is a quantile
 * (0.95 for p95) in milliseconds.
 *
 * <pre>{@code
 * Slo.availability("availability", 99.5, 99.0, 98.0);          // >= 99.5 %, warn < 99, critical < 98
 * Slo.latency("p95", 0.95, 500, 800, 1500);                     // < 500 ms, warn > 800, critical > 1500
 * Slo.errorRate("errors", 1, 2, 5);                              // < 1 %, warn > 2 %, critical > 5 %
 * }</pre>
 */
public record Slo(String name, Kind kind, double target, double warning, double critical,
    double quantile, Duration window, Duration period) {

  /** What an SLO measures. */
  public enum Kind {
    /** The share of requests that did not fail, in percent; higher is better. */
    AVAILABILITY,
    /** A latency quantile in milliseconds; lower is better. */
    LATENCY,
    /** The share of requests that failed, in percent; lower is better. */
    ERROR_RATE
  }

  public Slo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(period, "period");
    boolean higherIsBetter = kind == Kind.AVAILABILITY;
    if (higherIsBetter ? !(target > warning && warning > critical)
        : !(target < warning && warning < critical)) {
      throw new IllegalArgumentException("SLO " + name + ": target " + target + ", warning "
          + warning + " and critical " + critical + " must " + (higherIsBetter
              ? "fall in that order (e.g. 99.5, 99.0, 98.0)"
              : "rise in that order (e.g. 500, 800, 1500)"));
    }
    if (kind != Kind.LATENCY && (critical < 0 || target > 100 || critical > 100)) {
      throw new IllegalArgumentException("SLO " + name + ": percentages lie in 0..100");
    }
    if (kind == Kind.LATENCY && !(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("SLO " + name + ": quantile " + quantile
          + " is not in 0..1 (0.95 for p95)");
    }
  }

  public static Slo availability(String name, double target, double warnBelow,
      double criticalBelow) {
    return new Slo(name, Kind.AVAILABILITY, target, warnBelow, criticalBelow, 0,
        Duration.ofHours(1), Duration.ofDays(30));
  }

  public static Slo latency(String name, double quantile, long targetMs, long warnAboveMs,
      long criticalAboveMs) {
    return new Slo(name, Kind.LATENCY, targetMs, warnAboveMs, criticalAboveMs, quantile,
        Duration.ofHours(1), Duration.ofDays(30));
  }

  public static Slo errorRate(String name, double target, double warnAbove,
      double criticalAbove) {
    return new Slo(name, Kind.ERROR_RATE, target, warnAbove, criticalAbove, 0,
        Duration.ofHours(1), Duration.ofDays(30));
  }

  /** The same SLO judged over another window. */
  public Slo window(Duration newWindow) {
    return new Slo(name, kind, target, warning, critical, quantile, newWindow, period);
  }

  /** The same SLO with its error budget over another period. */
  public Slo period(Duration newPeriod) {
    return new Slo(name, kind, target, warning, critical, quantile, window, newPeriod);
  }

  /** The share of requests the objective allows to be bad: its error budget, 0..1. */
  double allowedBad() {
    return switch (kind) {
      case AVAILABILITY -> (100 - target) / 100;
      case ERROR_RATE -> target / 100;
      case LATENCY -> 1 - quantile;
    };
  }

  /** The share of {@code w}'s requests that count against the objective; NaN when empty. */
  double bad(RequestWindows.Window w) {
    return kind == Kind.LATENCY ? w.slowerThan(Duration.ofMillis((long) target)) : w.errorRate();
  }
}
