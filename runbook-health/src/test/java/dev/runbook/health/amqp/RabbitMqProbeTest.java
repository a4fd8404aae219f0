package dev.runbook.health.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import dev.runbook.core.QueueReport;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Against the local RabbitMQ server (127.0.0.1:5672, guest/guest, its management plugin on
 * 15672): published messages, two held unacknowledged by a consumer.
 */
class RabbitMqProbeTest {

  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672/%2F");
  static final URI MANAGEMENT = URI.create("http://127.0.0.1:15672");

  static void requireBroker() {
    for (int port : new int[] {5672, 15672}) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getPort();
      } catch (IOException e) {
        String reason = "RabbitMQ is not reachable on 127.0.0.1:" + port + " (start it, and"
            + " enable rabbitmq_management; .ci/run does both)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          throw new AssertionError("under CI=true the RabbitMQ tests must run: " + reason, e);
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
      }
    }
  }

  @Test
  void readyUnacknowledgedAndConsumersOfARealQueue() throws Exception {
    requireBroker();
    String queue = "runbook-probe-" + UUID.randomUUID();
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(BROKER);
    try (Connection connection = f.newConnection(); Channel publish = connection.createChannel();
        Channel consume = connection.createChannel()) {
      publish.queueDeclare(queue, false, false, true, null);
      for (int i = 0; i < 5; i++) {
        publish.basicPublish("", queue, null, ("item " + i).getBytes(StandardCharsets.UTF_8));
      }
      CountDownLatch held = new CountDownLatch(2);
      consume.basicQos(2);
      String tag = consume.basicConsume(queue, false, "worker-a", new DefaultConsumer(consume) {
        @Override
        public void handleDelivery(String consumerTag, Envelope envelope,
            AMQP.BasicProperties properties, byte[] body) {
          held.countDown(); // never acknowledged: the broker holds it as unacknowledged
        }
      });
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

      RabbitMqProbe probe = RabbitMqProbe.builder(BROKER).queues(queue)
          .managementApi(MANAGEMENT).build();
      QueueReport r = probe.probe();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // the management API refreshes its statistics every few seconds
      while (!Long.valueOf(2).equals(r.queues().get(0).started())
          && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        r = probe.probe();
      }
      assertThat(r.queues()).containsExactly(new QueueReport.Queue(queue, 3L, null, null, 2L,
          null));
      assertThat(r.workers()).extracting(QueueReport.Worker::name).containsExactly(tag);

      QueueReport amqpOnly = RabbitMqProbe.builder(BROKER).queues(queue).build().probe();
      assertThat(amqpOnly.queues().get(0).size()).isEqualTo(3L);
      assertThat(amqpOnly.queues().get(0).started()).as("AMQP cannot tell").isNull();
      assertThat(amqpOnly.workers()).isEmpty();
      consume.basicCancel(tag);
    }
  }

  @Test
  void aMissingQueueAndAClosedPortAreErrorsWithoutThePassword() {
    requireBroker();
    assertThatThrownBy(() -> RabbitMqProbe.builder(BROKER).queues("runbook-no-such-queue")
        .build().probe()).hasMessageContaining("queue \"runbook-no-such-queue\" cannot be read")
        .hasMessageNotContaining("guest:guest");
    assertThatThrownBy(() -> RabbitMqProbe.builder(URI.create(
        "amqp://ops:hunter2secret@127.0.0.1:1/%2F")).queues("q").build().probe())
        .hasMessageContaining("127.0.0.1:1 cannot be reached")
        .hasMessageNotContaining("hunter2secret");
    assertThatThrownBy(() -> RabbitMqProbe.builder(URI.create("http://ops:hunter2secret@x")))
        .hasMessageNotContaining("hunter2secret");
  }
}
