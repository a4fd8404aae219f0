package dev.runbook.examples.media;

import dev.runbook.core.QueueProbe;
import java.util.Optional;

/**
 * Where fetched pages wait for the {@code ingest-worker}: the {@code ingest_queue} table
 * ({@link TablePages}, the default) or RabbitMQ when {@code AMQP_URL} is set ({@link RabbitPages}).
 */
interface PageQueue extends AutoCloseable {

  /** A page a worker took; {@code handle} identifies it to {@link #done} and {@link #failed}. */
  record Page(Object handle, String source, String body) {}

  void enqueue(String source, String page) throws Exception;

  /** Takes the oldest waiting page for {@code worker}; empty when none waits. */
  Optional<Page> take(String worker) throws Exception;

  /** The page is stored: it leaves the queue. */
  void done(Page page) throws Exception;

  /** The page waits again, for the next run (the database refused it, not the page). */
  void release(Page page) throws Exception;

  /** The page cannot be stored: it is kept aside as failed, with why where the queue can. */
  void failed(Page page, String why) throws Exception;

  /** What {@code /health/queues} reads: the {@code ingest} queue and its workers. */
  QueueProbe probe();

  @Override
  default void close() throws java.io.IOException {}
}
