package dev.runbook.health.sources;

import dev.runbook.core.HealthCheck;
import dev.runbook.core.Redactor;
import dev.runbook.core.Settings;
import dev.runbook.health.internal.Arguments;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The external sources a service ingests from, each behind its own circuit breaker, and their
 * health section, named {@code ingestion} unless the host names it otherwise ({@link
 * Builder#section}, e.g. {@code outbound} for a registry of e-mail and webhook circuits).
 *
 * <p>{@link #healthCheck()} reports {@code sources.<name>} ({@code state}, {@code
 * cooldown_remaining_s}, {@code failure_rate}, {@code buffered_calls}, {@code
 * not_permitted_calls}, {@code last_error}, {@code last_failure_at}, {@code last_success_at})
 * and {@code issues[]}, the latest failure per source and operation, newest first, at most
 * {@link Builder#maxIssues} of them. It is degraded while any circuit is not closed and down
 * while a critical source is open. Log events: {@code ingestion_failure} (WARN, each failed
 * call), {@code ingestion_circuit_open} (ERROR, once per opening, with the cooldown), {@code
 * ingestion_circuit_half_open} and {@code ingestion_circuit_closed} (INFO), {@code
 * ingestion_circuit_reset} (INFO).
 *
 * <pre>{@code
 * IngestionSources sources = IngestionSources.builder()
 *     .settings(Settings.fromEnvironment())          // SOURCE_COOLDOWN, SOURCE_TMDB_COOLDOWN, ...
 *     .build();
 * IngestionSource tmdb = sources.register("tmdb", SourcePolicy.builder().critical(true).build());
 * registry.register(sources.section(), sources.healthCheck());   // "ingestion"
 * }</pre>
 */
public final class IngestionSources {

  private final Clock clock;
  private final Redactor redactor;
  private final FailureClassifier classifier;
  private final SourcePolicy defaults;
  private final Settings settings;
  private final SourceIssues issues;
  private final String section;
  private final Map<String, IngestionSource> sources = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final List<SourceListener> listeners = new CopyOnWriteArrayList<>();

  private IngestionSources(Builder b) {
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.classifier = b.classifier;
    this.defaults = b.defaults;
    this.settings = b.settings;
    this.issues = new SourceIssues(b.maxIssues);
    this.section = b.section;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Registers a source with the default policy and any settings for it. */
  public IngestionSource register(String name) {
    return register(name, defaults);
  }

  /**
   * Registers a source. Settings for it ({@code SOURCE_<NAME>_*}, then {@code SOURCE_*}) apply
   * over {@code policy}: the code sets defaults, the environment has the last word.
   *
   * @throws IllegalArgumentException if the name is invalid or taken
   * @throws dev.runbook.core.SettingsException naming the key of a bad setting
   */
  public synchronized IngestionSource register(String name, SourcePolicy policy) {
    Arguments.name(name, "source", "tmdb");
    Objects.requireNonNull(policy, "policy must not be null");
    if (sources.containsKey(name)) {
      throw new IllegalArgumentException("source \"" + name + "\" is already registered");
    }
    SourcePolicy effective = settings == null ? policy
        : SourcePolicy.fromSettings(settings, name, policy);
    IngestionSource source = new IngestionSource(name, effective, clock, redactor, classifier,
        issues, listeners);
    sources.put(name, source);
    order.add(name);
    return source;
  }

  /**
   * The source named {@code name}.
   *
   * @throws NoSuchElementException naming the known sources
   */
  public IngestionSource source(String name) {
    IngestionSource source = sources.get(name);
    if (source == null) {
      throw new NoSuchElementException("no source named \"" + name + "\"; known sources: "
          + order);
    }
    return source;
  }

  /** Every source, in the order registered. */
  public List<IngestionSource> sources() {
    List<IngestionSource> list = new ArrayList<>();
    order.forEach(n -> list.add(sources.get(n)));
    return Collections.unmodifiableList(list);
  }

  /**
   * An operator's reset: closes the source's circuit and drops its issues.
   *
   * @throws NoSuchElementException for a source that is not registered
   */
  public void reset(String name) {
    source(name).reset();
  }

  /** The latest failure per source and operation, newest first. */
  public List<SourceIssue> issues() {
    return issues.list();
  }

  /** Tells {@code listener} of every call through every source from now on. */
  public IngestionSources addListener(SourceListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    return this;
  }

  /** The name to register {@link #healthCheck()} under; default {@code ingestion}. */
  public String section() {
    return section;
  }

  /** The section's check: {@code sources} and {@code issues}; register it as {@link #section()}. */
  public HealthCheck healthCheck() {
    return new IngestionSection(this);
  }

  /** Builds {@link IngestionSources}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private FailureClassifier classifier = FailureClassifier.standard();
    private SourcePolicy defaults = SourcePolicy.defaults();
    private Settings settings;
    private int maxIssues = 20;
    private String section = "ingestion";

    private Builder() {}

    /** The health section's name, e.g. {@code outbound}; default {@code ingestion}. */
    public Builder section(String name) {
      this.section = Arguments.name(name, "section", "outbound");
      return this;
    }

    /** The clock of cooldowns, windows and timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
      return this;
    }

    /** Classifies failures; where it returns null, {@link FailureClassifier#standard()} does. */
    public Builder classifier(FailureClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier must not be null");
      return this;
    }

    /** The policy of sources registered without one. */
    public Builder defaults(SourcePolicy defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults must not be null");
      return this;
    }

    /** Read {@code SOURCE_*} settings when sources are registered; see {@link SourcePolicy}. */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings must not be null");
      return this;
    }

    /** The most issues kept, 1 to 1000; default 20. */
    public Builder maxIssues(int maxIssues) {
      this.maxIssues = Arguments.inRange(maxIssues, 1, 1000, "maxIssues");
      return this;
    }

    public IngestionSources build() {
      return new IngestionSources(this);
    }
  }
}
