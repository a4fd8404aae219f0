package dev.runbook.health;

import dev.runbook.core.Status;
import dev.runbook.health.internal.Arguments;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the registry runs one check: its groups, whether it is critical, its timeout, how long a
 * result is reused, and whether it runs on demand or in the background.
 *
 * <ul>
 *   <li>groups: {@code liveness} ({@code /ping}), {@code readiness} ({@code /health}), {@code
 *       startup}, or custom names served at {@code /health/{group}}; default {@code readiness}.
 *   <li>critical (default true): a failing non-critical check makes its group {@code degraded},
 *       never {@code down}.
 *   <li>timeout (default 2 s): a check that has not answered by then is reported failed with
 *       {@code timed_out: true}; its run goes on in the background and its result is cached.
 *   <li>ttl (default 1 s): how long an on-demand result is served from cache. Concurrent requests
 *       always share one run, whatever the ttl.
 *   <li>mode: on demand (run when asked) or {@link Builder#background(Duration) background} (run
 *       every interval; requests read the last result and never wait). Before its first run a
 *       background check reports its {@link Builder#initialStatus initial status}, {@code down}
 *       unless set, because readiness has not been shown yet.
 * </ul>
 *
 * <pre>{@code
 * CheckOptions.builder().groups("readiness", "db").critical(false).timeout(Duration.ofSeconds(1))
 *     .build();
 * CheckOptions.builder().background(Duration.ofMinutes(1)).initialStatus(Status.OK).build();
 * }</pre>
 */
public final class CheckOptions {

  public static final String LIVENESS = "liveness";
  public static final String READINESS = "readiness";
  public static final String STARTUP = "startup";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

  private static final CheckOptions DEFAULTS = builder().build();

  private final Set<String> groups;
  private final boolean critical;
  private final Duration timeout;
  private final Duration ttl;
  private final Duration interval;
  private final Status initialStatus;

  private CheckOptions(Builder b) {
    this.groups = Collections.unmodifiableSet(new LinkedHashSet<>(b.groups));
    this.critical = b.critical;
    this.timeout = b.timeout;
    this.ttl = b.ttl;
    this.interval = b.interval;
    this.initialStatus = b.initialStatus == null ? Status.DOWN : b.initialStatus;
  }

  /** Readiness group, critical, 2 s timeout, 1 s ttl, on demand. */
  public static CheckOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<String> groups() {
    return groups;
  }

  public boolean critical() {
    return critical;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration ttl() {
    return ttl;
  }

  /** True when the check runs every {@link #interval()} rather than when asked. */
  public boolean background() {
    return interval != null;
  }

  /** The background interval; null for on-demand checks. */
  public Duration interval() {
    return interval;
  }

  /** What a background check reports before its first run. */
  public Status initialStatus() {
    return initialStatus;
  }

  @Override
  public String toString() {
    return "CheckOptions{groups=" + groups + ", critical=" + critical + ", timeout=" + timeout
        + ", ttl=" + ttl + (interval == null ? ", on demand" : ", every " + interval) + "}";
  }

  /** Builds {@link CheckOptions}; each value is checked when it is set. */
  public static final class Builder {
    private final Set<String> groups = new LinkedHashSet<>();
    private boolean critical = true;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration ttl = DEFAULT_TTL;
    private Duration interval;
    private Status initialStatus;

    private Builder() {}

    /** The groups the check belongs to; replaces the default {@code readiness}. */
    public Builder groups(String... names) {
      Objects.requireNonNull(names, "groups must not be null");
      if (names.length == 0) {
        throw new IllegalArgumentException(
            "groups must name at least one group, e.g. \"readiness\"");
      }
      groups.clear();
      for (String name : names) {
        groups.add(Names.requireValid(name, "group"));
      }
      return this;
    }

    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.positive(timeout, "timeout");
      return this;
    }

    /** How long an on-demand result is reused; zero runs the check on every request. */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl must not be null");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("ttl " + ttl + " is negative; use zero or more");
      }
      this.ttl = ttl;
      return this;
    }

    /** Run the check every {@code interval} in the background instead of on demand. */
    public Builder background(Duration interval) {
      this.interval = Arguments.positive(interval, "background interval");
      return this;
    }

    /** What a background check reports before its first run completes; default down. */
    public Builder initialStatus(Status status) {
      this.initialStatus = Objects.requireNonNull(status, "initialStatus must not be null");
      return this;
    }

    /**
     * @throws IllegalStateException if an initial status is set for an on-demand check, which
     *     never reports one
     */
    public CheckOptions build() {
      if (initialStatus != null && interval == null) {
        throw new IllegalStateException(
            "initialStatus(" + initialStatus + ") applies only to background checks; call"
                + " background(interval) or drop initialStatus");
      }
      if (groups.isEmpty()) {
        groups.add(READINESS);
      }
      return new CheckOptions(this);
    }
  }
}
