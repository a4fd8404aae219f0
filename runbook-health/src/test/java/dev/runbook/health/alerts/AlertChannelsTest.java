package dev.runbook.health.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.core.Settings;
import dev.runbook.core.Status;
import dev.runbook.health.alerts.Alert.Severity;
import dev.runbook.health.mail.SmtpAlertChannel;
import dev.runbook.testkit.MutableClock;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channels against real servers on loopback: a JSON Lines file, a JDK HTTP server taking
 * webhooks, GreenMail taking SMTP.
 */
class AlertChannelsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  HttpServer http;
  GreenMail mail;

  @AfterEach
  void stop() {
    if (http != null) {
      http.stop(0);
    }
    if (mail != null) {
      mail.stop();
    }
  }

  /** A webhook receiver on loopback answering {@code status}; bodies land in {@code bodies}. */
  URI receiver(BlockingQueue<String> bodies, int status, CountDownLatch hold) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.createContext("/hook", exchange -> {
      try (exchange) {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (hold != null) {
          hold.await(30, TimeUnit.SECONDS);
        }
        exchange.sendResponseHeaders(status, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    http.start();
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
  }

  AlertEvent raised(String subject) {
    return new AlertEvent(AlertEvent.Type.RAISED, new Alert("job/" + subject, "job", subject,
        Severity.WARNING, "failed 3 times in a row", clock.instant(), clock.instant(), null));
  }

  @Test
  void theJsonLinesFileGetsOneWholeLinePerEvent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("alerts.jsonl");
    AlertBook book = AlertBook.builder().clock(clock).executor(Runnable::run)
        .channel("file", new JsonLinesAlertChannel(file), Severity.WARNING).build();
    book.observe("job", "overdue-reminders", Severity.WARNING, "failed 3 times in a row");
    clock.advance(Duration.ofMinutes(7));
    book.observe("job", "overdue-reminders", null, "ok");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(first.get("event").asText()).isEqualTo("raised");
    assertThat(first.get("key").asText()).isEqualTo("job/overdue-reminders");
    assertThat(second.get("event").asText()).isEqualTo("resolved");
    assertThat(second.get("resolved_at").asText()).isEqualTo("2026-12-01T03:07:00Z");
    assertThatThrownBy(() -> new JsonLinesAlertChannel(dir.resolve("no/such/alerts.jsonl")))
        .hasMessageContaining("does not exist; create it first");
  }

  @Test
  void theWebhookPostsGenericJsonAndSlackText() throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    URI url = receiver(bodies, 204, null);
    WebhookAlertChannel.builder(url).service("bibliotheca").build()
        .send(raised("overdue-reminders"));
    JsonNode generic = JSON.readTree(bodies.poll(10, TimeUnit.SECONDS));
    assertThat(generic.get("service").asText()).isEqualTo("bibliotheca");
    assertThat(generic.get("event").asText()).isEqualTo("raised");
    assertThat(generic.get("severity").asText()).isEqualTo("warning");

    WebhookAlertChannel.builder(url).format(WebhookAlertChannel.Format.SLACK)
        .service("bibliotheca").build().send(raised("overdue-reminders"));
    JsonNode slack = JSON.readTree(bodies.poll(10, TimeUnit.SECONDS));
    assertThat(slack.size()).isEqualTo(1);
    assertThat(slack.get("text").asText()).isEqualTo("bibliotheca: [WARNING]"
        + " job/overdue-reminders raised: failed 3 times in a row");
  }

  @Test
  void aFailingWebhookShowsInHealthWithoutItsUrl() throws Exception {
    URI url = receiver(new LinkedBlockingQueue<>(), 500, null);
    URI secret = URI.create(url + "/T000/B000/T0KEN-42");
    AlertBook book = AlertBook.builder().clock(clock).executor(Runnable::run)
        .channel("webhook", WebhookAlertChannel.builder(secret).build(), Severity.WARNING)
        .build();
    book.observe("check", "database", Severity.CRITICAL, "down");
    assertThat(book.failingChannels()).containsEntry("webhook", "webhook answered HTTP 500");
    assertThat(book.healthCheck().check().status()).isEqualTo(Status.DEGRADED);
    assertThat(book.healthCheck().check().toString()).doesNotContain("T0KEN-42");
    assertThatThrownBy(() -> WebhookAlertChannel.builder(URI.create("ftp://x.example/T0KEN-42")))
        .hasMessageNotContaining("T0KEN-42").hasMessageContaining("http:// or https://");
  }

  @Test
  void aHangingWebhookTimesOutOnItsOwnThreadWhileTheFileIsWritten(@TempDir Path dir)
      throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    URI url = receiver(bodies, 200, hold);
    Path file = dir.resolve("alerts.jsonl");
    CountDownLatch written = new CountDownLatch(1);
    JsonLinesAlertChannel lines = new JsonLinesAlertChannel(file);
    AlertBook book = AlertBook.builder().clock(clock)
        .channel("webhook", WebhookAlertChannel.builder(url).timeout(Duration.ofMillis(300))
            .build(), Severity.WARNING)
        .channel("file", e -> {
          lines.send(e);
          written.countDown();
        }, Severity.WARNING)
        .build();
    book.observe("circuit", "tmdb", Severity.WARNING, "open");
    assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bodies.poll(10, TimeUnit.SECONDS)).as("the webhook got the request").isNotNull();
    assertThat(Files.readAllLines(file)).hasSize(1);
    // the hung webhook times out and is then reported failing, while the hold lasts
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!book.failingChannels().containsKey("webhook") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(book.failingChannels().get("webhook")).contains("did not answer within 300 ms");
    hold.countDown();
  }

  @Test
  void mailGoesToARealSmtpServerAndAServerThatIsDownFailsTheChannel() throws Exception {
    int port = freePort();
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    SmtpAlertChannel channel = SmtpAlertChannel.fromSettings(Settings.of(Map.of(
        "ALERT_SMTP_HOST", "127.0.0.1", "ALERT_SMTP_PORT", Integer.toString(port),
        "ALERT_SMTP_SECURITY", "none", "ALERT_SMTP_FROM", "bibliotheca@example.org",
        "ALERT_SMTP_TO", "ops@example.org, oncall@example.org")), "bibliotheca").orElseThrow();
    AlertBook book = AlertBook.builder().clock(clock).executor(Runnable::run)
        .channel("email", channel, Severity.WARNING).build();
    book.observe("job", "overdue-reminders", Severity.WARNING, "failed 3 times in a row");
    assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
    MimeMessage message = mail.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo(
        "bibliotheca: [WARNING] job/overdue-reminders raised: failed 3 times in a row");
    assertThat(message.getContent().toString()).contains("key: job/overdue-reminders",
        "severity: warning");
    assertThat(message.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");

    mail.stop();
    mail = null;
    book.observe("job", "overdue-reminders", null, "ok");
    assertThat(book.failingChannels().get("email")).contains("mail to 127.0.0.1:" + port
        + " failed");
  }

  @Test
  void smtpSettingsAreCheckedAndThePasswordNeverShows() {
    assertThat(SmtpAlertChannel.fromSettings(Settings.of(Map.of()), "s")).isEmpty();
    assertThatThrownBy(() -> SmtpAlertChannel.fromSettings(Settings.of(Map.of(
        "ALERT_SMTP_HOST", "127.0.0.1", "ALERT_SMTP_FROM", "a@example.org")), "s"))
        .hasMessageContaining("ALERT_SMTP_TO");
    assertThatThrownBy(() -> SmtpAlertChannel.fromSettings(Settings.of(Map.of(
        "ALERT_SMTP_HOST", "127.0.0.1", "ALERT_SMTP_FROM", "a@example.org",
        "ALERT_SMTP_TO", "b@example.org", "ALERT_SMTP_PASWORD", "hunter2hunter2")), "s"))
        .hasMessageContaining("ALERT_SMTP_PASWORD is not a setting")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> SmtpAlertChannel.fromSettings(Settings.of(Map.of(
        "ALERT_SMTP_HOST", "127.0.0.1", "ALERT_SMTP_FROM", "not an address",
        "ALERT_SMTP_TO", "b@example.org")), "s"))
        .hasMessageContaining("ALERT_SMTP_FROM").hasMessageContaining("not an e-mail address");
    assertThatThrownBy(() -> SmtpAlertChannel.fromSettings(Settings.of(Map.of(
        "ALERT_SMTP_HOST", "127.0.0.1", "ALERT_SMTP_FROM", "a@example.org",
        "ALERT_SMTP_TO", "b@example.org", "ALERT_SMTP_USER", "ops")), "s"))
        .hasMessageContaining("ALERT_SMTP_USER and ALERT_SMTP_PASSWORD go together");
    SmtpAlertChannel withPassword = SmtpAlertChannel.fromSettings(Settings.of(Map.of(
        "ALERT_SMTP_HOST", "smtp.example.org", "ALERT_SMTP_FROM", "a@example.org",
        "ALERT_SMTP_TO", "b@example.org", "ALERT_SMTP_USER", "ops",
        "ALERT_SMTP_PASSWORD", "hunter2hunter2")), "s").orElseThrow();
    assertThat(withPassword.toString()).isEqualTo("smtp smtp.example.org:587");
  }

  @Test
  void alertSettingsBuildTheChannelsAndNameWhatIsWrong(@TempDir Path dir) throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    URI url = receiver(bodies, 200, null);
    AtomicInteger lines = new AtomicInteger();
    AlertBook book = AlertSettings.book(Settings.of(Map.of("ALERT_WEBHOOK_URL", url.toString(),
        "ALERT_WEBHOOK_FORMAT", "slack")), "svc", dir.resolve("alerts.jsonl"), clock);
    book.observe("check", "disk", Severity.WARNING, "91 % used");
    assertThat(JSON.readTree(bodies.poll(10, TimeUnit.SECONDS)).get("text").asText())
        .startsWith("svc: [WARNING] check/disk raised");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lines.get() == 0 && System.nanoTime() < deadline) {
      if (Files.exists(dir.resolve("alerts.jsonl"))) {
        lines.set(Files.readAllLines(dir.resolve("alerts.jsonl")).size());
      }
    }
    assertThat(lines.get()).isEqualTo(1);

    assertThatThrownBy(() -> AlertSettings.book(Settings.of(Map.of("ALERT_WEBHOOK_URL",
        "mailto:T0KEN-42@example.org")), "svc", null, clock))
        .hasMessageContaining("ALERT_WEBHOOK_URL").hasMessageNotContaining("T0KEN-42");
    assertThatThrownBy(() -> AlertSettings.book(Settings.of(Map.of("ALERT_WEBHOOK_FORMAT",
        "teams")), "svc", null, clock)).hasMessageContaining("ALERT_WEBHOOK_FORMAT \"teams\"");
    assertThatThrownBy(() -> AlertSettings.book(Settings.of(Map.of("ALERTS_FILE",
        dir.resolve("missing/alerts.jsonl").toString())), "svc", null, clock))
        .hasMessageContaining("ALERTS_FILE").hasMessageContaining("ALERTS_FILE=none");
    assertThat(AlertSettings.file(Settings.of(Map.of("ALERTS_FILE", "none")),
        dir.resolve("a.jsonl"))).isEmpty();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
