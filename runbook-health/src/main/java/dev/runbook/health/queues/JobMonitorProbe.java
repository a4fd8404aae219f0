package dev.runbook.health.queues;

import dev.runbook.core.QueueProbe;
import dev.runbook.core.QueueReport;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobState;
import java.util.List;
import java.util.Objects;

/**
 * The job monitor as a queue, for a service whose only queue is its schedule: {@code scheduled}
 * the jobs with a next run, {@code started} those running, {@code deferred} the paused ones and
 * {@code failed} those failing; {@code size} is null (a schedule has no backlog). Its one worker
 * is the monitor, {@code busy} while a job runs.
 */
public final class JobMonitorProbe implements QueueProbe {

  private final JobMonitor jobs;

  public JobMonitorProbe(JobMonitor jobs) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
  }

  @Override
  public String name() {
    return "job monitor";
  }

  @Override
  public QueueReport probe() {
    List<JobState> states = jobs.states();
    long scheduled = states.stream().filter(s -> s.nextRunAt() != null && !s.paused()).count();
    List<JobState> running = states.stream().filter(JobState::running).toList();
    long paused = states.stream().filter(JobState::paused).count();
    long failing = states.stream().filter(JobState::failing).count();
    QueueReport.Queue queue = new QueueReport.Queue("scheduler", null, paused, scheduled,
        (long) running.size(), failing);
    QueueReport.Worker worker = new QueueReport.Worker("job monitor",
        !jobs.running() ? "stopped" : running.isEmpty() ? "idle" : "busy", List.of("scheduler"),
        running.isEmpty() ? null : running.get(0).name(), null);
    return new QueueReport(List.of(queue), List.of(worker));
  }
}
