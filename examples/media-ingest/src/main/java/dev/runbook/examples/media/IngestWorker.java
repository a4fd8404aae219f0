package dev.runbook.examples.media;

/**
 * The {@code ingest-worker} job: takes pages from the ingest queue, oldest first, and stores their
 * items, up to {@link #BATCH} a run. A page that cannot be stored is left {@code failed} with the
 * reason, for a person; the run then fails so the scheduler section shows it.
 */
final class IngestWorker implements Runnable {

  static final int BATCH = 20;

  private final Store store;
  private final String name;

  IngestWorker(Store store, String name) {
    this.store = store;
    this.name = name;
  }

  @Override
  public void run() {
    try {
      for (int i = 0; i < BATCH; i++) {
        java.util.Optional<Store.Work> work = store.claim(name);
        if (work.isEmpty()) {
          return;
        }
        Store.Work w = work.get();
        try {
          store.save(w.source(), Ingestor.items(w.page()), w.page());
        } catch (java.io.IOException | RuntimeException e) {
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          store.failed(w.id(), why);
          throw new IllegalStateException("page " + w.id() + " from " + w.source()
              + " could not be stored: " + why, e);
        }
        store.done(w.id());
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("the ingest queue is unreadable: " + e.getMessage(), e);
    }
  }
}
