package dev.runbook.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of settings from environment variables and system properties, with errors that
 * name the setting and its bad value.
 *
 * <p>{@link #fromEnvironment()} takes a snapshot at construction. A key such as {@code
 * HEALTH_ALLOWLIST} is looked up, first match wins, as the system property {@code
 * HEALTH_ALLOWLIST}, the system property {@code health.allowlist}, then the environment variable
 * {@code HEALTH_ALLOWLIST}. A value that is empty or only white space counts as unset, so {@code
 * FOO=} in a container's environment falls back to the default.
 *
 * <p>Formats:
 *
 * <ul>
 *   <li>durations: a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 *       {@code 7d}), several of them ({@code 1h30m}), or ISO-8601 ({@code PT1H}, {@code P7D});
 *       never negative;
 *   <li>lists: comma-separated ({@code 10.0.0.0/8, ::1}) or a JSON array of strings ({@code
 *       ["10.0.0.0/8", "::1"]}); entries are trimmed and an empty entry is an error;
 *   <li>booleans: {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}.
 * </ul>
 *
 * <pre>{@code
 * Settings settings = Settings.fromEnvironment();
 * Duration interval = settings.duration("BACKUP_INTERVAL", Duration.ofHours(24));
 * List<String> allowlist = settings.list("HEALTH_ALLOWLIST");
 * }</pre>
 */
public final class Settings {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final String DURATION_FORMS =
      "use a whole number with a unit (500ms, 30s, 5m, 2h, 7d), several of them (1h30m), or"
          + " ISO-8601 (PT1H)";

  /** Whole days a duration setting may hold: a hundred years, far above any sane interval. */
  private static final long MAX_DAYS = 36_500;

  private final Function<String, String> lookup;
  private final Set<String> names;

  private Settings(Function<String, String> lookup, Set<String> names) {
    this.lookup = lookup;
    this.names = names;
  }

  /** A snapshot of system properties and environment variables, taken now. */
  public static Settings fromEnvironment() {
    Map<String, String> env = Map.copyOf(System.getenv());
    Map<String, String> props = new HashMap<>();
    System.getProperties().stringPropertyNames()
        .forEach(name -> props.put(name, System.getProperty(name)));
    Set<String> names = new TreeSet<>(env.keySet());
    props.keySet().forEach(p -> names.add(p.toUpperCase(Locale.ROOT).replace('.', '_')));
    return new Settings(key -> {
      String value = props.get(key);
      if (value == null) {
        value = props.get(key.toLowerCase(Locale.ROOT).replace('_', '.'));
      }
      return value != null ? value : env.get(key);
    }, Collections.unmodifiableSet(names));
  }

  /** Settings read from a map, keys used exactly as given; for tests and embedded configuration. */
  public static Settings of(Map<String, String> values) {
    Map<String, String> copy = Collections.unmodifiableMap(new HashMap<>(values));
    return new Settings(copy::get, Collections.unmodifiableSet(new TreeSet<>(copy.keySet())));
  }

  /**
   * The names of the settings present that start with {@code prefix}, in environment form
   * ({@code SOURCE_TMDB_COOLDOWN} also for the property {@code source.tmdb.cooldown}), so a
   * service can refuse the ones it does not know, such as a misspelt {@code SOURCE_EMAL_COOLDOWN}.
   */
  public Set<String> namesStartingWith(String prefix) {
    Objects.requireNonNull(prefix, "prefix must not be null");
    Set<String> found = new TreeSet<>();
    for (String name : names) {
      if (name.startsWith(prefix) && string(name).isPresent()) {
        found.add(name);
      }
    }
    return Collections.unmodifiableSet(found);
  }

  /** The value of a setting, trimmed; empty when unset or blank. */
  public Optional<String> string(String key) {
    Objects.requireNonNull(key, "key must not be null");
    String value = lookup.apply(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** The value of a setting, or {@code defaultValue} when unset. */
  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  /**
   * The value of a setting that must be set.
   *
   * @throws SettingsException naming the setting when it is unset
   */
  public String required(String key) {
    return string(key).orElseThrow(() -> new SettingsException(
        key, "Setting " + key + " is required but not set; set it in the environment or as a"
            + " system property", null));
  }

  /**
   * Refuses a setting that was renamed, so a value set under the old name is never silently
   * ignored.
   *
   * @throws SettingsException naming both names when {@code oldKey} is set
   */
  public Settings rejectRenamed(String oldKey, String newKey) {
    if (string(oldKey).isPresent()) {
      throw new SettingsException(oldKey, "Setting " + oldKey + " was renamed " + newKey
          + "; set " + newKey + " instead and remove " + oldKey, null);
    }
    return this;
  }

  /** A duration setting; see the class documentation for the accepted forms. */
  public Optional<Duration> duration(String key) {
    return parsed(key, "a duration such as 30s, 5m or PT1H", Settings::parseDuration);
  }

  public Duration duration(String key, Duration defaultValue) {
    return duration(key).orElse(defaultValue);
  }

  /** A whole-number setting. */
  public Optional<Long> number(String key) {
    return parsed(key, "a whole number", text -> {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + text + "\" is not a whole number", e);
      }
    });
  }

  /**
   * A whole-number setting within {@code [min, max]}.
   *
   * @throws SettingsException naming the setting when it is not a number or out of range
   */
  public long number(String key, long defaultValue, long min, long max) {
    long value = number(key).orElse(defaultValue);
    if (value < min || value > max) {
      throw new SettingsException(
          key, "Setting " + key + "=" + value + " is out of range; use a number from " + min
              + " to " + max, null);
    }
    return value;
  }

