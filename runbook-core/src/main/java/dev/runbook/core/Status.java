package dev.runbook.core;

import java.util.Locale;

/**
 * The health of a thing, ordered by severity: {@link #OK} &lt; {@link #DEGRADED} &lt; {@link #DOWN}.
 *
 * <p>{@code DEGRADED} means "serving, but investigate": it answers HTTP 200 and maps to IETF
 * {@code warn} and MicroProfile {@code UP}. {@code DOWN} answers 503 and maps to {@code fail} and
 * {@code DOWN}. The aggregate of several statuses is the worst of them ({@link #worst(Status)}).
 */
public enum Status {
  OK("ok", "pass", "UP"),
  DEGRADED("degraded", "warn", "UP"),
  DOWN("down", "fail", "DOWN");

  private final String wireName;
  private final String ietfName;
  private final String microProfileName;

  Status(String wireName, String ietfName, String microProfileName) {
    this.wireName = wireName;
    this.ietfName = ietfName;
    this.microProfileName = microProfileName;
  }

  /** The lower-case name used in JSON payloads and logs: {@code ok}, {@code degraded}, {@code down}. */
  public String wireName() {
    return wireName;
  }

  /** The IETF health+json status: {@code pass}, {@code warn} or {@code fail}. */
  public String ietfName() {
    return ietfName;
  }

  /** The MicroProfile Health status: {@code UP} for ok and degraded, {@code DOWN} for down. */
  public String microProfileName() {
    return microProfileName;
  }

  /** True for {@link #OK} and {@link #DEGRADED}: the thing still serves. */
  public boolean isServing() {
    return this != DOWN;
  }

  /** The more severe of this status and {@code other}. */
  public Status worst(Status other) {
    if (other == null) {
      throw new NullPointerException("other status must not be null");
    }
    return other.compareTo(this) > 0 ? other : this;
  }

  /** This status, lowered to at most {@code cap}: a non-critical check caps at {@link #DEGRADED}. */
  public Status capAt(Status cap) {
    if (cap == null) {
      throw new NullPointerException("cap must not be null");
    }
    return compareTo(cap) > 0 ? cap : this;
  }

  /**
   * Parses a wire name ({@code ok}, {@code degraded}, {@code down}), ignoring case.
   *
   * @throws IllegalArgumentException naming the text and the accepted values
   */
  public static Status fromWireName(String text) {
    if (text != null) {
      String lower = text.trim().toLowerCase(Locale.ROOT);
      for (Status status : values()) {
        if (status.wireName.equals(lower)) {
          return status;
        }
      }
    }
    throw new IllegalArgumentException(
        "status \"" + text + "\" is not one of ok, degraded, down");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
