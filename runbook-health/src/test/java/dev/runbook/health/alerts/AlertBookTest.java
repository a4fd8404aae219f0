package dev.runbook.health.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.health.alerts.Alert.Severity;
import dev.runbook.health.alerts.AlertEvent.Type;
import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Raise, dedupe, re-notify, escalate and resolve, with the injected clock. */
class AlertBookTest {

  final MutableClock clock = MutableClock.at("2026-12-01T03:00:00Z");
  final List<AlertEvent> sent = new CopyOnWriteArrayList<>();

  AlertBook book(AlertChannel... extra) {
    AlertBook.Builder b = AlertBook.builder().clock(clock).renotifyAfter(Duration.ofHours(1))
        .executor(Runnable::run).channel("record", sent::add, Severity.WARNING);
    for (int i = 0; i < extra.length; i++) {
      b.channel("extra-" + i, extra[i], Severity.WARNING);
    }
    return b.build();
  }

  List<Type> types() {
    return sent.stream().map(AlertEvent::type).toList();
  }

  @Test
  void oneAlertPerConditionReNotifiedEscalatedAndResolved() {
    AlertBook alerts = book();
    alerts.observe("job", "overdue-reminders", Severity.WARNING, "3 failures in a row");
    alerts.observe("job", "overdue-reminders", Severity.WARNING, "4 failures in a row");
    clock.advance(Duration.ofMinutes(30));
    alerts.observe("job", "overdue-reminders", Severity.WARNING, "5 failures in a row");
    assertThat(types()).containsExactly(Type.RAISED);
    assertThat(alerts.active()).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("job/overdue-reminders");
      assertThat(a.reason()).isEqualTo("5 failures in a row");
    });

    clock.advance(Duration.ofMinutes(30));
    alerts.observe("job", "overdue-reminders", Severity.WARNING, "6 failures in a row");
    assertThat(types()).containsExactly(Type.RAISED, Type.RENOTIFIED);

    alerts.observe("job", "overdue-reminders", Severity.CRITICAL, "critical job failing");
    assertThat(types()).endsWith(Type.ESCALATED);

    clock.advance(Duration.ofMinutes(5));
    alerts.observe("job", "overdue-reminders", null, null);
    assertThat(types()).endsWith(Type.RESOLVED);
    assertThat(alerts.active()).isEmpty();
    assertThat(alerts.history()).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.raisedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(65)));
      assertThat(a.resolvedAt()).isEqualTo(clock.instant());
    });
    alerts.observe("job", "overdue-reminders", null, null);
    assertThat(sent).hasSize(4);
  }

  @Test
  void aChannelOnlyHearsItsSeverityAndAFailingOneShowsInHealth() throws Exception {
    List<AlertEvent> pager = new CopyOnWriteArrayList<>();
    AlertBook alerts = AlertBook.builder().clock(clock).executor(Runnable::run)
        .channel("pager", pager::add, Severity.CRITICAL)
        .channel("broken", e -> {
          throw new IllegalStateException("SMTP 421 at mail.example.net");
        }, Severity.WARNING)
        .build();
    alerts.observe("check", "email", Severity.WARNING, "provider slow");
    assertThat(pager).isEmpty();
    assertThat(alerts.healthCheck().check().status()).isEqualTo(Status.DEGRADED);
    assertThat(alerts.failingChannels()).containsKey("broken");
    alerts.observe("check", "database", Severity.CRITICAL, "connection refused");
    assertThat(pager).extracting(e -> e.alert().key()).containsExactly("check/database");
  }

  @Test
  void aHungChannelNeitherBlocksTheCallerNorTheOtherChannels() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch heard = new CountDownLatch(1);
    AlertBook alerts = AlertBook.builder().clock(clock)
        .channel("webhook", e -> {
          hung.countDown();
          release.await();
        }, Severity.WARNING)
        .channel("file", e -> heard.countDown(), Severity.WARNING)
        .build();
    alerts.observe("circuit", "tmdb", Severity.WARNING, "open for 60 s");
    assertThat(hung.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(heard.await(10, TimeUnit.SECONDS)).as("the file channel is not held up").isTrue();
    alerts.observe("circuit", "tmdb", null, null); // returns while the webhook still hangs
    assertThat(alerts.active()).isEmpty();
    release.countDown();
  }
}
