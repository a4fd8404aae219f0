package dev.runbook.health.jobs;

import dev.runbook.health.internal.Arguments;
import dev.runbook.health.internal.Reflection;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/** Turns {@link MonitoredJob} methods into schedules, rejecting every bad declaration up front. */
final class JobScanner {

  /** One valid declaration, ready to schedule. */
  record Declared(String name, Callable<?> task, Duration initialDelay, Duration every,
      boolean fixedDelay, JobPolicy policy) {}

  private JobScanner() {}

  static List<Declared> scan(Object target) {
    Objects.requireNonNull(target, "object to scan must not be null");
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(MonitoredJob.class)) {
          methods.add(m);
        }
      }
    }
    // Reflection does not promise declaration order; order by job name for a stable result.
    methods.sort(Comparator.comparing(m -> m.getAnnotation(MonitoredJob.class).name()));
    List<Declared> declared = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Method method : methods) {
      Declared d = declare(target, method);
      if (!seen.add(d.name())) {
        throw new IllegalArgumentException(Reflection.where(method) + ": job name \"" + d.name()
            + "\" is declared twice in " + target.getClass().getName()
            + "; give each @MonitoredJob its own name");
      }
      declared.add(d);
    }
    if (declared.isEmpty()) {
      throw new IllegalArgumentException(target.getClass().getName() + " has no @MonitoredJob"
          + " methods; annotate a method with @MonitoredJob(name = \"...\", every = \"...\")");
    }
    return declared;
  }

  /**
   * The policy a {@link MonitoredJob} declares, expecting a run every {@code every} (its own
   * {@code every}, or the schedule another scheduler gives it), or at no set interval when null.
   */
  static JobPolicy.Builder policy(MonitoredJob job, Duration every) {
    Duration grace = Arguments.annotationDuration("MonitoredJob", "grace", job.grace());
    Duration maxRuntime = Arguments.annotationDuration("MonitoredJob", "maxRuntime",
        job.maxRuntime());
    JobPolicy.Builder policy = JobPolicy.builder().critical(job.critical());
    if (every != null) {
      policy.expectEvery(every, grace == null ? every : grace);
    }
    if (job.failureThreshold() != 0) {
      policy.failureThreshold(job.failureThreshold());
    }
    if (maxRuntime != null) {
      policy.maxRuntime(maxRuntime);
    }
    return policy;
  }

  private static Declared declare(Object target, Method method) {
    String where = Reflection.where(method);
    MonitoredJob job = method.getAnnotation(MonitoredJob.class);
    if (method.getParameterCount() != 0) {
      throw new IllegalArgumentException(where + " takes parameters; a @MonitoredJob method"
          + " takes none");
    }
    try {
      JobRecords.requireName(job.name());
      if (job.every().isEmpty()) {
        throw new IllegalArgumentException("@MonitoredJob(every) is required, e.g. every = \"1h\"");
      }
      Duration every = Arguments.positive(
          Arguments.annotationDuration("MonitoredJob", "every", job.every()), "every");
      Duration initialDelay = Arguments.annotationDuration("MonitoredJob", "initialDelay",
          job.initialDelay());
      JobPolicy.Builder policy = policy(job, every);
      Reflection.accessible(method);
      Object receiver = Reflection.receiver(method, target);
      return new Declared(job.name(), () -> Reflection.invoke(method, receiver),
          Arguments.notNegative(initialDelay == null ? Duration.ZERO : initialDelay,
              "initialDelay"), every, job.fixedDelay(), policy.build());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
