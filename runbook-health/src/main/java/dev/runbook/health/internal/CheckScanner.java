package dev.runbook.health.internal;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.health.Check;
import dev.runbook.health.CheckOptions;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Turns {@link Check}-annotated methods into checks, rejecting bad declarations up front. */
public final class CheckScanner {

  private static final String SHAPES =
      "a @Check method takes no parameters and returns CheckResult, Status, boolean or void";

  /** One valid declaration. */
  public static final class Declared {
    public final String name;
    public final HealthCheck check;
    public final CheckOptions options;
    public final String where;

    Declared(String name, HealthCheck check, CheckOptions options, String where) {
      this.name = name;
      this.check = check;
      this.options = options;
      this.where = where;
    }
  }

  private CheckScanner() {}

  public static List<Declared> scan(Object target) {
    Objects.requireNonNull(target, "object to scan must not be null");
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Check.class)) {
          methods.add(m);
        }
      }
    }
    // Reflection does not promise declaration order; order by check name for a stable result.
    methods.sort(Comparator.comparing(m -> m.getAnnotation(Check.class).name()));
    List<Declared> declared = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Method method : methods) {
      Check annotation = method.getAnnotation(Check.class);
      String where = Reflection.where(method);
      Declared d = declare(target, method, annotation, where);
      if (!seen.add(d.name)) {
        throw new IllegalArgumentException(where + ": check name \"" + d.name + "\" is declared"
            + " twice in " + target.getClass().getName() + "; give each @Check its own name");
      }
      declared.add(d);
    }
    if (declared.isEmpty()) {
      throw new IllegalArgumentException(target.getClass().getName() + " has no @Check methods;"
          + " annotate a method with @Check(name = \"...\") or register the check directly");
    }
    return declared;
  }

  private static Declared declare(Object target, Method method, Check annotation, String where) {
    if (method.getParameterCount() != 0) {
      throw new IllegalArgumentException(where + " takes parameters; " + SHAPES);
    }
    Class<?> type = method.getReturnType();
    if (type != CheckResult.class && type != Status.class && type != boolean.class
        && type != Boolean.class && type != void.class) {
      throw new IllegalArgumentException(where + " returns " + type.getName() + "; " + SHAPES);
    }
    CheckOptions options;
    try {
      CheckOptions.Builder b = CheckOptions.builder().critical(annotation.critical());
      if (annotation.groups().length > 0) {
        b.groups(annotation.groups());
      }
      Duration timeout = Arguments.annotationDuration("Check", "timeout", annotation.timeout());
      if (timeout != null) {
        b.timeout(timeout);
      }
      Duration ttl = Arguments.annotationDuration("Check", "ttl", annotation.ttl());
      if (ttl != null) {
        b.ttl(ttl);
      }
      Duration every = Arguments.annotationDuration("Check", "every", annotation.every());
      if (every != null) {
        b.background(every);
      }
      options = b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    Reflection.accessible(method);
    Object receiver = Reflection.receiver(method, target);
    return new Declared(annotation.name(), () -> invoke(method, receiver, type), options, where);
  }

  private static CheckResult invoke(Method method, Object receiver, Class<?> type)
      throws Exception {
    Object value = Reflection.invoke(method, receiver);
    if (type == void.class) {
      return CheckResult.ok();
    }
    if (type == boolean.class || type == Boolean.class) {
      return Boolean.TRUE.equals(value) ? CheckResult.ok()
          : CheckResult.down(method.getName() + "() returned false");
    }
    if (type == Status.class) {
      Status status = (Status) value;
      if (status == null) {
        return CheckResult.down(method.getName() + "() returned no status (null)");
      }
      return status == Status.OK ? CheckResult.ok()
          : CheckResult.of(status, method.getName() + "() returned " + status);
    }
    return (CheckResult) value;
  }
}
