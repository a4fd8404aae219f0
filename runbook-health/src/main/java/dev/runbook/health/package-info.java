/**
 * Health: the check registry and engine, payload formats, the access gate, HTTP adapters,
 * scheduler job monitoring, ingestion-source circuit breakers and built-in checks.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link Check}: Declares a method as a health check, registered by {@link
 *       HealthRegistry#scan(Object)}.
 *   <li>{@link CheckOptions}: How the registry runs one check: its groups, whether it is
 *       critical, its timeout, how long a result is reused, and whether it runs on demand or in the
 *       background.
 *   <li>{@link CheckSnapshot}: One check's reported outcome, as it appears in a payload: the
 *       check's result plus when it was taken, how long it took, and whether the check timed out.
 *   <li>{@link HealthRegistry}: The named health checks of one service, and the engine that runs
 *       them.
 *   <li>{@link HealthReport}: The outcome of one group at one moment: the aggregate status (the
 *       worst contribution of its checks, non-critical ones capped at degraded), who reported it,
 *       and each check in registration order.
 *   <li>{@link JsonLinesAlertFile}: Appends one JSON object per status change to a file, one per
 *       line: {@code {"at", "check", "from", "to", "error"}}.
 *   <li>{@link Slf4jStatusListener}: Logs each status change as the event {@code
 *       health_status_changed} with the key-values {@code check}, {@code from}, {@code to} and
 *       {@code error}: at ERROR when a check goes down, WARN when it degrades, INFO when it
 *       recovers.
 *   <li>{@link StatusChange}: A check's reported status changed.
 *   <li>{@link StatusListener}: Told once per change of a check's reported status, never once
 *       per poll.
 * </ul>
 */
package dev.runbook.health;
