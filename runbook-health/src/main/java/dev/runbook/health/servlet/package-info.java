/**
 * The Jakarta Servlet adapter over {@link dev.runbook.health.http.HealthEndpoint}, for Jetty,
 * Tomcat or any servlet container; the servlet API is an optional dependency.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link HealthServlet}: Serves a {@link dev.runbook.health.http.HealthEndpoint} from a
 *       Jakarta Servlet 6 container (Jetty 12 ee10, Tomcat 10.1, Undertow).
 *   <li>{@link SliFilter}: Records every request's route group, outcome and latency for the
 *       SLOs.
 * </ul>
 */
package dev.runbook.health.servlet;
