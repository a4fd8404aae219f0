package dev.runbook.examples.media;

import dev.runbook.core.QueueProbe;
import dev.runbook.jdbc.maintenance.TimestampFormat;
import dev.runbook.jdbc.queues.JdbcJobTableProbe;
import java.util.Optional;

/** The ingest queue in the service's own database: the {@code ingest_queue} table. */
final class TablePages implements PageQueue {

  private final Store store;

  TablePages(Store store) {
    this.store = store;
  }

  @Override
  public void enqueue(String source, String page) throws Exception {
    store.enqueue(source, page);
  }

  @Override
  public Optional<Page> take(String worker) throws Exception {
    return store.claim(worker).map(w -> new Page(w.id(), w.source(), w.page()));
  }

  @Override
  public void done(Page page) throws Exception {
    store.done((Long) page.handle());
  }

  @Override
  public void release(Page page) throws Exception {
    store.release((Long) page.handle());
  }

  @Override
  public void failed(Page page, String why) throws Exception {
    store.failed((Long) page.handle(), why);
  }

  @Override
  public QueueProbe probe() {
    return JdbcJobTableProbe.builder(store.dataSource(), "ingest_queue").name("ingest queue")
        .statusColumn("state").queue("ingest").waiting("queued").started("processing")
        .failed("failed").workers("locked_by", "updated_at", TimestampFormat.EPOCH_MILLIS)
        .build();
  }
}
