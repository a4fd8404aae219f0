package dev.runbook.health.sources;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/** The rules of {@link FailureClassifier#standard()}. */
final class StandardClassifier {

  private static final int MAX_CAUSES = 16;

  private StandardClassifier() {}

  static FailureReason classifyChain(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      FailureReason reason = classifyOne(t);
      if (reason != null) {
        return reason;
      }
    }
    return FailureReason.OTHER;
  }

  static FailureReason ofStatus(int status) {
    if (status == 429) {
      return FailureReason.RATE_LIMITED;
    }
    if (status == 401 || status == 403) {
      return FailureReason.AUTH;
    }
    if (status >= 500) {
      return FailureReason.HTTP_5XX;
    }
    if (status >= 400) {
      return FailureReason.CLIENT_ERROR;
    }
    return FailureReason.OTHER;
  }

  private static FailureReason classifyOne(Throwable t) {
    if (t instanceof SourceException s) {
      return s.reason().orElseGet(() -> ofStatus(s.httpStatus().orElse(0)));
    }
    if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
        || t instanceof UnknownHostException || t instanceof NoRouteToHostException
        || t instanceof PortUnreachableException || t instanceof UnresolvedAddressException
        || t instanceof SSLHandshakeException) {
      return FailureReason.CONNECT;
    }
    if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
        || t instanceof TimeoutException || t instanceof InterruptedIOException) {
      return FailureReason.TIMEOUT;
    }
    if (t instanceof com.fasterxml.jackson.core.JsonProcessingException
        || t instanceof java.text.ParseException || t instanceof DateTimeParseException
        || t instanceof NumberFormatException) {
      return FailureReason.PARSE;
    }
    return null;
  }
}
