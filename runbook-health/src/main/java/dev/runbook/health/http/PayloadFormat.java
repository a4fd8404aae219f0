package dev.runbook.health.http;

import dev.runbook.health.internal.MediaRanges;
import java.util.Locale;
import java.util.Optional;

/**
 * The shapes a health payload can take, chosen by {@code ?format=} or else by {@code Accept}.
 *
 * <ul>
 *   <li>{@link #NATIVE} ({@code application/json}): {@code {"status","service","version",
 *       "checked_at", <check>: {"status","duration_ms","checked_at", ...details, "error",
 *       "timed_out"}}}, so runbook paths such as {@code scheduler.failing_jobs} hold literally.
 *   <li>{@link #IETF} ({@code application/health+json}): draft-inadarei-api-health-check-06,
 *       status {@code pass}/{@code warn}/{@code fail}, {@code checks} keyed by the check's name,
 *       or {@code name:measurement} for a check that reports a measurement (the details {@code
 *       measurement}, {@code observed_value}, {@code observed_unit}); every entry has a {@code
 *       componentType} (the detail {@code component_type}, else {@code component}).
 *   <li>{@link #MICROPROFILE} ({@code application/json}): MicroProfile Health, {@code UP}/{@code
 *       DOWN} with a {@code checks} array whose {@code data} holds only strings, numbers and
 *       booleans: nested details are flattened to dotted keys, lists joined, nulls left out.
 *       A check is {@code DOWN} when its own result is down, critical or not; the overall status
 *       is the conjunction of the checks, as the specification requires.
 *   <li>{@link #ACTUATOR} ({@code application/vnd.spring-boot.actuator.v3+json}): Spring Boot
 *       Actuator's {@code {"status", "components": {<name>: {"status", "details"}}}}, with
 *       {@code UP}, {@code DEGRADED} (a custom status, as Actuator allows) and {@code DOWN}.
 * </ul>
 */
public enum PayloadFormat {
  NATIVE("native", "application/json"),
  IETF("ietf", "application/health+json"),
  MICROPROFILE("microprofile", "application/json"),
  ACTUATOR("actuator", "application/vnd.spring-boot.actuator.v3+json");

  private final String parameter;
  private final String contentType;

  PayloadFormat(String parameter, String contentType) {
    this.parameter = parameter;
    this.contentType = contentType;
  }

  /** The value of {@code ?format=} (and of {@code HEALTH_DEFAULT_FORMAT}) that selects it. */
  public String parameter() {
    return parameter;
  }

  public String contentType() {
    return contentType;
  }

  /** The format named by a {@code ?format=} value, ignoring case. */
  public static Optional<PayloadFormat> fromParameter(String value) {
    for (PayloadFormat format : values()) {
      if (format.parameter.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** {@link #fromAccept(String, PayloadFormat)} with native as the endpoint's default. */
  public static PayloadFormat fromAccept(String accept) {
    return fromAccept(accept, NATIVE);
  }

  /**
   * The format an {@code Accept} header selects (RFC 9110 section 12.5.1): the one whose media
   * type gets the highest weight, the endpoint's default winning ties (so {@code * / *} and
   * {@code application/json} give the default when it is native or MicroProfile, which share
   * {@code application/json}). No header gives the default. A header that accepts none of the
   * formats' types (or gives each {@code q=0}) still gets an answer, in native JSON: a health
   * endpoint answers its probes rather than 406.
   */
  public static PayloadFormat fromAccept(String accept, PayloadFormat preferred) {
    if (accept == null || accept.equals("*/*")) {
      return preferred; // what probes and curl send, answered without parsing
    }
    MediaRanges ranges = MediaRanges.parse(accept);
    if (ranges.isEmpty()) {
      return preferred;
    }
    PayloadFormat best = null;
    double bestWeight = 0;
    for (PayloadFormat format : candidates(preferred)) {
      double weight = ranges.weightOf(format.contentType);
      if (weight > bestWeight) {
        best = format;
        bestWeight = weight;
      }
    }
    return best == null ? NATIVE : best;
  }

  /** The default first; MicroProfile only when it is the default, as it shares native's type. */
  private static PayloadFormat[] candidates(PayloadFormat preferred) {
    PayloadFormat json = preferred == MICROPROFILE ? MICROPROFILE : NATIVE;
    if (preferred == IETF) {
      return new PayloadFormat[] {IETF, json, ACTUATOR};
    }
    if (preferred == ACTUATOR) {
      return new PayloadFormat[] {ACTUATOR, json, IETF};
    }
    return new PayloadFormat[] {json, IETF, ACTUATOR};
  }
}