  /** A decimal setting, such as a threshold ratio. NaN and infinities are rejected. */
  public Optional<Double> decimal(String key) {
    return parsed(key, "a decimal number", text -> {
      try {
        double value = Double.parseDouble(text);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + text + "\" is not a finite decimal number", e);
      }
    });
  }

  public double decimal(String key, double defaultValue) {
    return decimal(key).orElse(defaultValue);
  }

  /** A boolean setting: true/false, yes/no, on/off, 1/0, in any case. */
  public Optional<Boolean> bool(String key) {
    return parsed(key, "true or false", text -> {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "true": case "yes": case "on": case "1":
          return true;
        case "false": case "no": case "off": case "0":
          return false;
        default:
          throw new IllegalArgumentException(
              "\"" + text + "\" is not a boolean; use true or false");
      }
    });
  }

  public boolean bool(String key, boolean defaultValue) {
    return bool(key).orElse(defaultValue);
  }

  /** A list setting, CSV or JSON array; empty when unset. */
  public List<String> list(String key) {
    return parsed(key, "a list: comma-separated, or a JSON array of strings",
        Settings::parseList).orElse(List.of());
  }

  private <T> Optional<T> parsed(String key, String expected, Function<String, T> parser) {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text.get()));
    } catch (IllegalArgumentException e) {
      if (isSecret(key)) {
        // The cause is dropped and every piece of the value masked: either may quote the secret.
        String message = e.getMessage() == null ? "" : e.getMessage().replace(text.get(),
            Redactor.MASK);
        for (String piece : text.get().split("[\\s,\\[\\]\"']+")) {
          if (piece.length() >= 4) {
            message = message.replace(piece, Redactor.MASK);
          }
        }
        throw new SettingsException(key, "Setting " + key + " cannot be read (expected "
            + expected + "): " + message + "; the value is secret, so it is not shown", null);
      }
      throw new SettingsException(key, "Setting " + key + ": " + e.getMessage(), e);
    }
  }

  /** Whether a setting's name marks it secret, so its value must never be quoted in an error. */
  private static boolean isSecret(String key) {
    return !Redactor.defaults().redact(key + "=x").equals(key + "=x");
  }

  /**
   * Parses a duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, several
   * together ({@code 1h30m}), or ISO-8601 ({@code PT1H}).
   *
   * @throws IllegalArgumentException quoting the text and the accepted forms
   */
  public static Duration parseDuration(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an empty value is not a duration; " + DURATION_FORMS);
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("-")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is negative; a duration here must be zero or more");
    }
    try {
      if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
        Duration iso = Duration.parse(trimmed);
        if (iso.isNegative()) {
          throw new IllegalArgumentException(
              "\"" + text + "\" is negative; a duration here must be zero or more");
        }
        return iso;
      }
      Matcher matcher = DURATION_PART.matcher(trimmed.toLowerCase(Locale.ROOT));
      Duration total = Duration.ZERO;
      int end = 0;
      while (matcher.find() && matcher.start() == end) {
        long amount = Long.parseLong(matcher.group(1));
        total = total.plus(unit(matcher.group(2), amount));
        end = matcher.end();
      }
      if (end == 0 || end != trimmed.length()) {
        String hint = trimmed.chars().allMatch(Character::isDigit)
            ? "it has no unit; add one, e.g. \"" + trimmed + "s\" for seconds"
            : DURATION_FORMS;
        throw new IllegalArgumentException("\"" + text + "\" is not a duration; " + hint);
      }
      if (total.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
        throw new ArithmeticException("over " + MAX_DAYS + " days");
      }
      return total;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is longer than any duration this"
          + " setting can hold; use at most " + MAX_DAYS + "d", e);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration (" + e.getMessage() + "); " + DURATION_FORMS, e);
    }
  }

  private static Duration unit(String unit, long amount) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /**
   * Parses a list given as comma-separated values or as a JSON array of strings. Entries are
   * trimmed; an empty entry is an error rather than something silently dropped.
   *
   * @throws IllegalArgumentException naming the entry that is wrong
   */
  public static List<String> parseList(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String trimmed = text.trim();
    List<String> entries = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      JsonNode array;
      try {
        array = JSON.readTree(trimmed);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "\"" + text + "\" starts like a JSON array but is not valid JSON ("
                + e.getOriginalMessage() + "); write [\"a\", \"b\"] or a,b", e);
      }
      if (!array.isArray()) {
        throw new IllegalArgumentException("\"" + text + "\" is not a JSON array");
      }
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        if (!element.isTextual()) {
          throw new IllegalArgumentException(
              "entry " + (i + 1) + " of \"" + text + "\" is " + element + ", not a string;"
                  + " quote it");
        }
        entries.add(requireEntry(element.asText(), i + 1, text));
      }
      return List.copyOf(entries);
    }
    String[] parts = trimmed.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      entries.add(requireEntry(parts[i], i + 1, text));
    }
    return List.copyOf(entries);
  }

  private static String requireEntry(String entry, int position, String text) {
    String trimmed = entry.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(
          "entry " + position + " of \"" + text + "\" is empty; remove the extra comma or give"
              + " a value");
    }
    return trimmed;
  }
}
