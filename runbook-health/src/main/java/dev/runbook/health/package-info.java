/**
 * Health: the check registry and engine, payload formats, the access gate, HTTP adapters,
 * scheduler job monitoring, ingestion-source circuit breakers and built-in checks.
 */
package dev.runbook.health;
