package dev.runbook.health.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * RabbitMQ queues, through the official AMQP client (an optional dependency of runbook-health:
 * add {@code com.rabbitmq:amqp-client}). Over AMQP each queue gives its ready messages ({@code
 * size}) by a passive declare, which never creates or changes a queue. AMQP cannot tell the
 * unacknowledged messages or who consumes: with {@link Builder#managementApi} the probe also reads
 * the management plugin's HTTP API for {@code started} (unacknowledged) and a worker per consumer;
 * without it those stay null and empty. The AMQP URI's password is never part of an error.
 */
public final class RabbitMqProbe implements QueueProbe {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI amqp;
  private final List<String> queues;
  private final URI management;
  private final Duration timeout;
  private final HttpClient http;

  private RabbitMqProbe(Builder b) {
    this.amqp = b.amqp;
    this.queues = List.copyOf(b.queues);
    this.management = b.management;
    this.timeout = b.timeout;
    this.http = b.management == null ? null
        : HttpClient.newBuilder().connectTimeout(b.timeout).build();
  }

  /** Probes the broker at {@code amqp://user:password@host:5672/vhost}. */
  public static Builder builder(URI amqp) {
    return new Builder(amqp);
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public QueueReport probe() throws IOException {
    List<QueueReport.Queue> out = new ArrayList<>();
    List<QueueReport.Worker> workers = new ArrayList<>();
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(amqp);
    } catch (Exception e) {
      throw new IOException("the AMQP URI is not valid (" + e.getClass().getSimpleName() + ")");
    }
    factory.setConnectionTimeout((int) timeout.toMillis());
    factory.setHandshakeTimeout((int) timeout.toMillis());
    factory.setAutomaticRecoveryEnabled(false);
    try (Connection connection = factory.newConnection("runbook-queue-probe")) {
      for (String queue : queues) {
        try (Channel channel = connection.createChannel()) {
          AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
          Long unacked = null;
          if (management != null) {
            JsonNode q = managementQueue(factory.getVirtualHost(), queue, factory.getUsername(),
                factory.getPassword());
            unacked = q.path("messages_unacknowledged").isNumber()
                ? q.get("messages_unacknowledged").asLong() : null;
            for (JsonNode consumer : q.path("consumer_details")) {
              workers.add(new QueueReport.Worker(consumer.path("consumer_tag").asText(),
                  "consuming", List.of(queue), null, null));
            }
          }
          out.add(new QueueReport.Queue(queue, (long) ok.getMessageCount(), null, null, unacked,
              null));
        } catch (IOException e) {
          throw new IOException("queue \"" + queue + "\" cannot be read: " + reason(e), e);
        } catch (java.util.concurrent.TimeoutException e) {
          throw new IOException("the broker did not answer within " + timeout.toMillis()
              + " ms");
        }
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("the broker at " + amqp.getHost() + ":" + port(factory)
          + " did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("queue \"")) {
        throw e;
      }
      throw new IOException("the broker at " + amqp.getHost() + ":" + port(factory)
          + " cannot be reached: " + reason(e));
    }
    return new QueueReport(out, workers);
  }

  private static int port(ConnectionFactory f) {
    return f.getPort();
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private JsonNode managementQueue(String vhost, String queue, String user, String password)
      throws IOException {
    URI uri = management.resolve("/api/queues/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8)
        .replace("+", "%20") + "/" + URLEncoder.encode(queue, StandardCharsets.UTF_8)
        .replace("+", "%20"));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the management API");
    }
    if (response.statusCode() != 200) {
      throw new IOException("the management API answered HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** Configures a {@link RabbitMqProbe}. */
  public static final class Builder {
    private final URI amqp;
    private final List<String> queues = new ArrayList<>();
    private URI management;
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(URI amqp) {
      Objects.requireNonNull(amqp, "amqp");
      if (!"amqp".equals(amqp.getScheme()) && !"amqps".equals(amqp.getScheme())) {
        throw new IllegalArgumentException("the broker must be an amqp:// or amqps:// URI"
            + " (the value is not repeated: it may hold a password)");
      }
      this.amqp = amqp;
    }

    /** The queues to report, by name. */
    public Builder queues(String... names) {
      queues.addAll(List.of(names));
      return this;
    }

    /**
     * The management plugin's HTTP API (e.g. {@code http://127.0.0.1:15672}), read with the AMQP
     * URI's user for unacknowledged messages and consumers.
     */
    public Builder managementApi(URI url) {
      this.management = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Connect and answer timeouts; default 5 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = dev.runbook.health.internal.Arguments.positive(timeout, "timeout");
      return this;
    }

    public RabbitMqProbe build() {
      if (queues.isEmpty()) {
        throw new IllegalArgumentException("name at least one queue to probe");
      }
      return new RabbitMqProbe(this);
    }
  }
}
