/**
 * Service level objectives judged inside the service: request SLIs in bounded rolling windows,
 * SLOs with warning and critical levels, and multiwindow burn-rate alerting with the error budget
 * left. The request filters, the {@code slo} health section and {@code /health/slo} build on it.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link RequestWindows}: The request SLIs of one route group in bounded memory.
 *   <li>{@link Slo}: One service level objective: a target, a warning and a critical level.
 *   <li>{@link SloEvaluator}: Judges an SLO against recorded requests, by threshold and by burn
 *       rate.
 * </ul>
 */
package dev.runbook.health.slo;
