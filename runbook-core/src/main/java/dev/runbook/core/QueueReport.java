package dev.runbook.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link QueueProbe} saw: its queues and its workers. Every count is null where the
 * backend does not know it (a broker has no {@code failed} count; a job table has no
 * consumers), never a made-up zero.
 *
 * @param queues each queue's counts
 * @param workers each worker's state; empty where the backend has no notion of workers
 */
public record QueueReport(List<Queue> queues, List<Worker> workers) {

  public QueueReport {
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    workers = List.copyOf(Objects.requireNonNull(workers, "workers"));
  }

  /**
   * One queue.
   *
   * @param name the queue's name
   * @param size work waiting to be taken now
   * @param deferred work held back (retry backoff, paused)
   * @param scheduled work due later
   * @param started work taken and in progress
   * @param failed work that failed and waits for a person
   */
  public record Queue(String name, Long size, Long deferred, Long scheduled, Long started,
      Long failed) {
    public Queue {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * One worker.
   *
   * @param name the worker's name (a node, a consumer tag)
   * @param state e.g. {@code busy}, {@code idle}, {@code stale}
   * @param queues the queues it takes work from
   * @param currentJobId the job it works on, or null
   * @param lastHeartbeat when it was last seen alive, or null where the backend cannot tell
   */
  public record Worker(String name, String state, List<String> queues, String currentJobId,
      Instant lastHeartbeat) {
    public Worker {
      Objects.requireNonNull(name, "name");
      queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    }
  }
}
