package dev.runbook.health.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A framework-neutral HTTP response from {@link HealthEndpoint}: status, headers and body. */
public final class HealthResponse {

  private final int statusCode;
  private final Map<String, String> headers;
  private final byte[] body;

  public HealthResponse(int statusCode, Map<String, String> headers, byte[] body) {
    this(Collections.unmodifiableMap(new LinkedHashMap<>(headers)), body.clone(), statusCode);
  }

  // For the endpoint's own answers: the headers are already unmodifiable and the body is a
  // payload it never changes, so a cached /health is served without copying either.
  private HealthResponse(Map<String, String> headers, byte[] body, int statusCode) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
  }

  /** {@code headers} must be unmodifiable and {@code body} never written to again. */
  static HealthResponse shared(int statusCode, Map<String, String> headers, byte[] body) {
    return new HealthResponse(headers, body, statusCode);
  }

  public int statusCode() {
    return statusCode;
  }

  /** Headers to send, including {@code Content-Type} and {@code Cache-Control}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The body bytes; adapters send none for HEAD but keep {@code Content-Length}. */
  public byte[] body() {
    return body.clone();
  }

  public int bodyLength() {
    return body.length;
  }

  /** Writes the body without copying it. */
  public void writeBody(java.io.OutputStream out) throws java.io.IOException {
    out.write(body);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return statusCode + " " + headers + " " + bodyText();
  }
}
