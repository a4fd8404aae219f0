package dev.runbook.examples.bibliotheca;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.health.jobs.JobSkipped;
import dev.runbook.health.sources.IngestionSource;
import dev.runbook.health.sources.SourceException;
import dev.runbook.health.sources.SourceUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Delivers the outbox through the mail provider, behind the {@code email} source's circuit
 * breaker. This is the {@code overdue-reminders} job: it queues reminders for overdue loans, then
 * sends what the outbox holds. A run that cannot deliver fails (its {@code last_error} says why);
 * while the circuit is open, runs are skipped, neither failing nor resetting the count.
 */
final class Mailer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Library library;
  private final IngestionSource email;
  private final URI provider;
  private final HttpClient http;

  Mailer(Library library, IngestionSource email, URI provider) {
    this.library = library;
    this.email = email;
    this.provider = provider;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  }

  /** One run of the {@code overdue-reminders} job. */
  void deliver() {
    email.skipWhileOpen(); // mail stays in the outbox meanwhile
    try {
      library.queueOverdueReminders();
      for (Library.Mail mail : library.pendingMail(100)) {
        try {
          email.call("send", () -> send(mail));
          library.markSent(mail.id());
        } catch (SourceUnavailableException e) {
          throw new JobSkipped("the email provider's circuit opened; mail stays in the outbox");
        } catch (Exception e) {
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          library.markFailed(mail.id(), why);
          throw new IllegalStateException("could not deliver mail " + mail.id() + " (\""
              + mail.subject() + "\") through " + provider + ": " + why, e);
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("outbox unreadable: " + e.getMessage(), e);
    }
  }

  private Void send(Library.Mail mail) throws Exception {
    String body = JSON.writeValueAsString(
        Map.of("to", mail.to(), "subject", mail.subject(), "body", mail.body()));
    HttpRequest request = HttpRequest.newBuilder(provider.resolve("/send"))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    SourceException.checkStatus(response.statusCode(),
        response.headers().firstValue("Retry-After").orElse(null));
    return null;
  }

  /**
   * The {@code email} health check (registered as non-critical): is the provider reachable, and
   * what is its circuit doing.
   */
  HealthCheck healthCheck() {
    return () -> {
      CheckResult result;
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(provider.resolve("/ping"))
            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
        result = r.statusCode() / 100 == 2 ? CheckResult.ok()
            : CheckResult.down("the email provider answered /ping with HTTP " + r.statusCode());
      } catch (java.io.IOException e) {
        result = CheckResult.down("the email provider at " + provider.getHost() + ":"
            + provider.getPort() + " is unreachable: " + e);
      }
      return result.withDetail("provider", provider.getHost() + ":" + provider.getPort())
          .withDetail("circuit", email.state())
          .withDetail("cooldown_remaining_s", (email.cooldownRemaining().toMillis() + 999) / 1000);
    };
  }
}
