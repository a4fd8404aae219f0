package dev.runbook.health.jobs;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code scheduler} section of a {@link JobMonitor}; see {@link JobMonitor#healthCheck()}. */
final class SchedulerSection implements HealthCheck {

  private final JobMonitor monitor;

  SchedulerSection(JobMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public CheckResult check() {
    List<JobState> states = monitor.states();
    List<String> failing = new ArrayList<>();
    List<String> overdue = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    boolean criticalFailing = false;
    Map<String, Object> jobDetails = new LinkedHashMap<>();
    for (JobState s : states) {
      if (s.failing()) {
        failing.add(s.name());
        criticalFailing |= s.critical();
      }
      if (s.overdue()) {
        overdue.add(s.name());
      }
      if (s.stuck()) {
        stuck.add(s.name());
      }
      Map<String, Object> lease = monitor.leaseDetails(s.name());
      if (lease == null) {
        jobDetails.put(s.name(), s.details());
      } else {
        Map<String, Object> d = new LinkedHashMap<>(s.details());
        d.put("lease", lease);
        jobDetails.put(s.name(), d);
      }
    }
    boolean running = monitor.running();
    Status status = !running || criticalFailing ? Status.DOWN
        : failing.isEmpty() && overdue.isEmpty() && stuck.isEmpty() ? Status.OK
        : Status.DEGRADED;
    List<String> reasons = new ArrayList<>();
    if (!running) {
      reasons.add("scheduler is not running");
    }
    describe(reasons, failing, "failing");
    describe(reasons, overdue, "overdue");
    describe(reasons, stuck, "stuck");
    return CheckResult.of(status, reasons.isEmpty() ? null : String.join("; ", reasons))
        .withDetail("running", running)
        .withDetail("failure_threshold", monitor.failureThreshold())
        .withDetail("failing_jobs", failing)
        .withDetail("overdue_jobs", overdue)
        .withDetail("stuck_jobs", stuck)
        .withDetail("paused_jobs", monitor.pausedJobs())
        .withDetail("jobs", jobDetails);
  }

  private static void describe(List<String> reasons, List<String> jobs, String what) {
    if (!jobs.isEmpty()) {
      reasons.add(jobs.size() + (jobs.size() == 1 ? " job " : " jobs ") + what + ": "
          + String.join(", ", jobs));
    }
  }
}
