/**
 * External sources a service ingests from, each behind a resilience4j circuit breaker, with the
 * circuit's state, exact remaining cooldown and recent failures in the {@code ingestion} health
 * section. Start at {@link dev.runbook.health.sources.IngestionSources}.
 */
package dev.runbook.health.sources;
