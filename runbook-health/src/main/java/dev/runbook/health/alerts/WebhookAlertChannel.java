package dev.runbook.health.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.health.internal.Arguments;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * POSTs each alert event as JSON to a URL: {@link Format#GENERIC} sends {@link
 * AlertEvent#fields()} (with {@code service} first when set), {@link Format#SLACK} sends {@code
 * {"text": "..."}} as Slack's and Mattermost's incoming webhooks take it. Any answer but 2xx, a
 * timeout or a connection error fails the send. A webhook URL is often a secret (Slack's are), so
 * it is never part of an error, a log line or {@link #toString()}.
 */
public final class WebhookAlertChannel implements AlertChannel {

  /** The body's shape. */
  public enum Format { GENERIC, SLACK }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final Format format;
  private final String service;
  private final Duration timeout;
  // made at the first send, so a channel built only to check settings starts no thread
  private HttpClient client; // guarded by this

  private WebhookAlertChannel(Builder b) {
    this.url = b.url;
    this.format = b.format;
    this.service = b.service;
    this.timeout = b.timeout;
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().connectTimeout(timeout)
          .followRedirects(HttpClient.Redirect.NEVER).build();
    }
    return client;
  }

  /**
   * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL (the
   *     message does not repeat it)
   */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public void send(AlertEvent event) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (format == Format.SLACK) {
      body.put("text", (service == null ? "" : service + ": ") + event.summary());
    } else {
      if (service != null) {
        body.put("service", service);
      }
      body.putAll(event.fields());
    }
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    HttpResponse<Void> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new IOException("webhook did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new IOException("webhook unreachable: " + e.getClass().getSimpleName());
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException("webhook answered HTTP " + response.statusCode());
    }
  }

  @Override
  public String toString() {
    return "webhook (" + format.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  /** Configures a {@link WebhookAlertChannel}. */
  public static final class Builder {
    private final URI url;
    private Format format = Format.GENERIC;
    private String service;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme();
      if (!url.isAbsolute() || url.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException("the alert webhook must be an absolute http:// or"
            + " https:// URL with a host (the value is not repeated: it may hold a secret)");
      }
      this.url = url;
    }

    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Names the service in each body. */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** How long connecting, and then the answer, may take each; default 10 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.positive(timeout, "webhook timeout");
      return this;
    }

    public WebhookAlertChannel build() {
      return new WebhookAlertChannel(this);
    }
  }
}
