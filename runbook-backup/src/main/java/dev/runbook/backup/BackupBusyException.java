package dev.runbook.backup;

/**
 * Another backup, drill or prune holds the repository's lock. The message names the holder (its
 * operation, process, host and start time) so an operator knows what to wait for.
 */
public final class BackupBusyException extends BackupException {

  private static final long serialVersionUID = 1L;

  private final String holder;

  public BackupBusyException(String message, String holder) {
    super(message);
    this.holder = holder;
  }

  /** Who holds the lock, as it wrote itself into the lock file; empty when unknown. */
  public String holder() {
    return holder;
  }
}
