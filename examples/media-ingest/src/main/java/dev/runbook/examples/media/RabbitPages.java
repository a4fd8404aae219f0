package dev.runbook.examples.media;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import dev.runbook.health.amqp.RabbitMqProbe;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest queue in RabbitMQ ({@code AMQP_URL}): pages are published persistent, with publisher
 * confirms, to the durable queue {@code media-ingest.pages}; the worker takes one at a time with a
 * manual acknowledgement, acknowledges it once stored, and rejects a page it cannot store, which
 * the broker dead-letters to {@code media-ingest.pages.failed} for a person. {@code
 * /health/queues} shows both as the {@code ingest} queue: waiting pages as {@code size}, taken and
 * unacknowledged ones as {@code started} (with {@code AMQP_MANAGEMENT_URL}), dead-lettered ones as
 * {@code failed}.
 */
final class RabbitPages implements PageQueue {

  static final String QUEUE = "media-ingest.pages";
  static final String FAILED = "media-ingest.pages.failed";

  private final URI amqp;
  private final URI management;
  private final Connection connection;
  private final Channel publish;
  private final Channel consume;

  RabbitPages(URI amqp, URI management) throws Exception {
    this.amqp = amqp;
    this.management = management;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(amqp);
    factory.setConnectionTimeout(10_000);
    this.connection = factory.newConnection("media-ingest");
    this.publish = connection.createChannel();
    publish.queueDeclare(FAILED, true, false, false, null);
    publish.queueDeclare(QUEUE, true, false, false, Map.of("x-dead-letter-exchange", "",
        "x-dead-letter-routing-key", FAILED));
    publish.confirmSelect();
    this.consume = connection.createChannel();
  }

  @Override
  public synchronized void enqueue(String source, String page) throws Exception {
    AMQP.BasicProperties props = MessageProperties.PERSISTENT_TEXT_PLAIN.builder()
        .headers(Map.of("source", source)).contentType("application/json").build();
    publish.basicPublish("", QUEUE, props, page.getBytes(StandardCharsets.UTF_8));
    publish.waitForConfirmsOrDie(10_000);
  }

  @Override
  public synchronized Optional<Page> take(String worker) throws Exception {
    GetResponse r = consume.basicGet(QUEUE, false);
    if (r == null) {
      return Optional.empty();
    }
    Object source = r.getProps().getHeaders() == null ? null
        : r.getProps().getHeaders().get("source");
    return Optional.of(new Page(r.getEnvelope().getDeliveryTag(), String.valueOf(source),
        new String(r.getBody(), StandardCharsets.UTF_8)));
  }

  @Override
  public synchronized void done(Page page) throws Exception {
    consume.basicAck((Long) page.handle(), false);
  }

  @Override
  public synchronized void release(Page page) throws Exception {
    consume.basicNack((Long) page.handle(), false, true);
  }

  @Override
  public synchronized void failed(Page page, String why) throws Exception {
    consume.basicReject((Long) page.handle(), false); // dead-lettered to FAILED
  }

  @Override
  public QueueProbe probe() {
    RabbitMqProbe.Builder b = RabbitMqProbe.builder(amqp).queues(QUEUE, FAILED);
    if (management != null) {
      b.managementApi(management);
    }
    RabbitMqProbe broker = b.build();
    return new QueueProbe() {
      @Override
      public String name() {
        return "rabbitmq";
      }

      @Override
      public QueueReport probe() throws Exception {
        QueueReport r = broker.probe();
        QueueReport.Queue pages = r.queues().get(0);
        QueueReport.Queue failed = r.queues().get(1);
        return new QueueReport(List.of(new QueueReport.Queue("ingest", pages.size(), null,
            null, pages.started(), failed.size())), r.workers());
      }
    };
  }

  @Override
  public void close() throws java.io.IOException {
    connection.close();
  }
}
