package dev.runbook.health;

import dev.runbook.core.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs each status change as the event {@code health_status_changed} with the key-values {@code
 * check}, {@code from}, {@code to} and {@code error}: at ERROR when a check goes down, WARN when it
 * degrades, INFO when it recovers.
 */
public final class Slf4jStatusListener implements StatusListener {

  private final Logger log;

  public Slf4jStatusListener() {
    this(LoggerFactory.getLogger("dev.runbook.health"));
  }

  public Slf4jStatusListener(Logger log) {
    this.log = log;
  }

  @Override
  public void onStatusChange(StatusChange change) {
    Level level = change.to() == Status.DOWN ? Level.ERROR
        : change.to() == Status.DEGRADED ? Level.WARN : Level.INFO;
    log.atLevel(level)
        .setMessage("health_status_changed")
        .addKeyValue("check", change.check())
        .addKeyValue("from", change.from().map(Status::wireName).orElse("unknown"))
        .addKeyValue("to", change.to().wireName())
        .addKeyValue("error", change.error().orElse(null))
        .log();
  }
}
