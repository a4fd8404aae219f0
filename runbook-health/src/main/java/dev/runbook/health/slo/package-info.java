/**
 * Service level objectives judged inside the service: request SLIs in bounded rolling windows,
 * SLOs with warning and critical levels, and multiwindow burn-rate alerting with the error budget
 * left. {@code dev.runbook.health.servlet.SliFilter} records requests; {@link SloSection} is the
 * {@code slo} health section.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link RequestSlis}: Every request a filter sees, by route group.
 *   <li>{@link RequestWindows}: The request SLIs of one route group in bounded memory.
 *   <li>{@link Slo}: One service level objective: a target, a warning and a critical level.
 *   <li>{@link SloEvaluator}: Judges an SLO against recorded requests, by threshold and by burn
 *       rate.
 *   <li>{@link SloSection}: The {@code slo} health section: each route group's SLOs, judged now.
 * </ul>
 */
package dev.runbook.health.slo;
