package dev.runbook.backup.spi;

/**
 * Thrown by a {@link RestoreVerifier} or a restore target when the restore could not be tried at
 * all: a tool it needs is missing, its scratch database server cannot be reached, there is no
 * room to restore into. Such a drill proves nothing either way, so it is recorded {@code
 * inconclusive} with this message, never {@code fail}: a sound backup is not marked failed (and
 * then treated so by retention) because the drill had nowhere to run. The message says what is
 * missing and what to do.
 */
public class RestoreUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public RestoreUnavailableException(String message) {
    super(message);
  }

  public RestoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
