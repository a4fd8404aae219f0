package dev.runbook.health;

import dev.runbook.core.Status;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one group at one moment: the aggregate status (the worst contribution of its
 * checks, non-critical ones capped at degraded), who reported it, and each check in registration
 * order. A group with no checks is {@code ok}. Made by {@link HealthRegistry#report}.
 */
public final class HealthReport {

  private final String group;
  private final Status status;
  private final String service;
  private final String version;
  private final Instant checkedAt;
  private final List<CheckSnapshot> checks;

  HealthReport(String group, String service, String version, Instant checkedAt,
      List<CheckSnapshot> checks) {
    this.group = Objects.requireNonNull(group, "group");
    this.service = service;
    this.version = version;
    this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
    this.checks = List.copyOf(checks);
    Status worst = Status.OK;
    for (CheckSnapshot check : this.checks) {
      worst = worst.worst(check.contribution());
    }
    this.status = worst;
  }

  public String group() {
    return group;
  }

  public Status status() {
    return status;
  }

  /** The service name configured on the registry; may be null. */
  public String service() {
    return service;
  }

  /** The service version configured on the registry; may be null. */
  public String version() {
    return version;
  }

  /** When the newest of its checks' results was taken (the request's time when it has none). */
  public Instant checkedAt() {
    return checkedAt;
  }

  /** The checks in registration order; unmodifiable. */
  public List<CheckSnapshot> checks() {
    return checks;
  }

  @Override
  public String toString() {
    return "HealthReport{" + group + "=" + status + ", checks=" + checks + "}";
  }
}
