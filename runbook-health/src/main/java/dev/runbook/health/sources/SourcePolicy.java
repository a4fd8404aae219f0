package dev.runbook.health.sources;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.health.internal.Arguments;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one source's circuit behaves: it opens when, of the last {@code window} calls (or the calls
 * of the last {@code window} seconds), at least {@code minimumCalls} were made and {@code
 * failureRate} percent failed (or {@code slowCallRate} percent took longer than {@code
 * slowCall}); it stays open for {@code cooldown}, then lets {@code halfOpenCalls} trial calls
 * through. A {@code Retry-After} opens it for the time the source asked, up to {@code
 * maxRetryAfter}. Failures whose reason is in {@code ignoredReasons} (default: client_error) do
 * not count. A critical source that is open takes the {@code ingestion} section down.
 *
 * <p>Defaults: failure rate 50 %, minimum 5 calls, a window of the last 10 calls, cooldown 60 s,
 * 2 half-open calls, slow calls not judged, max Retry-After 1 h, not critical.
 *
 * <p>{@link #fromSettings} reads {@code SOURCE_<FIELD>} for every source and {@code
 * SOURCE_<NAME>_<FIELD>} for one (name upper-cased, '-' and '.' as '_'); the latter wins.
 * Fields: {@code FAILURE_RATE}, {@code MINIMUM_CALLS}, {@code WINDOW} (a count such as {@code
 * 20}, or a duration such as {@code 60s} for a time window), {@code COOLDOWN}, {@code
 * HALF_OPEN_CALLS}, {@code SLOW_CALL}, {@code SLOW_CALL_RATE}, {@code MAX_RETRY_AFTER}, {@code
 * CRITICAL}. Example: {@code SOURCE_TMDB_COOLDOWN=2m}.
 */
public final class SourcePolicy {

  private static final SourcePolicy DEFAULTS = builder().build();

  private final float failureRate;
  private final int minimumCalls;
  private final int window;
  private final boolean timeWindow;
  private final Duration cooldown;
  private final int halfOpenCalls;
  private final Duration slowCall;
  private final float slowCallRate;
  private final Duration maxRetryAfter;
  private final boolean critical;
  private final Set<FailureReason> ignoredReasons;

  private SourcePolicy(Builder b) {
    this.failureRate = b.failureRate;
    this.minimumCalls = b.minimumCalls;
    this.window = b.window;
    this.timeWindow = b.timeWindow;
    this.cooldown = b.cooldown;
    this.halfOpenCalls = b.halfOpenCalls;
    this.slowCall = b.slowCall;
    this.slowCallRate = b.slowCallRate;
    this.maxRetryAfter = b.maxRetryAfter;
    this.critical = b.critical;
    this.ignoredReasons = Set.copyOf(b.ignoredReasons);
  }

