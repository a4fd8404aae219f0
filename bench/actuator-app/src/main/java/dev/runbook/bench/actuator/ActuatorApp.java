package dev.runbook.bench.actuator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** Five health indicators with two details each, the shape of runbook's benchmark checks. */
@SpringBootApplication
public class ActuatorApp {

  public static void main(String[] args) {
    SpringApplication.run(ActuatorApp.class, args);
  }

  private static HealthIndicator indicator(String name) {
    return () -> Health.up().withDetail("name", name).withDetail("value", 42).build();
  }

  @Bean
  HealthIndicator database() {
    return indicator("database");
  }

  @Bean
  HealthIndicator scheduler() {
    return indicator("scheduler");
  }

  @Bean
  HealthIndicator ingestion() {
    return indicator("ingestion");
  }

  @Bean
  HealthIndicator backup() {
    return indicator("backup");
  }

  @Bean
  HealthIndicator disk() {
    return indicator("disk");
  }
}
