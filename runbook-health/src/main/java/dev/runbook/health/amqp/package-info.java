/**
 * RabbitMQ as a queue probe, through the official AMQP client: an optional dependency that only
 * this package needs.
 *
 * <p>The public API:
 *
 * <ul>
 *   <li>{@link RabbitMqProbe}: RabbitMQ queues, through the official AMQP client.
 * </ul>
 */
package dev.runbook.health.amqp;
