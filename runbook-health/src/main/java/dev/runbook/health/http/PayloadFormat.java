package dev.runbook.health.http;

import java.util.Locale;
import java.util.Optional;

/**
 * The shapes a health payload can take, chosen by {@code ?format=} or else by {@code Accept}.
 *
 * <ul>
 *   <li>{@link #NATIVE} ({@code application/json}): {@code {"status","service","version",
 *       "checked_at", <check>: {"status","duration_ms","checked_at", ...details, "error",
 *       "timed_out"}}}, so runbook paths such as {@code scheduler.failing_jobs} hold literally.
 *   <li>{@link #IETF} ({@code application/health+json}): the IETF health check draft, status
 *       {@code pass}/{@code warn}/{@code fail}, {@code checks} keyed {@code name:measurement}.
 *       A check's measurement is what it reports as the details {@code observed_value}, {@code
 *       observed_unit} and {@code measurement} (default {@code value}); a check that reports none
 *       is measured by its response time ({@code name:responseTime}, in ms).
 *   <li>{@link #MICROPROFILE} ({@code application/json}): MicroProfile Health, {@code UP}/{@code
 *       DOWN} with a {@code checks} array of name, status and data. Degraded maps to {@code UP};
 *       the data's {@code status} keeps runbook's own status.
 * </ul>
 */
public enum PayloadFormat {
  NATIVE("native", "application/json"),
  IETF("ietf", "application/health+json"),
  MICROPROFILE("microprofile", "application/json");

  private final String parameter;
  private final String contentType;

  PayloadFormat(String parameter, String contentType) {
    this.parameter = parameter;
    this.contentType = contentType;
  }

  /** The value of {@code ?format=} that selects this format. */
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

  /** IETF when {@code Accept} names {@code application/health+json}, else native. */
  public static PayloadFormat fromAccept(String accept) {
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/health+json")) {
      return IETF;
    }
    return NATIVE;
  }
}
