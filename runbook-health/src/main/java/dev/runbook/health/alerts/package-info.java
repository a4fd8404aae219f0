/**
 * The alert lifecycle: raise when a condition turns warning or critical, one alert per condition
 * while it lasts, re-notify after an interval, escalate when it worsens, resolve when it recovers;
 * channels told on threads of their own.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link Alert}: One condition that needs a person.
 *   <li>{@link AlertBook}: The alert lifecycle and the channels it tells.
 *   <li>{@link AlertChannel}: Where alerts go: a file, a webhook, e-mail.
 *   <li>{@link AlertEvent}: What a channel is told.
 *   <li>{@link AlertWatch}: Tells an alert book where every watched condition stands.
 *   <li>{@link JsonLinesAlertChannel}: Appends every alert event to a JSON Lines file.
 *   <li>{@link WebhookAlertChannel}: POSTs each alert event as JSON to a URL.
 * </ul>
 */
package dev.runbook.health.alerts;
