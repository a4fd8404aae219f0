package dev.runbook.health.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Calls annotated methods the way their authors wrote them: what they throw is what escapes. */
public final class Reflection {

  private Reflection() {}

  /** Makes a non-public method (or one of a non-public class) callable. */
  public static Method accessible(Method method) {
    if (!Modifier.isPublic(method.getModifiers())
        || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
      method.setAccessible(true);
    }
    return method;
  }

  /** The receiver for {@code method}: null for a static method. */
  public static Object receiver(Method method, Object target) {
    return Modifier.isStatic(method.getModifiers()) ? null : target;
  }

  /** Invokes {@code method}, rethrowing the method's own exception rather than a wrapper. */
  public static Object invoke(Method method, Object receiver) throws Exception {
    try {
      return method.invoke(receiver);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  /** {@code Class.method()}, for error messages. */
  public static String where(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "()";
  }
}
