package dev.runbook.backup;

import dev.runbook.core.RunSkipped;
import java.time.Duration;
import java.util.Optional;

/**
 * Another backup, drill or prune holds the repository's lock. The message names the holder (its
 * operation, process, host and start time) so an operator knows what to wait for.
 *
 * <p>It is a {@link RunSkipped}: a scheduled job that meets it is skipped rather than failed, and
 * tried again after {@link #RETRY_AFTER}, not a whole period later.
 */
public final class BackupBusyException extends BackupException implements RunSkipped {

  /** How soon a scheduled job that found the repository busy tries again. */
  public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  private static final long serialVersionUID = 1L;

  private final String holder;

  public BackupBusyException(String message, String holder) {
    super(message);
    this.holder = holder;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.of(RETRY_AFTER);
  }

  /** Who holds the lock, as it wrote itself into the lock file; empty when unknown. */
  public String holder() {
    return holder;
  }
}
