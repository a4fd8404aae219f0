package dev.runbook.health.sources;

import java.time.Duration;

/**
 * One call through a source, as a {@link SourceListener} receives it. {@code reason} is null for
 * successes and rejections; {@code duration} is zero for rejections.
 */
public record SourceCallEvent(String source, String operation, SourceOutcome outcome,
    FailureReason reason, Duration duration) {}
