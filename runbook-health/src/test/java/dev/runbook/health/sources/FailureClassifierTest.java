package dev.runbook.health.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(SourceException.http(500, null), FailureReason.HTTP_5XX),
        Arguments.of(SourceException.http(503, "30"), FailureReason.HTTP_5XX),
        Arguments.of(SourceException.http(599, null), FailureReason.HTTP_5XX),
        Arguments.of(SourceException.http(429, "30"), FailureReason.RATE_LIMITED),
        Arguments.of(SourceException.http(401, null), FailureReason.AUTH),
        Arguments.of(SourceException.http(403, null), FailureReason.AUTH),
        Arguments.of(SourceException.http(400, null), FailureReason.CLIENT_ERROR),
        Arguments.of(SourceException.http(404, null), FailureReason.CLIENT_ERROR),
        Arguments.of(SourceException.http(499, null), FailureReason.CLIENT_ERROR),
        Arguments.of(SourceException.http(302, null), FailureReason.OTHER),
        Arguments.of(SourceException.of(FailureReason.PARSE, "no results"), FailureReason.PARSE),
        Arguments.of(new HttpTimeoutException("request timed out"), FailureReason.TIMEOUT),
        Arguments.of(new SocketTimeoutException("Read timed out"), FailureReason.TIMEOUT),
        Arguments.of(new TimeoutException(), FailureReason.TIMEOUT),
        Arguments.of(new HttpConnectTimeoutException("connect timed out"),
            FailureReason.CONNECT),
        Arguments.of(new ConnectException("Connection refused"), FailureReason.CONNECT),
        Arguments.of(new UnknownHostException("api.themoviedb.org"), FailureReason.CONNECT),
        Arguments.of(new NoRouteToHostException(), FailureReason.CONNECT),
        Arguments.of(new SSLHandshakeException("PKIX path building failed"),
            FailureReason.CONNECT),
        Arguments.of(new JsonParseException(null, "Unexpected character"), FailureReason.PARSE),
        Arguments.of(new DateTimeParseException("bad", "x", 0), FailureReason.PARSE),
        Arguments.of(new NumberFormatException("For input string"), FailureReason.PARSE),
        Arguments.of(new CompletionException(new ConnectException("refused")),
            FailureReason.CONNECT),
        Arguments.of(new UncheckedIOException(new SocketTimeoutException("slow")),
            FailureReason.TIMEOUT),
        Arguments.of(new IOException("stream closed"), FailureReason.OTHER),
        Arguments.of(new IllegalStateException("bug"), FailureReason.OTHER));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("table")
  void shouldClassifyEachKindOfFailure(Throwable error, FailureReason expected) {
    assertThat(FailureClassifier.standard().classify(error)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Retry-After \"{0}\" -> {1} s")
  @MethodSource("retryAfters")
  void shouldReadRetryAfterAsSecondsOrAnHttpDate(String header, Long seconds) {
    java.time.Instant now = java.time.Instant.parse("2026-11-22T03:00:00Z");
    java.time.Duration d = IngestionSource.parseRetryAfter(header, now);
    assertThat(d == null ? null : d.getSeconds()).isEqualTo(seconds);
  }

  static Stream<Arguments> retryAfters() {
    return Stream.of(
        Arguments.of("120", 120L),
        Arguments.of(" 7 ", 7L),
        Arguments.of("0", null),
        Arguments.of("Sun, 22 Nov 2026 03:05:00 GMT", 300L),
        Arguments.of("Sun, 22 Nov 2026 02:55:00 GMT", null),
        Arguments.of("-5", null),
        Arguments.of("soon", null),
        Arguments.of("", null));
  }
}
