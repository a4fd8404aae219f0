/**
 * Serving health over HTTP: the framework-neutral {@link HealthEndpoint} (request in, response
 * out), the {@link AccessGate} that decides who sees details, and {@link HealthHttpServer}, a
 * zero-dependency management server on the JDK's HTTP server.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link AccessGate}: Decides who may see health details and who may change state (reset a
 *       job or a circuit).
 *   <li>{@link AuditTrail}: The record of who was refused and who changed state.
 *   <li>{@link EndpointFormats}: Which format an endpoint answers by default and which peers'
 *       probe paths it serves, read from settings.
 *   <li>{@link HealthEndpoint}: The health HTTP protocol, independent of any server: a {@link
 *       HealthRequest} in, a {@link HealthResponse} out.
 *   <li>{@link HealthHttpHandler}: Serves a {@link HealthEndpoint} from a JDK {@code
 *       com.sun.net.httpserver} server the application already runs: {@code
 *       server.createContext("/ping", handler); server.createContext("/health", handler);}.
 *   <li>{@link HealthHttpServer}: A JDK {@code com.sun.net.httpserver} server that serves a
 *       {@link HealthEndpoint}, with no dependency beyond the JDK.
 *   <li>{@link HealthRequest}: A framework-neutral HTTP request, as an adapter hands it to
 *       {@link HealthEndpoint}: method, path (without query), query parameters, headers (names
 *       case-insensitive), the direct peer's address, and the adapter's own request object for host
 *       callbacks.
 *   <li>{@link HealthResponse}: A framework-neutral HTTP response from {@link HealthEndpoint}:
 *       status, headers and body.
 *   <li>{@link PayloadFormat}: The shapes a health payload can take, chosen by {@code ?format=}
 *       or else by {@code Accept}.
 *   <li>{@link SliHttpFilter}: Records every request's route group, outcome and latency into
 *       {@link dev.runbook.health.slo.RequestSlis} for a JDK {@code com.sun.net.httpserver}
 *       server.
 *   <li>{@link StateReset}: Resets the state of one named thing, a job's failure count or a
 *       source's circuit, behind a {@code POST .../reset} route of the {@link HealthEndpoint}.
 * </ul>
 */
package dev.runbook.health.http;
