package dev.runbook.health.jobs;

import dev.runbook.core.Redactor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;

/** The monitor's listeners; one that throws is logged and never affects the run or the others. */
final class JobListeners {

  private final Logger log;
  private final Redactor redactor;
  private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

  JobListeners(Logger log, Redactor redactor) {
    this.log = log;
    this.redactor = redactor;
  }

  void add(JobListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
  }

  void publish(JobRunEvent event) {
    for (JobListener listener : listeners) {
      try {
        listener.onRunFinished(event);
      } catch (RuntimeException e) {
        log.atWarn().setMessage("job_listener_failed").addKeyValue("job", event.job())
            .addKeyValue("error", redactor.redact(e)).log();
      }
    }
  }
}
