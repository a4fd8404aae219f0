package dev.runbook.health.sources;

import java.util.Objects;
import java.util.Optional;

/**
 * A failed call, as the caller reports it: an HTTP status (with the source's {@code Retry-After},
 * if any) or an explicit {@link FailureReason}. Lets callers report what their HTTP client saw
 * without the library depending on any HTTP client.
 *
 * <pre>{@code
 * tmdb.call("search", () -> {
 *   HttpResponse<String> r = http.send(request, BodyHandlers.ofString());
 *   SourceException.checkStatus(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null));
 *   return parse(r.body());
 * });
 * }</pre>
 */
public final class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String retryAfter;
  private final FailureReason reason;

  private SourceException(String message, int httpStatus, String retryAfter,
      FailureReason reason) {
    super(message);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.reason = reason;
  }

  /**
   * Throws for a status of 400 or more; does nothing otherwise.
   *
   * @param retryAfter the raw {@code Retry-After} header (seconds or an HTTP date), or null
   */
  public static void checkStatus(int status, String retryAfter) {
    if (status >= 400) {
      throw http(status, retryAfter);
    }
  }

  /** A failed HTTP answer; {@code retryAfter} is the raw header, or null. */
  public static SourceException http(int status, String retryAfter) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status " + status + " is not from 100 to 599");
    }
    String message = retryAfter == null ? "HTTP " + status
        : "HTTP " + status + " (Retry-After: " + retryAfter + ")";
    return new SourceException(message, status, retryAfter, null);
  }

  /** A failure whose reason the caller knows, e.g. {@code PARSE} for a body without results. */
  public static SourceException of(FailureReason reason, String message) {
    return new SourceException(message, 0,
        null, Objects.requireNonNull(reason, "reason must not be null"));
  }

  /** The HTTP status, or empty when the failure was not an HTTP answer. */
  public Optional<Integer> httpStatus() {
    return httpStatus == 0 ? Optional.empty() : Optional.of(httpStatus);
  }

  /** The source's raw {@code Retry-After} header. */
  public Optional<String> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The reason the caller gave explicitly; empty for an HTTP failure. */
  public Optional<FailureReason> reason() {
    return Optional.ofNullable(reason);
  }
}
