package dev.runbook.health.sources;

import java.util.Locale;

/** Why a call to a source failed, in the words the {@code ingestion} section and logs use. */
public enum FailureReason {
  /** The source did not answer in time. */
  TIMEOUT,
  /** No connection: refused, unreachable, unknown host, TLS handshake. */
  CONNECT,
  /** The source answered 5xx. */
  HTTP_5XX,
  /** The source answered 429 Too Many Requests. */
  RATE_LIMITED,
  /** The source answered 401 or 403: our credentials are wrong or revoked. */
  AUTH,
  /** Another 4xx: usually our request; not counted against the circuit by default. */
  CLIENT_ERROR,
  /** The answer could not be read. */
  PARSE,
  /** Anything else. */
  OTHER;

  /** {@code timeout}, {@code http_5xx}, ...: the JSON, log and metric value. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
