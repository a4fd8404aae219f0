package dev.runbook.health.slo;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLIs and SLOs from settings, so an operator can set the runbook's table without a build:
 *
 * <ul>
 *   <li>{@code SLO_ROUTE_GROUPS}: route groups as {@code name=/prefix} entries, e.g. {@code
 *       api=/books, api=/loans}; unset, every request is in the group {@code default}.
 *   <li>{@code SLO_AVAILABILITY=99.5%}, with {@code SLO_AVAILABILITY_WARNING} (default: twice
 *       the allowed errors, 99.0 %) and {@code SLO_AVAILABILITY_CRITICAL} (four times, 98.0 %).
 *   <li>{@code SLO_LATENCY_P95=500ms} (any {@code P<nn>} or {@code P<nnn>}: P50, P99, P999),
 *       with {@code _WARNING} (default 1.6 times the target, 800 ms) and {@code _CRITICAL}
 *       (three times, 1500 ms).
 *   <li>{@code SLO_ERROR_RATE=1%}, with {@code _WARNING} (default twice, 2 %) and {@code
 *       _CRITICAL} (five times, 5 %).
 *   <li>{@code SLO_WINDOW} (default 1h): the window each SLO's value is judged over; {@code
 *       SLO_PERIOD} (default 30d): its error budget's period.
 *   <li>{@code SLO_CRITICAL_IS_DOWN} (default false): a critical SLO takes {@code /health} down.
 * </ul>
 *
 * <p>The defaults reproduce the runbooks' table from the targets alone. Every SLO applies to
 * every configured route group (or to {@code default}). Any other {@code SLO_*} name is refused.
 */
public final class SloSettings {

  private static final Pattern LATENCY = Pattern.compile("SLO_LATENCY_P(\\d{2,3})");
  private static final Pattern ROUTE = Pattern.compile("([a-z0-9][a-z0-9_-]*)=(/\\S*)");

  private SloSettings() {}

  /** The route groups of {@code SLO_ROUTE_GROUPS}. */
  public static RequestSlis requestSlis(Settings settings, Clock clock) {
    RequestSlis.Builder b = RequestSlis.builder().clock(clock);
    for (String entry : settings.list("SLO_ROUTE_GROUPS")) {
      Matcher m = ROUTE.matcher(entry);
      if (!m.matches()) {
        throw new SettingsException("SLO_ROUTE_GROUPS", "SLO_ROUTE_GROUPS entry \"" + entry
            + "\" is not name=/prefix, e.g. api=/books", null);
      }
      b.group(m.group(1), m.group(2));
    }
    return b.build();
  }

  /** The groups SLOs apply to: the configured ones, else {@code default}. */
  public static List<String> groups(Settings settings, RequestSlis slis) {
    List<String> groups = new ArrayList<>(slis.groups());
    if (groups.size() > 1) {
      groups.remove(RequestSlis.DEFAULT_GROUP);
    }
    return groups;
  }

  /** The SLOs the settings define; empty when none is set. */
  public static List<Slo> slos(Settings settings) {
    Set<String> known = new LinkedHashSet<>(List.of("SLO_ROUTE_GROUPS", "SLO_WINDOW",
        "SLO_PERIOD", "SLO_CRITICAL_IS_DOWN"));
    List<Slo> slos = new ArrayList<>();
    Duration window = settings.duration("SLO_WINDOW", Duration.ofHours(1));
    Duration period = settings.duration("SLO_PERIOD", Duration.ofDays(30));
    if (settings.string("SLO_AVAILABILITY").isPresent()) {
      double target = percent(settings, "SLO_AVAILABILITY").orElseThrow();
      double allowed = 100 - target;
      slos.add(slo(known, "SLO_AVAILABILITY", () -> Slo.availability("availability", target,
          percent(settings, "SLO_AVAILABILITY_WARNING").orElse(100 - 2 * allowed),
          percent(settings, "SLO_AVAILABILITY_CRITICAL").orElse(100 - 4 * allowed))));
    }
    if (settings.string("SLO_ERROR_RATE").isPresent()) {
      double target = percent(settings, "SLO_ERROR_RATE").orElseThrow();
      slos.add(slo(known, "SLO_ERROR_RATE", () -> Slo.errorRate("error_rate", target,
          percent(settings, "SLO_ERROR_RATE_WARNING").orElse(2 * target),
          percent(settings, "SLO_ERROR_RATE_CRITICAL").orElse(5 * target))));
    }
    for (String name : new java.util.TreeSet<>(settings.namesStartingWith("SLO_LATENCY_P"))) {
      Matcher m = LATENCY.matcher(name);
      if (!m.matches()) {
        continue; // a _WARNING or _CRITICAL, read with its target; or unknown, refused below
      }
      String digits = m.group(1);
      double quantile = Double.parseDouble("0." + digits);
      long target = settings.duration(name).orElseThrow().toMillis();
      String label = "p" + digits;
      slos.add(slo(known, name, () -> Slo.latency("latency_" + label, quantile, target,
          settings.duration(name + "_WARNING").map(Duration::toMillis)
              .orElse(Math.round(target * 1.6)),
          settings.duration(name + "_CRITICAL").map(Duration::toMillis).orElse(target * 3))));
    }
    for (String name : settings.namesStartingWith("SLO_")) {
      if (!known.contains(name)) {
        throw new SettingsException(name, name + " is not an SLO setting; they are "
            + "SLO_AVAILABILITY, SLO_ERROR_RATE, SLO_LATENCY_P<nn> (each with _WARNING and"
            + " _CRITICAL), SLO_ROUTE_GROUPS, SLO_WINDOW, SLO_PERIOD, SLO_CRITICAL_IS_DOWN", null);
      }
    }
    return slos.stream().map(s -> s.window(window).period(period)).toList();
  }

  /** The {@code slo} section the settings define, or empty when no SLO is set. */
  public static Optional<SloSection> section(Settings settings, RequestSlis slis) {
    List<Slo> slos = slos(settings);
    if (slos.isEmpty()) {
      return Optional.empty();
    }
    SloSection.Builder b = SloSection.builder(slis)
        .criticalIsDown(settings.bool("SLO_CRITICAL_IS_DOWN", false));
    for (String group : groups(settings, slis)) {
      slos.forEach(slo -> b.slo(group, slo));
    }
    return Optional.of(b.build());
  }

  private static Slo slo(Set<String> known, String key,
      java.util.function.Supplier<Slo> build) {
    known.add(key);
    known.add(key + "_WARNING");
    known.add(key + "_CRITICAL");
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      if (e instanceof SettingsException) {
        throw e;
      }
      throw new SettingsException(key, key + ": " + e.getMessage() + "; set " + key
          + "_WARNING and " + key + "_CRITICAL accordingly", e);
    }
  }

  /** {@code 99.5%} or {@code 99.5}: a percentage from 0 to 100. */
  private static Optional<Double> percent(Settings settings, String key) {
    Optional<String> text = settings.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().endsWith("%") ? text.get().substring(0, text.get().length() - 1).strip()
        : text.get();
    try {
      double v = Double.parseDouble(t);
      if (v >= 0 && v <= 100) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new SettingsException(key, key + " \"" + text.get() + "\" is not a percentage from 0"
        + " to 100, such as 99.5%", null);
  }
}
