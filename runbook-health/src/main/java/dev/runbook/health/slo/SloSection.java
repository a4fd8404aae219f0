package dev.runbook.health.slo;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code slo} health section: each route group's SLOs, judged now. It is {@code degraded} when
 * an SLO is at its warning level or a burn-rate rule fires, and {@code down} at a critical level
 * only when built with {@link Builder#criticalIsDown}; an SLO with no traffic is {@code ok}.
 * Register it in the groups {@code readiness} and {@code slo}, and {@code /health/slo} answers it
 * alone.
 */
public final class SloSection implements HealthCheck {

  private final RequestSlis slis;
  private final Map<String, List<Slo>> slos;
  private final boolean criticalIsDown;

  private SloSection(Builder b) {
    this.slis = b.slis;
    this.slos = Map.copyOf(b.slos);
    this.criticalIsDown = b.criticalIsDown;
  }

  public static Builder builder(RequestSlis slis) {
    return new Builder(slis);
  }

  /**
   * Every SLO judged now, keyed {@code <group>/<name>} in group order: what the section reports
   * and what an {@link dev.runbook.health.alerts.AlertWatch} raises alerts from.
   */
  public Map<String, SloEvaluator.Status> statuses() {
    Map<String, SloEvaluator.Status> all = new LinkedHashMap<>();
    for (Map.Entry<String, List<Slo>> group : new java.util.TreeMap<>(slos).entrySet()) {
      for (Slo slo : group.getValue()) {
        all.put(group.getKey() + "/" + slo.name(),
            SloEvaluator.evaluate(slo, slis.windows(group.getKey())));
      }
    }
    return all;
  }

  @Override
  public CheckResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    boolean critical = false;
    for (Map.Entry<String, SloEvaluator.Status> entry : statuses().entrySet()) {
      String key = entry.getKey();
      SloEvaluator.Status s = entry.getValue();
      Slo slo = s.slo();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("kind", slo.kind().name().toLowerCase(java.util.Locale.ROOT));
      d.put("target", slo.target());
      d.put("warning", slo.warning());
      d.put("critical", slo.critical());
      d.put("window", SloEvaluator.label(slo.window()));
      d.put("value", s.value());
      d.put("level", s.level().name().toLowerCase(java.util.Locale.ROOT));
      d.put("burn_rates", s.burnRates());
      d.put("firing", s.firing());
      d.put("budget_remaining", s.budgetRemaining());
      details.put(key, d);
      if (s.level() == SloEvaluator.Level.WARNING || s.level() == SloEvaluator.Level.CRITICAL) {
        reasons.add(key + " is " + d.get("level") + " at " + s.value());
        critical |= s.level() == SloEvaluator.Level.CRITICAL;
      }
      s.firing().forEach(f -> reasons.add(key + " burns its budget: " + f));
    }
    if (reasons.isEmpty()) {
      return CheckResult.ok(Map.of("slos", details));
    }
    Status status = critical && criticalIsDown ? Status.DOWN : Status.DEGRADED;
    return CheckResult.of(status, String.join("; ", reasons)).withDetail("slos", details);
  }

  /** Configures a {@link SloSection}. */
  public static final class Builder {
    private final RequestSlis slis;
    private final Map<String, List<Slo>> slos = new LinkedHashMap<>();
    private boolean criticalIsDown;

    private Builder(RequestSlis slis) {
      this.slis = Objects.requireNonNull(slis, "slis");
    }

    /** Judges {@code slo} on the requests of route group {@code group}. */
    public Builder slo(String group, Slo slo) {
      slis.windows(group); // names the groups when this one does not exist
      slos.computeIfAbsent(group, g -> new ArrayList<>()).add(slo);
      return this;
    }

    /** An SLO at its critical level takes the section down, not just degraded. */
    public Builder criticalIsDown(boolean down) {
      this.criticalIsDown = down;
      return this;
    }

    public SloSection build() {
      return new SloSection(this);
    }
  }
}
