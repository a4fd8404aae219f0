package dev.runbook.spring;

import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobPolicy;
import dev.runbook.health.jobs.MonitoredJob;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.ReflectionUtils;

/**
 * Records the runs of Spring's {@link Scheduled} methods in the {@link JobMonitor}: each method
 * also annotated {@link MonitoredJob} under its name and policy, and with {@code
 * runbook.jobs.monitor-all-scheduled=true} every other {@code @Scheduled} method as {@code
 * <bean>.<method>} in kebab case. The bean is wrapped in a class proxy before Spring's scheduling
 * post-processor sees it, so each run goes through {@link JobMonitor#call}: consecutive failures,
 * last error, duration, overdue runs (at the schedule's fixed rate or delay). A failure is still
 * thrown to Spring's scheduler, which logs it as before.
 */
public final class MonitoredScheduling implements BeanPostProcessor, Ordered {

  private final ObjectProvider<JobMonitor> monitor;
  private final boolean all;

  MonitoredScheduling(ObjectProvider<JobMonitor> monitor, boolean all) {
    this.monitor = monitor;
    this.all = all;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 10; // before ScheduledAnnotationBeanPostProcessor
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    Map<Method, String> jobs = new LinkedHashMap<>();
    Map<String, JobPolicy> policies = new LinkedHashMap<>();
    ReflectionUtils.doWithMethods(type, method -> {
      Scheduled scheduled = AnnotatedElementUtils.findMergedAnnotation(method, Scheduled.class);
      MonitoredJob job = method.getAnnotation(MonitoredJob.class);
      if (scheduled == null || job == null && !all) {
        return;
      }
      String name = job != null ? job.name()
          : CheckRegistrar.checkName(beanName) + "." + CheckRegistrar.checkName(method.getName());
      Duration every = interval(scheduled);
      try {
        policies.put(name, job != null ? JobPolicy.of(job, every)
            : every == null ? JobPolicy.defaults()
                : JobPolicy.builder().expectEvery(every, every).build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(type.getName() + "." + method.getName() + ": "
            + e.getMessage(), e);
      }
      jobs.put(method, name);
    });
    if (jobs.isEmpty()) {
      return bean;
    }
    JobMonitor jobMonitor = monitor.getObject();
    policies.forEach(jobMonitor::declare);
    ProxyFactory proxy = new ProxyFactory(bean);
    proxy.setProxyTargetClass(true);
    proxy.addAdvice((MethodInterceptor) invocation -> {
      String name = jobs.get(AopUtils.getMostSpecificMethod(invocation.getMethod(), type));
      if (name == null) {
        return invocation.proceed();
      }
      return jobMonitor.call(name, () -> {
        try {
          return invocation.proceed();
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      });
    });
    return proxy.getProxy(type.getClassLoader());
  }

  /** The fixed rate or delay of a schedule, or null for a cron expression. */
  private static Duration interval(Scheduled scheduled) {
    long millis = scheduled.fixedRate() > 0 ? scheduled.timeUnit().toMillis(scheduled.fixedRate())
        : scheduled.fixedDelay() > 0 ? scheduled.timeUnit().toMillis(scheduled.fixedDelay()) : -1;
    return millis > 0 ? Duration.ofMillis(millis) : null;
  }
}
