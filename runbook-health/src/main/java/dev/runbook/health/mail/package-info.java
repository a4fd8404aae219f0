/**
 * E-mail alerts over SMTP, through Jakarta Mail (Eclipse Angus Mail): an optional dependency that
 * only this package needs.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link SmtpAlertChannel}: Sends each alert event as a plain-text e-mail over SMTP.
 * </ul>
 */
package dev.runbook.health.mail;
