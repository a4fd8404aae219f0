package dev.runbook.health;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as a health check, registered by {@link HealthRegistry#scan(Object)}.
 *
 * <p>The method takes no parameters and returns {@link dev.runbook.core.CheckResult}, {@link
 * dev.runbook.core.Status}, {@code boolean} ({@code false} is down) or {@code void} (returning
 * is ok); throwing means down. Durations use the {@link dev.runbook.core.Settings} forms ({@code
 * 500ms}, {@code 2s}, {@code 1m}, {@code PT1M}); an empty string keeps the default.
 *
 * <pre>{@code
 * @Check(name = "email", critical = false, timeout = "1s")
 * boolean emailProviderReachable() { return provider.ping(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Check {

  /** The check's name: lower-case letters, digits, '_', '.' and '-'. */
  String name();

  /** Groups; default readiness. */
  String[] groups() default {};

  /** A failing non-critical check makes its group degraded, never down. */
  boolean critical() default true;

  /** Timeout; empty means the default, 2 s. */
  String timeout() default "";

  /** How long a result is reused; empty means the default, 1 s. */
  String ttl() default "";

  /** Run in the background at this interval instead of on demand; empty means on demand. */
  String every() default "";
}
