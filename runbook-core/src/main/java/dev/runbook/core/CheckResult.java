package dev.runbook.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable outcome of one health check: a {@link Status}, ordered details, and an optional
 * error string that says why the status is not {@code ok}.
 *
 * <p>Details hold JSON-able values only, normalised when they are added: strings, booleans,
 * numbers (finite), {@code null}, lists and string-keyed maps of those. {@link java.time.Instant}
 * and other temporals become their ISO-8601 text, a {@link Duration} its ISO-8601 text, a {@link
 * Status} its wire name and any other enum its lower-case name. Anything else is rejected when
 * the result is built, so a payload can never fail to render later.
 *
 * <p>The keys {@value #KEY_STATUS}, {@value #KEY_DURATION_MS}, {@value #KEY_CHECKED_AT}, {@value
 * #KEY_ERROR} and {@value #KEY_TIMED_OUT} belong to the payload around the details and may not be
 * used as detail keys.
 *
 * <pre>{@code
 * CheckResult.ok().withDetail("active", 3).withDetail("max", 10);
 * CheckResult.degraded("pool usage 0.85 is at or above 0.80");
 * CheckResult.down("connection refused");
 * }</pre>
 */
public final class CheckResult {

  public static final String KEY_STATUS = "status";
  public static final String KEY_DURATION_MS = "duration_ms";
  public static final String KEY_CHECKED_AT = "checked_at";
  public static final String KEY_ERROR = "error";
  public static final String KEY_TIMED_OUT = "timed_out";

  /** Detail keys that the payload itself uses; a detail with one of them is rejected. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(KEY_STATUS, KEY_DURATION_MS, KEY_CHECKED_AT, KEY_ERROR, KEY_TIMED_OUT);

  private static final CheckResult OK = new CheckResult(Status.OK, Map.of(), null);

  private final Status status;
  private final Map<String, Object> details;
  private final String error;

  private CheckResult(Status status, Map<String, Object> details, String error) {
    this.status = status;
    this.details = details;
    this.error = error;
  }

  /** An {@code ok} result with no details. */
  public static CheckResult ok() {
    return OK;
  }

  /** An {@code ok} result with the given details, kept in the map's iteration order. */
  public static CheckResult ok(Map<String, ?> details) {
    return OK.withDetails(details);
  }

  /** A {@code degraded} result: serving, but an operator should look. */
  public static CheckResult degraded(String reason) {
    return of(Status.DEGRADED, requireText(reason, "degraded reason"));
  }

  /** A {@code down} result with the error that explains it. */
  public static CheckResult down(String error) {
    return of(Status.DOWN, requireText(error, "down error"));
  }

  /**
   * A result of any status; {@code error} may be null.
   *
   * @throws NullPointerException if status is null
   */
  public static CheckResult of(Status status, String error) {
    Objects.requireNonNull(status, "status must not be null");
    return new CheckResult(status, Map.of(), error);
  }

  /** The status. */
  public Status status() {
    return status;
  }

  /** The details, in the order they were added; unmodifiable. */
  public Map<String, Object> details() {
    return details;
  }

  /** Why the status is not {@code ok}, where the check said. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * This result with one more detail. A key already present keeps its position and takes the new
   * value.
   *
   * @throws IllegalArgumentException if the key is blank or reserved, or the value is not
   *     JSON-able
   */
  public CheckResult withDetail(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(details);
    copy.put(checkKey(key), normalise(key, value));
    return new CheckResult(status, Collections.unmodifiableMap(copy), error);
  }

  /** This result with all of {@code more} added, as {@link #withDetail} would add each. */
  public CheckResult withDetails(Map<String, ?> more) {
    Objects.requireNonNull(more, "details must not be null");
    if (more.isEmpty()) {
      return this;
    }
    Map<String, Object> copy = new LinkedHashMap<>(details);
    more.forEach((key, value) -> copy.put(checkKey(key), normalise(key, value)));
    return new CheckResult(status, Collections.unmodifiableMap(copy), error);
  }

  /** This result with another status, keeping details and error. */
  public CheckResult withStatus(Status newStatus) {
    Objects.requireNonNull(newStatus, "status must not be null");
    return newStatus == status ? this : new CheckResult(newStatus, details, error);
  }

  /** This result with another error (null removes it), keeping status and details. */
  public CheckResult withError(String newError) {
    return Objects.equals(newError, error) ? this : new CheckResult(status, details, newError);
  }

  private static String checkKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("detail key must not be blank");
    }
    if (RESERVED_KEYS.contains(key)) {
      throw new IllegalArgumentException(
          "detail key \""
              + key
              + "\" is reserved for the payload ("
              + String.join(", ", RESERVED_KEYS.stream().sorted().toList())
              + "); choose another name, e.g. \"check_"
              + key
              + "\"");
    }
    return key;
  }

  private static String requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must say what is wrong; it was blank");
    }
    return text;
  }

  private static Object normalise(String path, Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(
            "detail \"" + path + "\" is " + d + ", which JSON cannot represent; report a finite"
                + " number or leave the detail out");
      }
      return value;
    }
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof Status) {
      return ((Status) value).wireName();
    }
    if (value instanceof Enum<?>) {
      return ((Enum<?>) value).name().toLowerCase(java.util.Locale.ROOT);
    }
    if (value instanceof TemporalAccessor || value instanceof Duration) {
      return value.toString();
    }
    if (value instanceof Collection<?>) {
      List<Object> list = new ArrayList<>(((Collection<?>) value).size());
      int i = 0;
      for (Object element : (Collection<?>) value) {
        list.add(normalise(path + "[" + i++ + "]", element));
      }
      return Collections.unmodifiableList(list);
    }
    if (value instanceof Object[]) {
      return normalise(path, java.util.Arrays.asList((Object[]) value));
    }
    if (value instanceof Map<?, ?>) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (!(entry.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              "detail \"" + path + "\" has a map key " + entry.getKey() + " that is not a string;"
                  + " JSON object keys must be strings");
        }
        String key = (String) entry.getKey();
        map.put(key, normalise(path + "." + key, entry.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    throw new IllegalArgumentException(
        "detail \""
            + path
            + "\" is a "
            + value.getClass().getName()
            + ", which is not JSON-able; use a string, number, boolean, Instant, Duration, list"
            + " or map");
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CheckResult)) {
      return false;
    }
    CheckResult that = (CheckResult) o;
    return status == that.status
        && details.equals(that.details)
        && Objects.equals(error, that.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, details, error);
  }

  @Override
  public String toString() {
    return "CheckResult{status=" + status + ", details=" + details
        + (error == null ? "" : ", error=" + error) + "}";
  }
}
