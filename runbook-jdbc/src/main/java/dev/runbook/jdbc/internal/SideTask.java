package dev.runbook.jdbc.internal;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work on a thread of its own beside the caller's, such as counting rows on a connection while
 * the caller streams a dump. Joining waits it out even when interrupted (the flag is kept), since
 * the connection it uses is busy until it ends.
 */
public final class SideTask<T> {

  private final FutureTask<T> task;
  private final String what;

  private SideTask(Callable<T> work, String what) {
    this.task = new FutureTask<>(work);
    this.what = what;
  }

  /**
   * Starts {@code work} on a daemon thread named {@code name}.
   *
   * @param what what it does, for an error that is not an {@link SQLException}
   */
  public static <T> SideTask<T> start(String name, String what, Callable<T> work) {
    SideTask<T> side = new SideTask<>(work, what);
    Thread thread = new Thread(side.task, name);
    thread.setDaemon(true);
    thread.start();
    return side;
  }

  /** Its result, once it ended; its {@link SQLException} as it was thrown. */
  public T join() throws SQLException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof SQLException ? (SQLException) cause
              : new SQLException(what + " failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for it to end, whatever it ended with: for when another failure is being reported. */
  public void joinQuietly() {
    try {
      join();
    } catch (SQLException ignored) {
      // secondary to the failure the caller is reporting
    }
  }
}
