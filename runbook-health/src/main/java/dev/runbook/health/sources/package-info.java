/**
 * External sources a service ingests from, each behind a resilience4j circuit breaker, with the
 * circuit's state, exact remaining cooldown and recent failures in the {@code ingestion} health
 * section. Start at {@link dev.runbook.health.sources.IngestionSources}.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link CircuitState}: A source circuit's state, with the names the {@code ingestion}
 *       section uses.
 *   <li>{@link FailureClassifier}: Maps a failed call's exception to a {@link FailureReason}.
 *   <li>{@link FailureReason}: Why a call to a source failed, in the words the {@code ingestion}
 *       section and logs use.
 *   <li>{@link IngestionSource}: One external source behind its own resilience4j {@code
 *       CircuitBreaker}.
 *   <li>{@link IngestionSources}: The external sources a service ingests from, each behind its
 *       own circuit breaker, and their health section, named {@code ingestion} unless the host names
 *       it otherwise ({@link IngestionSources.Builder#section}, e.g. {@code outbound} for a registry
 *       of e-mail and webhook circuits).
 *   <li>{@link SourceCallEvent}: One call through a source, as a {@link SourceListener} receives
 *       it.
 *   <li>{@link SourceException}: A failed call, as the caller reports it: an HTTP status (with
 *       the source's {@code Retry-After}, if any) or an explicit {@link FailureReason}.
 *   <li>{@link SourceIssue}: The latest failure of one operation of one source, as {@code
 *       ingestion.issues[]} shows it.
 *   <li>{@link SourceListener}: Told of every call through every source, on the calling thread,
 *       after it is recorded.
 *   <li>{@link SourceOutcome}: How a call through a source ended.
 *   <li>{@link SourcePolicy}: How one source's circuit behaves: it opens when, of the last
 *       {@code window} calls (or the calls of the last {@code window} seconds), at least {@code
 *       minimumCalls} were made and {@code failureRate} percent failed (or {@code slowCallRate}
 *       percent took longer than {@code slowCall}); it stays open for {@code cooldown}, then lets
 *       {@code halfOpenCalls} trial calls through.
 *   <li>{@link SourceState}: One source as last seen: {@code failureRate} is a percentage, or
 *       null until the window holds the minimum number of calls; times are null until they first
 *       happen.
 *   <li>{@link SourceUnavailableException}: Thrown at once, without calling the source, while
 *       its circuit refuses calls.
 * </ul>
 */
package dev.runbook.health.sources;
