package dev.runbook.health.sources;

import dev.runbook.core.Redactor;
import dev.runbook.health.jobs.JobSkipped;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external source behind its own resilience4j {@link CircuitBreaker}.
 *
 * <p>Why not just resilience4j: it has no public way to read how long an open circuit will stay
 * open, and it cannot open a circuit for the time a source asked in {@code Retry-After}. So this
 * class keeps the end of the cooldown itself, on the same injected clock, and drives the
 * open-to-half-open step when that instant comes: the circuit lets trial calls through exactly
 * when {@link #cooldownRemaining()} reaches zero, after a failure-rate opening, a Retry-After
 * opening, or a failed trial call alike. Outcomes are recorded under a per-source lock so the
 * cooldown and the log line of an opening always agree; the call itself runs outside it.
 *
 * <pre>{@code
 * IngestionSource tmdb = sources.register("tmdb");
 * Movie m = tmdb.call("search", () -> client.search(title));   // SourceUnavailableException if open
 * }</pre>
 */
public final class IngestionSource {

  static final Logger log = LoggerFactory.getLogger(IngestionSources.class);

  private final String name;
  private final SourcePolicy policy;
  private final CircuitBreaker circuit;
  private final Clock clock;
  private final Redactor redactor;
  private final FailureClassifier classifier;
  private final SourceIssues issues;
  private final List<SourceListener> listeners;
  private final Object lock = new Object();

  // Guarded by lock.
  private Instant openUntil;
  private Instant pendingOpenUntil;
  private FailureReason lastReason;
  private volatile String lastError;
  private volatile Instant lastFailureAt;
  private volatile Instant lastSuccessAt;

  IngestionSource(String name, SourcePolicy policy, Clock clock, Redactor redactor,
      FailureClassifier classifier, SourceIssues issues, List<SourceListener> listeners) {
    this.name = name;
    this.policy = policy;
    this.clock = clock;
    this.redactor = redactor;
    this.classifier = classifier;
    this.issues = issues;
    this.listeners = listeners;
    this.circuit = CircuitBreaker.of(name, policy.toConfig(clock));
    circuit.getEventPublisher().onStateTransition(this::onTransition);
  }

  public String name() {
    return name;
  }

  public SourcePolicy policy() {
    return policy;
  }

  /**
   * For a scheduled job that works through this source: while the circuit is open, ends the run
   * as skipped (neither a failure nor a success) with the time left, so a job does not fail for
   * an outage the circuit already reports. Call it first in the job's task.
   *
   * <pre>{@code
   * jobs.scheduleAtFixedRate("overdue-reminders", () -> {
   *   email.skipWhileOpen();
   *   mailer.deliver();
   * }, Duration.ZERO, Duration.ofHours(1), JobPolicy.defaults());
   * }</pre>
   *
   * @throws JobSkipped while the circuit is open
   */
  public void skipWhileOpen() {
    if (state() == CircuitState.OPEN) {
      throw new JobSkipped(name + "'s circuit is open for " + ceilSeconds(cooldownRemaining())
          + " s more");
    }
  }

  /**
   * Calls the source, recording the outcome with its classified reason. What {@code task}
   * throws is rethrown unchanged after it is recorded.
   *
   * @throws SourceUnavailableException at once, without calling {@code task}, while the
   *     circuit refuses calls
   */
  public <T> T call(String operation, Callable<T> task) throws Exception {
    if (operation == null || operation.isBlank()) {
      throw new IllegalArgumentException("operation must name what the call does, e.g. \"search\"");
    }
    Objects.requireNonNull(task, "task must not be null");
    acquire(operation);
    Instant start = clock.instant();
    T value;
    try {
      value = task.call();
    } catch (Exception | Error e) {
      failed(operation, e, Duration.between(start, clock.instant()));
      throw e;
    }
    Instant end = clock.instant();
    succeeded(operation, Duration.between(start, end), end);
    return value;
  }

  /** The circuit's state now; an open circuit whose cooldown has ended reads as half-open. */
  public CircuitState state() {
    CircuitState state = CircuitState.of(circuit.getState());
    if (state == CircuitState.OPEN && cooldownRemaining().isZero()) {
      return CircuitState.HALF_OPEN;
    }
    return state;
  }

  /** Exactly how long the circuit stays open; zero unless it is open. */
  public Duration cooldownRemaining() {
    synchronized (lock) {
      if (circuit.getState() != CircuitBreaker.State.OPEN || openUntil == null) {
        return Duration.ZERO;
      }
      Duration left = Duration.between(clock.instant(), openUntil);
      return left.isNegative() ? Duration.ZERO : left;
    }
  }

  /** A snapshot for the {@code ingestion} section. */
  public SourceState snapshot() {
    CircuitBreaker.Metrics m = circuit.getMetrics();
    float rate = m.getFailureRate();
    return new SourceState(name, state(), cooldownRemaining(), rate < 0 ? null : rate,
        m.getNumberOfBufferedCalls(), m.getNumberOfNotPermittedCalls(), lastError, lastFailureAt,
        lastSuccessAt, policy.critical());
  }

  /** Closes the circuit and forgets its window and issues; last error and times stay. */
  public void reset() {
    synchronized (lock) {
      circuit.reset();
      openUntil = null;
    }
    issues.clearSource(name);
    log.atInfo().setMessage("ingestion_circuit_reset").addKeyValue("source", name).log();
  }

  private void acquire(String operation) {
    if (circuit.getState() == CircuitBreaker.State.OPEN) {
      synchronized (lock) {
        if (circuit.getState() == CircuitBreaker.State.OPEN && openUntil != null
            && !clock.instant().isBefore(openUntil)) {
          circuit.transitionToHalfOpenState();
        }
      }
    }
    if (!circuit.tryAcquirePermission()) {
      CircuitState state = CircuitState.of(circuit.getState());
      Duration remaining = cooldownRemaining();
      publish(new SourceCallEvent(name, operation, SourceOutcome.REJECTED, null, Duration.ZERO));
      throw new SourceUnavailableException(name, state, remaining);
    }
  }

  private void succeeded(String operation, Duration duration, Instant end) {
    lastSuccessAt = end;
    // Under the lock like failures: a success can also open the circuit (failure rate reached
    // with this call, or slow calls), and the opening must not interleave with a failure's.
    synchronized (lock) {
      circuit.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
    }
    issues.clear(name, operation);
    publish(new SourceCallEvent(name, operation, SourceOutcome.SUCCESS, null, duration));
  }

  private void failed(String operation, Throwable error, Duration duration) {
    FailureReason reason = classify(error);
    String message = redactor.redact(error);
    Instant now = clock.instant();
    boolean ignored = policy.ignoredReasons().contains(reason);
    log.atWarn().setMessage("ingestion_failure").addKeyValue("source", name)
        .addKeyValue("operation", operation).addKeyValue("reason", reason.wireName())
        .addKeyValue("error", message).log();
    lastError = message;
    lastFailureAt = now;
    issues.record(new SourceIssue(name, operation, reason, message, now));
    synchronized (lock) {
      lastReason = reason;
      Duration asked = ignored ? null : askedPause(reason, error, now);
      Instant until = asked == null ? null : now.plus(asked);
      CircuitBreaker.State before = circuit.getState();
      // Set before recording: if this failure opens the circuit, the opening uses it.
      pendingOpenUntil = until;
      try {
        if (ignored) {
          circuit.releasePermission();
        } else {
          circuit.onError(duration.toNanos(), TimeUnit.NANOSECONDS, error);
        }
        CircuitBreaker.State after = circuit.getState();
        boolean openLonger = before == CircuitBreaker.State.OPEN
            && after == CircuitBreaker.State.OPEN && openUntil != null
            && !openUntil.isBefore(until == null ? now : until);
        boolean movable = after == CircuitBreaker.State.CLOSED
            || after == CircuitBreaker.State.OPEN || after == CircuitBreaker.State.HALF_OPEN;
        if (until != null && movable && !openLonger) {
          // Also when onError just opened it: resilience4j's own deadline is now + cooldown.
          circuit.transitionToOpenStateUntil(until);
          // Open to open publishes no transition event, so set the end here too.
          openUntil = until;
        }
      } finally {
        pendingOpenUntil = null;
      }
    }
    publish(new SourceCallEvent(name, operation,
        ignored ? SourceOutcome.IGNORED : SourceOutcome.FAILURE, reason, duration));
  }

  /**
   * How long the source asked us to stay away: its {@code Retry-After} on a 429 or 5xx (capped
   * at the policy's maximum), or the cooldown for a 429 without one; null otherwise.
   */
  private Duration askedPause(FailureReason reason, Throwable error, Instant now) {
    if (reason != FailureReason.RATE_LIMITED && reason != FailureReason.HTTP_5XX) {
      return null;
    }
    Duration asked = null;
    for (Throwable t = error; t != null && asked == null; t = t.getCause()) {
      if (t instanceof SourceException s && s.retryAfter().isPresent()) {
        asked = parseRetryAfter(s.retryAfter().get(), now);
      }
    }
    if (asked == null) {
      return reason == FailureReason.RATE_LIMITED ? policy.cooldown() : null;
    }
    return asked.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : asked;
  }

  /** Delta-seconds or an HTTP date; null when unreadable or already past. */
  static Duration parseRetryAfter(String header, Instant now) {
    String v = header.trim();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      try {
        long seconds = Long.parseLong(v);
        return seconds == 0 ? null : Duration.ofSeconds(seconds);
      } catch (NumberFormatException tooLong) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
      }
    }
    try {
      Instant at = DateTimeFormatter.RFC_1123_DATE_TIME.parse(v, Instant::from);
      Duration left = Duration.between(now, at);
      return left.isNegative() || left.isZero() ? null : left;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private FailureReason classify(Throwable error) {
    FailureReason reason = null;
    try {
      reason = classifier.classify(error);
    } catch (RuntimeException e) {
      log.atWarn().setMessage("ingestion_classifier_failed").addKeyValue("source", name)
          .addKeyValue("error", redactor.redact(e)).log();
    }
    return reason != null ? reason : StandardClassifier.classifyChain(error);
  }

  private void onTransition(CircuitBreakerOnStateTransitionEvent event) {
    CircuitBreaker.State from = event.getStateTransition().getFromState();
    CircuitBreaker.State to = event.getStateTransition().getToState();
    Instant now = clock.instant();
    synchronized (lock) {
      if (to == CircuitBreaker.State.OPEN) {
        openUntil = pendingOpenUntil != null ? pendingOpenUntil : now.plus(policy.cooldown());
        if (from != CircuitBreaker.State.OPEN) {
          log.atError().setMessage("ingestion_circuit_open").addKeyValue("source", name)
              .addKeyValue("cooldown_remaining_s", ceilSeconds(Duration.between(now, openUntil)))
              .addKeyValue("reason", lastReason == null ? null : lastReason.wireName())
              .addKeyValue("last_error", lastError).log();
        }
        return;
      }
      openUntil = null;
    }
    if (to == CircuitBreaker.State.HALF_OPEN) {
      log.atInfo().setMessage("ingestion_circuit_half_open").addKeyValue("source", name).log();
    } else if (to == CircuitBreaker.State.CLOSED && from != CircuitBreaker.State.CLOSED) {
      issues.clearSource(name);
      log.atInfo().setMessage("ingestion_circuit_closed").addKeyValue("source", name).log();
    }
  }

  private void publish(SourceCallEvent event) {
    for (SourceListener listener : listeners) {
      try {
        listener.onCall(event);
      } catch (RuntimeException e) {
        log.atWarn().setMessage("ingestion_listener_failed").addKeyValue("source", name)
            .addKeyValue("error", redactor.redact(e)).log();
      }
    }
  }

  /** Whole seconds, rounded up: 0.2 s is 1, as a Retry-After must not be early. */
  static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds();
    return d.getNano() > 0 ? seconds + 1 : seconds;
  }
}
