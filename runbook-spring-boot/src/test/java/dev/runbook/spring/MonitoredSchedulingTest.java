package dev.runbook.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.health.HealthRegistry;
import dev.runbook.health.jobs.JobMonitor;
import dev.runbook.health.jobs.JobState;
import dev.runbook.health.jobs.MonitoredJob;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Spring's own {@code @Scheduled} runs, recorded by the job monitor. */
class MonitoredSchedulingTest {

  /** Two runs finish at start-up (both schedules fire at once); the latch opens after both. */
  static final CountDownLatch BOTH_RAN = new CountDownLatch(2);

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  static class Scheduling {
    @Bean
    JobMonitor jobMonitor() {
      return JobMonitor.builder().build().addListener(event -> BOTH_RAN.countDown());
    }

    @Bean
    Etl etl() {
      return new Etl();
    }
  }

  static class Etl {
    @Scheduled(fixedRate = 1, timeUnit = TimeUnit.HOURS)
    @MonitoredJob(name = "etl-load", failureThreshold = 1)
    public void load() {
      throw new IllegalStateException("warehouse unreachable");
    }

    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.HOURS)
    public void cleanup() {
      // nothing to clean
    }
  }

  @Test
  void scheduledRunsAreRecordedUnderTheirJobNamesWithTheSchedulesInterval() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RunbookHealthAutoConfiguration.class))
        .withUserConfiguration(Scheduling.class)
        .withPropertyValues("runbook.jobs.monitor-all-scheduled=true")
        .run(context -> {
          assertThat(BOTH_RAN.await(30, TimeUnit.SECONDS)).as("both first runs finished")
              .isTrue();
          JobMonitor jobs = context.getBean(JobMonitor.class);
          JobState load = jobs.state("etl-load").orElseThrow();
          assertThat(load.consecutiveFailures()).isEqualTo(1);
          assertThat(load.failing()).as("its own threshold of 1").isTrue();
          assertThat(load.lastError()).contains("warehouse unreachable");
          JobState cleanup = jobs.state("etl.cleanup").orElseThrow();
          assertThat(cleanup.runs()).isEqualTo(1);
          assertThat(cleanup.consecutiveFailures()).isZero();
          HealthRegistry registry = context.getBean(HealthRegistry.class);
          assertThat(registry.check("scheduler").details().get("failing_jobs").toString())
              .contains("etl-load");
        });
  }
}