  public static SourcePolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.failureRate = failureRate;
    b.minimumCalls = minimumCalls;
    b.window = window;
    b.timeWindow = timeWindow;
    b.cooldown = cooldown;
    b.halfOpenCalls = halfOpenCalls;
    b.slowCall = slowCall;
    b.slowCallRate = slowCallRate;
    b.maxRetryAfter = maxRetryAfter;
    b.critical = critical;
    b.ignoredReasons = EnumSet.noneOf(FailureReason.class);
    b.ignoredReasons.addAll(ignoredReasons);
    return b;
  }

  /** The settings a policy reads, after {@code SOURCE_} or {@code SOURCE_<NAME>_}. */
  static final List<String> FIELDS = List.of("FAILURE_RATE", "MINIMUM_CALLS", "WINDOW",
      "COOLDOWN", "HALF_OPEN_CALLS", "SLOW_CALL", "SLOW_CALL_RATE", "MAX_RETRY_AFTER", "CRITICAL");

  /**
   * Refuses every {@code SOURCE_*} setting that no source reads, so a typo such as {@code
   * SOURCE_EMAL_COOLDOWN} or a source the service does not have ({@code SOURCE_NETFLIX_COOLDOWN})
   * stops start-up instead of being silently ignored; then reads each source's policy, so a bad
   * value stops it too. Call it with every source the service will register, before anything
   * starts.
   *
   * @throws SettingsException naming the setting, the known sources and the known fields
   */
  public static void checkSettings(Settings settings, Collection<String> sources) {
    Objects.requireNonNull(settings, "settings must not be null");
    Set<String> allowed = new HashSet<>();
    for (String field : FIELDS) {
      allowed.add("SOURCE_" + field);
      for (String source : sources) {
        allowed.add(prefix(source) + field);
      }
    }
    for (String name : settings.namesStartingWith("SOURCE_")) {
      if (!allowed.contains(name)) {
        throw new SettingsException(name, "Setting " + name + " is read by no source; the sources"
            + " are " + String.join(", ", sources) + ", and each reads SOURCE_<NAME>_<FIELD> (or"
            + " SOURCE_<FIELD> for all) with FIELD one of " + String.join(", ", FIELDS)
            + "; fix the name or remove the setting", null);
      }
    }
    for (String source : sources) {
      fromSettings(settings, source, defaults());
    }
  }

  private static String prefix(String source) {
    return "SOURCE_" + source.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
  }

  /**
   * {@code base} with the settings for {@code source} applied over it.
   *
   * @throws SettingsException naming the key of a bad value
   */
  public static SourcePolicy fromSettings(Settings settings, String source, SourcePolicy base) {
    Objects.requireNonNull(settings, "settings must not be null");
    Objects.requireNonNull(base, "base policy must not be null");
    String prefix = prefix(source);
    Builder b = base.toBuilder();
    for (String p : new String[] {"SOURCE_", prefix}) {
      apply(settings, p + "FAILURE_RATE", v -> b.failureRate(percent(v)));
      apply(settings, p + "MINIMUM_CALLS", v -> b.minimumCalls(count(v)));
      apply(settings, p + "WINDOW", v -> window(b, v));
      apply(settings, p + "COOLDOWN", v -> b.cooldown(Settings.parseDuration(v)));
      apply(settings, p + "HALF_OPEN_CALLS",
          v -> b.halfOpenCalls(count(v)));
      apply(settings, p + "SLOW_CALL", v -> b.slowCall(Settings.parseDuration(v),
          b.slowCallRate));
      apply(settings, p + "SLOW_CALL_RATE",
          v -> b.slowCall(b.slowCall == null ? Duration.ofSeconds(60) : b.slowCall,
              percent(v)));
      apply(settings, p + "MAX_RETRY_AFTER", v -> b.maxRetryAfter(Settings.parseDuration(v)));
      String key = p + "CRITICAL";
      settings.bool(key).ifPresent(b::critical);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new SettingsException(prefix + "MINIMUM_CALLS",
          "the settings " + prefix + "MINIMUM_CALLS and " + prefix + "WINDOW (or SOURCE_MINIMUM_CALLS"
              + " and SOURCE_WINDOW) disagree: " + e.getMessage(), e);
    }
  }

  private static void apply(Settings settings, String key,
      java.util.function.Consumer<String> to) {
    Optional<String> value = settings.string(key);
    if (value.isEmpty()) {
      return;
    }
    try {
      to.accept(value.get().trim());
    } catch (SettingsException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key, key + "=\"" + value.get() + "\" is not valid: "
          + e.getMessage(), null);
    }
  }

  private static float percent(String v) {
    try {
      return Float.parseFloat(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("use a percentage from 1 to 100, e.g. 50");
    }
  }

  private static int count(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("use a whole number, e.g. 10");
    }
  }

  private static void window(Builder b, String v) {
    if (v.chars().allMatch(Character::isDigit)) {
      b.window(count(v));
    } else {
      b.timeWindow(Settings.parseDuration(v));
    }
  }

  public float failureRate() {
    return failureRate;
  }

  public int minimumCalls() {
    return minimumCalls;
  }

  /** Calls in the window, or seconds when {@link #timeWindow()}. */
  public int window() {
    return window;
  }

  public boolean timeWindow() {
    return timeWindow;
  }

  public Duration cooldown() {
    return cooldown;
  }

  public int halfOpenCalls() {
    return halfOpenCalls;
  }

  /** Null when slow calls are not judged. */
  public Duration slowCall() {
    return slowCall;
  }

  public float slowCallRate() {
    return slowCallRate;
  }

  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  public boolean critical() {
    return critical;
  }

  public Set<FailureReason> ignoredReasons() {
    return ignoredReasons;
  }

  /** The resilience4j configuration; the cooldown is counted on {@code clock}. */
  CircuitBreakerConfig toConfig(Clock clock) {
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.custom()
        .clock(clock)
        .failureRateThreshold(failureRate)
        .minimumNumberOfCalls(minimumCalls)
        .slidingWindow(window, minimumCalls,
            timeWindow ? SlidingWindowType.TIME_BASED : SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(cooldown)
        .permittedNumberOfCallsInHalfOpenState(halfOpenCalls);
    if (slowCall != null) {
      b.slowCallDurationThreshold(slowCall).slowCallRateThreshold(slowCallRate);
    } else {
      // Not judged: no call counts as slow.
      b.slowCallDurationThreshold(Duration.ofDays(365)).slowCallRateThreshold(100);
    }
    return b.build();
  }

  /** Builds a {@link SourcePolicy}; each value is checked when it is set. */
  public static final class Builder {
    private float failureRate = 50;
    private int minimumCalls = 5;
    private int window = 10;
    private boolean timeWindow;
    private Duration cooldown = Duration.ofSeconds(60);
    private int halfOpenCalls = 2;
    private Duration slowCall;
    private float slowCallRate = 100;
    private Duration maxRetryAfter = Duration.ofHours(1);
    private boolean critical;
    private EnumSet<FailureReason> ignoredReasons = EnumSet.of(FailureReason.CLIENT_ERROR);

    private Builder() {}

    /** Percentage of failed calls, over 0 and at most 100, at which the circuit opens. */
    public Builder failureRate(float percent) {
      this.failureRate = percentInRange(percent, "failureRate");
      return this;
    }

    /** Calls needed in the window before the failure rate is judged; 1 or more. */
    public Builder minimumCalls(int calls) {
      this.minimumCalls = Arguments.inRange(calls, 1, 100_000, "minimumCalls");
      return this;
    }

    /** Judge the last {@code calls} calls. */
    public Builder window(int calls) {
      this.window = Arguments.inRange(calls, 1, 100_000, "window");
      this.timeWindow = false;
      return this;
    }

    /** Judge the calls of the last {@code span}, in whole seconds. */
    public Builder timeWindow(Duration span) {
      Arguments.positive(span, "timeWindow");
      if (span.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException("timeWindow " + span + " must be whole seconds");
      }
      this.window = Arguments.inRange((int) Math.min(span.toSeconds(), Integer.MAX_VALUE), 1,
          86_400, "timeWindow seconds");
      this.timeWindow = true;
      return this;
    }

    /** How long the circuit stays open before trial calls; positive. */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = Arguments.positive(cooldown, "cooldown");
      return this;
    }

    /** Trial calls let through when the cooldown ends; 1 or more. */
    public Builder halfOpenCalls(int calls) {
      this.halfOpenCalls = Arguments.inRange(calls, 1, 1000, "halfOpenCalls");
      return this;
    }

    /** A call longer than {@code threshold} is slow; {@code ratePercent} slow calls open it. */
    public Builder slowCall(Duration threshold, float ratePercent) {
      this.slowCall = Arguments.positive(threshold, "slowCall");
      this.slowCallRate = percentInRange(ratePercent, "slowCallRate");
      return this;
    }

    /** The longest a {@code Retry-After} may open the circuit; positive. */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = Arguments.positive(max, "maxRetryAfter");
      return this;
    }

    /** An open critical source takes the {@code ingestion} section down. */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /** Failure reasons that do not count against the circuit; default client_error. */
    public Builder ignoredReasons(FailureReason... reasons) {
      EnumSet<FailureReason> set = EnumSet.noneOf(FailureReason.class);
      for (FailureReason r : reasons) {
        set.add(Objects.requireNonNull(r, "reason must not be null"));
      }
      this.ignoredReasons = set;
      return this;
    }

    public SourcePolicy build() {
      if (!timeWindow && minimumCalls > window) {
        throw new IllegalArgumentException("minimumCalls " + minimumCalls + " is more than the"
            + " window of " + window + " calls, so the circuit could never open; lower"
            + " minimumCalls or widen the window");
      }
      return new SourcePolicy(this);
    }

    private static float percentInRange(float percent, String what) {
      if (!(percent > 0 && percent <= 100)) {
        throw new IllegalArgumentException(
            what + " " + percent + " is out of range; use a percentage over 0 and at most 100");
      }
      return percent;
    }
  }
}
