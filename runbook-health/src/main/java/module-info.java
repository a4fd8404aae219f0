/**
 * Health endpoints, job monitoring and ingestion-source circuit breakers. Micrometer, the
 * Jakarta Servlet API, Jakarta Mail and the RabbitMQ client are optional: only {@code
 * dev.runbook.health.micrometer}, {@code dev.runbook.health.servlet}, {@code
 * dev.runbook.health.mail} and {@code dev.runbook.health.amqp} need them. {@code
 * dev.runbook.health.internal} is not exported.
 */
module dev.runbook.health {
  requires transitive dev.runbook.core;
  requires com.fasterxml.jackson.databind;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.core;
  requires java.management;
  requires java.net.http;
  requires transitive jdk.httpserver;
  requires transitive org.slf4j;
  requires static transitive jakarta.servlet;
  requires static transitive micrometer.core;
  requires static jakarta.mail;
  requires static com.rabbitmq.client;

  exports dev.runbook.health;
  exports dev.runbook.health.alerts;
  exports dev.runbook.health.amqp;
  exports dev.runbook.health.checks;
  exports dev.runbook.health.http;
  exports dev.runbook.health.jobs;
  exports dev.runbook.health.mail;
  exports dev.runbook.health.micrometer;
  exports dev.runbook.health.queues;
  exports dev.runbook.health.servlet;
  exports dev.runbook.health.slo;
  exports dev.runbook.health.sources;
}
