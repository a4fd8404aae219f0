package dev.runbook.health.sources;

/**
 * Maps a failed call's exception to a {@link FailureReason}. A custom classifier may return null
 * to leave the decision to {@link #standard()}.
 *
 * <pre>{@code
 * FailureClassifier mine = e -> e instanceof MyQuotaException ? FailureReason.RATE_LIMITED : null;
 * }</pre>
 */
@FunctionalInterface
public interface FailureClassifier {

  FailureReason classify(Throwable error);

  /**
   * The standard rules, applied to the exception and then its causes: {@link SourceException}
   * by its reason or HTTP status (429 rate_limited, 401/403 auth, 5xx http_5xx, other 4xx
   * client_error); connect timeouts, refused connections, unknown or unreachable hosts and TLS
   * handshake failures connect; other timeouts timeout; JSON, number, date and text parse errors
   * parse; anything else other.
   */
  static FailureClassifier standard() {
    return StandardClassifier::classifyChain;
  }
}
