package dev.runbook.health.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges an {@link Slo} against recorded requests both ways the field does: its value over its
 * window against the warning and critical levels, and the multiwindow burn rates of the SRE
 * workbook (page when both the 1 h and the 5 m windows burn faster than 14.4 times the budget, or
 * both 6 h and 30 m faster than 6; a ticket when both 3 d and 6 h burn faster than 1), with the
 * error budget left over the SLO's period. A window with no requests has no value: no traffic is
 * not 0 % availability.
 */
public final class SloEvaluator {

  /** A burn-rate rule: both windows over the rate. */
  record Rule(String severity, Duration longWindow, Duration shortWindow, double rate) {}

  static final List<Rule> RULES = List.of(
      new Rule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
      new Rule("page", Duration.ofHours(6), Duration.ofMinutes(30), 6),
      new Rule("ticket", Duration.ofDays(3), Duration.ofHours(6), 1));

  private SloEvaluator() {}

  /** Where an SLO stands now. */
  public enum Level { OK, WARNING, CRITICAL, NO_DATA }

  /**
   * An SLO's state.
   *
   * @param value over the SLO's window: percent for availability and error rate, milliseconds for
   *     latency; null with no requests in the window
   * @param burnRates each rule window's burn rate (1.0 spends the budget exactly over the
   *     period), keyed like {@code 1h}; null for an empty window
   * @param firing the rules whose both windows burn too fast, e.g. {@code page 1h/5m > 14.4}
   * @param budgetRemaining the share of the period's error budget left (negative once spent); null
   *     with no requests in the period
   */
  public record Status(Slo slo, Level level, Double value, Map<String, Double> burnRates,
      List<String> firing, Double budgetRemaining) {}

  public static Status evaluate(Slo slo, RequestWindows requests) {
    RequestWindows.Window w = requests.window(slo.window());
    Double value = w.empty() ? null : switch (slo.kind()) {
      case AVAILABILITY -> w.availability() * 100;
      case ERROR_RATE -> w.errorRate() * 100;
      case LATENCY -> {
        Duration p = w.percentile(slo.quantile());
        yield p == null ? Double.POSITIVE_INFINITY : (double) p.toMillis();
      }
    };
    Level level = value == null ? Level.NO_DATA : level(slo, value);
    Map<String, Double> burn = new LinkedHashMap<>();
    List<String> firing = new ArrayList<>();
    for (Rule rule : RULES) {
      Double longRate = burnRate(burn, slo, requests, rule.longWindow());
      Double shortRate = burnRate(burn, slo, requests, rule.shortWindow());
      if (longRate != null && shortRate != null && longRate > rule.rate()
          && shortRate > rule.rate()) {
        firing.add(rule.severity() + " " + label(rule.longWindow()) + "/"
            + label(rule.shortWindow()) + " > " + rule.rate());
      }
    }
    RequestWindows.Window period = requests.window(slo.period());
    Double budget = period.empty() ? null : 1 - slo.bad(period) / slo.allowedBad();
    return new Status(slo, level, value, burn, List.copyOf(firing), budget);
  }

  private static Level level(Slo slo, double value) {
    if (slo.kind() == Slo.Kind.AVAILABILITY) {
      return value < slo.critical() ? Level.CRITICAL : value < slo.warning() ? Level.WARNING
          : Level.OK;
    }
    return value > slo.critical() ? Level.CRITICAL : value > slo.warning() ? Level.WARNING
        : Level.OK;
  }

  /** The burn rate over {@code window}, computed once per evaluation; null kept for empty. */
  private static Double burnRate(Map<String, Double> burn, Slo slo, RequestWindows requests,
      Duration window) {
    String key = label(window);
    if (!burn.containsKey(key)) {
      burn.put(key, rate(slo, requests.window(window)));
    }
    return burn.get(key);
  }

  private static Double rate(Slo slo, RequestWindows.Window w) {
    return w.empty() ? null : slo.bad(w) / slo.allowedBad();
  }

  static String label(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + "h";
    }
    return d.toMinutes() + "m";
  }
}
