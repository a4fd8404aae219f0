package dev.runbook.backup;

/** A backup operation could not be done; the message says with which input and what to do. */
public class BackupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
