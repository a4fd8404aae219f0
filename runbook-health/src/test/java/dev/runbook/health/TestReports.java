package dev.runbook.health;

import java.time.Instant;
import java.util.List;

/** Reports made by hand, for tests of what reads them (the registry makes the real ones). */
public final class TestReports {

  private TestReports() {}

  public static HealthReport report(String group, String service, String version,
      Instant checkedAt, List<CheckSnapshot> checks) {
    return new HealthReport(group, service, version, checkedAt, checks);
  }
}
