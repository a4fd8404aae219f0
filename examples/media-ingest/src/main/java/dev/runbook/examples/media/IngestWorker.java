package dev.runbook.examples.media;

/**
 * The {@code ingest-worker} job: takes pages from the ingest queue, oldest first, and stores their
 * items, up to {@link #BATCH} a run. A page that cannot be read is left {@code failed} with the
 * reason, for a person; one the database refuses goes back to wait. Either fails the run, so the
 * scheduler section shows it.
 */
final class IngestWorker implements Runnable {

  static final int BATCH = 20;

  private final Store store;
  private final PageQueue pages;
  private final String name;

  IngestWorker(Store store, PageQueue pages, String name) {
    this.store = store;
    this.pages = pages;
    this.name = name;
  }

  @Override
  public void run() {
    try {
      for (int i = 0; i < BATCH; i++) {
        java.util.Optional<PageQueue.Page> work = pages.take(name);
        if (work.isEmpty()) {
          return;
        }
        PageQueue.Page w = work.get();
        try {
          store.save(w.source(), Ingestor.items(w.body()), w.body());
        } catch (java.sql.SQLException e) {
          pages.release(w); // the database, not the page: it waits for the next run
          throw new IllegalStateException("page " + w.handle() + " from " + w.source()
              + " waits again: the database refused it: " + e.getMessage(), e);
        } catch (java.io.IOException | RuntimeException e) {
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          pages.failed(w, why);
          throw new IllegalStateException("page " + w.handle() + " from " + w.source()
              + " could not be stored: " + why, e);
        }
        pages.done(w);
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the ingest queue is unreadable: " + e.getMessage(), e);
    }
  }
}
