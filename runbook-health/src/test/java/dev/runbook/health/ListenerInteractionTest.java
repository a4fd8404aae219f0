package dev.runbook.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.health.jobs.JobListener;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobOutcome;
import dev.runbook.health.jobs.JobRunEvent;
import dev.runbook.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** Listeners are told once per change of state, in order, and a failing one harms nothing. */
class ListenerInteractionTest {

  private final MutableClock clock = MutableClock.at("2026-11-22T03:15:00Z");

  @Test
  void shouldTellAStatusListenerOncePerChangeAndNeverForARepeat() {
    StatusListener listener = mock(StatusListener.class);
    Deque<CheckResult> results = new ArrayDeque<>();
    results.add(CheckResult.ok());
    results.add(CheckResult.down("connection refused"));
    results.add(CheckResult.down("connection refused"));
    results.add(CheckResult.degraded("slow"));
    results.add(CheckResult.ok());
    results.add(CheckResult.ok());
    try (HealthRegistry registry = HealthRegistry.builder().clock(clock).listener(listener)
        .build()) {
      registry.register("database", results::poll,
          CheckOptions.builder().ttl(Duration.ZERO).build());

      for (int i = 0; i < 6; i++) {
        registry.report("readiness");
        clock.advance(Duration.ofSeconds(1));
      }

      ArgumentCaptor<StatusChange> changes = ArgumentCaptor.forClass(StatusChange.class);
      verify(listener, timeout(10_000).times(3)).onStatusChange(changes.capture());
      verifyNoMoreInteractions(listener);
      assertThat(changes.getAllValues()).extracting(StatusChange::to)
          .containsExactly(Status.DOWN, Status.DEGRADED, Status.OK);
      assertThat(changes.getAllValues().get(0).from()).contains(Status.OK);
      assertThat(changes.getAllValues().get(0).error()).contains("connection refused");
    }
  }

  @Test
  void shouldKeepTellingTheOtherListenersWhenOneThrows() {
    StatusListener failing = mock(StatusListener.class);
    StatusListener healthy = mock(StatusListener.class);
    doThrow(new IllegalStateException("webhook down")).when(failing).onStatusChange(any());
    try (HealthRegistry registry = HealthRegistry.builder().clock(clock).listener(failing)
        .listener(healthy).build()) {
      registry.register("database", () -> CheckResult.down("refused"));

      assertThat(registry.report("readiness").status()).isEqualTo(Status.DOWN);

      InOrder order = inOrder(failing, healthy);
      order.verify(failing, timeout(10_000)).onStatusChange(any());
      order.verify(healthy, timeout(10_000)).onStatusChange(any());
    }
  }

  @Test
  void shouldTellAJobListenerOncePerFinishedRunWithItsOutcome() {
    JobListener listener = mock(JobListener.class);
    try (JobMonitor jobs = JobMonitor.builder().clock(clock).build()) {
      jobs.addListener(listener);

      jobs.run("reminders", () -> clock.advance(Duration.ofSeconds(2)));
      var run = jobs.start("reminders");
      run.failed(new IllegalStateException("smtp refused"));
      run.succeeded(); // a second outcome of the same run is ignored

      ArgumentCaptor<JobRunEvent> events = ArgumentCaptor.forClass(JobRunEvent.class);
      verify(listener, times(2)).onRunFinished(events.capture());
      verifyNoMoreInteractions(listener);
      assertThat(events.getAllValues()).extracting(JobRunEvent::outcome)
          .containsExactly(JobOutcome.SUCCESS, JobOutcome.FAILURE);
      assertThat(events.getAllValues().get(0).duration()).isEqualTo(Duration.ofSeconds(2));
      assertThat(events.getAllValues().get(1).consecutiveFailures()).isEqualTo(1);
    }
  }

  @Test
  void shouldHandOutCollectionsThatCannotBeChanged() {
    try (JobMonitor jobs = JobMonitor.builder().clock(clock).build()) {
      jobs.run("reminders", () -> { });
      var sources = dev.runbook.health.sources.IngestionSources.builder().clock(clock).build();
      sources.register("tmdb");

      assertThatThrownBy(() -> jobs.states().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> jobs.states().get(0).details().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> sources.sources().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> sources.issues().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> sources.source("tmdb").snapshot().details().clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
