package dev.runbook.health.http;

import dev.runbook.health.internal.JsonLines;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of who was refused and who changed state: every refused details request (a
 * credential that was not accepted, a details-only route asked for without access), every refused
 * state change, and every accepted one. Plain status probes without a credential are not events:
 * they asked for the status and got it. Kept in memory up to a fixed number of events (oldest
 * dropped first) and, when built with a file, appended to it as JSON Lines as they happen; {@code
 * GET /health/audit} answers it to callers with a credential.
 */
public final class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  /** What an event records. */
  public enum Action {
    /** The request was refused. */
    DENIED,
    /** A state change was made. */
    ACCEPTED
  }

  /**
   * One audited request.
   *
   * @param client the client address the gate judged by, or {@code unknown}
   * @param proxy the direct peer when it forwarded the request, else null
   * @param route the request's method and path, control characters escaped
   * @param reason why, e.g. {@code no credential} or {@code reset jobs/nightly-backup}
   */
  public record Event(Instant at, Action action, String client, String proxy, String route,
      String reason) {

    /** The JSON form: {@code at, action, client, proxy, route, reason}. */
    public Map<String, Object> fields() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("at", at.toString());
      f.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
      f.put("client", client);
      f.put("proxy", proxy);
      f.put("route", route);
      f.put("reason", reason);
      return f;
    }
  }

  private final Clock clock;
  private final int capacity;
  private final JsonLines file;
  private final Deque<Event> events = new ArrayDeque<>(); // guarded by this

  private AuditTrail(Builder b) {
    this.clock = b.clock;
    this.capacity = b.capacity;
    this.file = b.file == null ? null : new JsonLines(b.file, "audit file");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Records one event now; a file that cannot be written is logged, the event still kept. */
  public void record(Action action, String client, String proxy, String route, String reason) {
    Event event = new Event(clock.instant(), action, client, proxy, route, reason);
    synchronized (this) {
      events.addFirst(event);
      while (events.size() > capacity) {
        events.removeLast();
      }
    }
    if (file != null) {
      try {
        file.append(event.fields());
      } catch (RuntimeException e) {
        log.atWarn().setMessage("audit_file_failed").addKeyValue("error", e.getMessage()).log();
      }
    }
  }

  /** The newest {@code limit} events, newest first; {@code action} null for all. */
  public synchronized List<Event> events(Action action, int limit) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (out.size() >= limit) {
        break;
      }
      if (action == null || e.action() == action) {
        out.add(e);
      }
    }
    return out;
  }

  public int capacity() {
    return capacity;
  }

  /** Configures an {@link AuditTrail}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int capacity = 1000;
    private Path file;

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How many events memory keeps; default 1000. */
    public Builder capacity(int capacity) {
      if (capacity < 1 || capacity > 1_000_000) {
        throw new IllegalArgumentException("audit capacity must be from 1 to 1000000, got "
            + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Also appends each event to {@code file} (its folder must exist). */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    public AuditTrail build() {
      return new AuditTrail(this);
    }
  }
}
