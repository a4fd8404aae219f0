package dev.runbook.health.alerts;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The alert lifecycle: {@link #observe} is told each condition's current severity (or that it is
 * fine); the book raises an alert when a condition turns warning or critical, keeps one alert per
 * condition while it lasts (deduplicated), tells the channels again after {@link
 * Builder#renotifyAfter} and when the severity rises, and resolves it when the condition
 * recovers. Resolved alerts stay in a bounded history.
 *
 * <p>Channels are told on the book's executor, never on the caller's thread, so a slow or failing
 * channel never blocks the service nor another channel; a channel that failed its last send is
 * named by {@link #healthCheck()}.
 */
public final class AlertBook {

  private final Clock clock;
  private final Duration renotifyAfter;
  private final int historySize;
  private final Map<String, Executor> executors;
  private final Redactor redactor;
  private final Map<String, AlertChannel> channels;
  private final Map<String, Alert.Severity> minimum;
  private final Map<String, Alert> active = new LinkedHashMap<>(); // guarded by this
  private final Deque<Alert> history = new ArrayDeque<>(); // guarded by this
  private final Map<String, String> failing = new ConcurrentHashMap<>();

  private AlertBook(Builder b) {
    this.clock = b.clock;
    this.renotifyAfter = b.renotifyAfter;
    this.historySize = b.historySize;
    Map<String, Executor> e = new LinkedHashMap<>();
    for (String name : b.channels.keySet()) {
      e.put(name, b.executor != null ? b.executor : ownThread(name));
    }
    this.executors = Map.copyOf(e);
    this.redactor = b.redactor;
    this.channels = Map.copyOf(b.channels);
    this.minimum = Map.copyOf(b.minimum);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static Executor ownThread(String channel) {
    return new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1000),
        r -> {
          Thread t = new Thread(r, "runbook-alerts-" + channel);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * The current state of one condition: {@code severity} null means it is fine (resolving its
   * alert if one is active).
   */
  public void observe(String source, String subject, Alert.Severity severity, String reason) {
    String key = source + "/" + subject;
    Instant now = clock.instant();
    AlertEvent event;
    synchronized (this) {
      Alert current = active.get(key);
      if (severity == null) {
        if (current == null) {
          return;
        }
        Alert resolved = new Alert(key, source, subject, current.severity(), current.reason(),
            current.raisedAt(), now, now);
        active.remove(key);
        history.addFirst(resolved);
        while (history.size() > historySize) {
          history.removeLast();
        }
        event = new AlertEvent(AlertEvent.Type.RESOLVED, resolved);
      } else if (current == null) {
        Alert raised = new Alert(key, source, subject, severity, reason, now, now, null);
        active.put(key, raised);
        event = new AlertEvent(AlertEvent.Type.RAISED, raised);
      } else if (severity.compareTo(current.severity()) > 0) {
        Alert escalated = new Alert(key, source, subject, severity, reason, current.raisedAt(),
            now, null);
        active.put(key, escalated);
        event = new AlertEvent(AlertEvent.Type.ESCALATED, escalated);
      } else if (!now.isBefore(current.notifiedAt().plus(renotifyAfter))) {
        Alert again = new Alert(key, source, subject, severity, reason, current.raisedAt(), now,
            null);
        active.put(key, again);
        event = new AlertEvent(AlertEvent.Type.RENOTIFIED, again);
      } else {
        // the same condition, still within the re-notify interval: one alert, no message; a
        // lower severity keeps the alert at its highest until it resolves
        active.put(key, new Alert(key, source, subject, current.severity(), reason,
            current.raisedAt(), current.notifiedAt(), null));
        return;
      }
    }
    dispatch(event);
  }

  private void dispatch(AlertEvent event) {
    for (Map.Entry<String, AlertChannel> channel : channels.entrySet()) {
      Alert.Severity floor = minimum.get(channel.getKey());
      if (event.alert().severity().compareTo(floor) < 0) {
        continue;
      }
      try {
        executors.get(channel.getKey()).execute(() -> {
          try {
            channel.getValue().send(event);
            failing.remove(channel.getKey());
          } catch (Exception e) {
            failing.put(channel.getKey(), redactor.redact(e));
          }
        });
      } catch (RejectedExecutionException e) {
        failing.put(channel.getKey(), "queue full: the channel is not keeping up; "
            + event.alert().key() + " was not sent");
      }
    }
  }

  /** The active alerts, oldest first. */
  public synchronized List<Alert> active() {
    return List.copyOf(active.values());
  }

  /** The resolved alerts, newest first, at most the history size. */
  public synchronized List<Alert> history() {
    return List.copyOf(history);
  }

  /** Channels whose last send failed, with the error. */
  public Map<String, String> failingChannels() {
    return Map.copyOf(failing);
  }

  /**
   * {@code alerts}: the active alerts, and {@code degraded} while a channel's last send failed (an
   * alert that cannot be delivered is itself worth knowing).
   */
  public HealthCheck healthCheck() {
    return () -> {
      Map<String, Object> details = new LinkedHashMap<>();
      List<String> keys = new ArrayList<>();
      active().forEach(a -> keys.add(a.key() + " " + a.severity().name().toLowerCase()));
      details.put("active", keys);
      details.put("failing_channels", failingChannels());
      return failing.isEmpty() ? CheckResult.ok(details)
          : CheckResult.degraded("alert channel failing: " + String.join(", ",
              failing.keySet())).withDetails(details);
    };
  }

  /** Configures an {@link AlertBook}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration renotifyAfter = Duration.ofHours(4);
    private int historySize = 200;
    private Executor executor;
    private Redactor redactor = Redactor.defaults();
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
    private final Map<String, Alert.Severity> minimum = new LinkedHashMap<>();

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long an active alert waits before channels are told again; default 4 h. */
    public Builder renotifyAfter(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("renotifyAfter must be positive, got " + interval);
      }
      this.renotifyAfter = interval;
      return this;
    }

    /** How many resolved alerts are kept; default 200. */
    public Builder historySize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("historySize must be at least 1, got " + size);
      }
      this.historySize = size;
      return this;
    }

    /**
     * Where every channel runs; by default each channel has a daemon thread of its own with a
     * queue of 1000 sends (a full queue drops the send and marks the channel failing), so a hung
     * channel delays no other.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** Adds a channel told of alerts at {@code minimum} or above (e-mail: WARNING). */
    public Builder channel(String name, AlertChannel channel, Alert.Severity minimum) {
      this.channels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(channel));
      this.minimum.put(name, Objects.requireNonNull(minimum, "minimum"));
      return this;
    }

    public AlertBook build() {
      return new AlertBook(this);
    }
  }
}
