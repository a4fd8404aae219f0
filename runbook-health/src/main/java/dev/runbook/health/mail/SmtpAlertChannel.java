package dev.runbook.health.mail;

import dev.runbook.core.Settings;
import dev.runbook.core.SettingsException;
import dev.runbook.health.alerts.AlertChannel;
import dev.runbook.health.alerts.AlertEvent;
import dev.runbook.health.internal.Arguments;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Sends each alert event as a plain-text e-mail over SMTP (Jakarta Mail, through Eclipse Angus
 * Mail: an optional dependency of runbook-health that a service using this class adds). Register
 * it with {@link dev.runbook.health.alerts.AlertBook.Builder#channel} at {@code WARNING}, the
 * runbooks' floor for e-mail. Connect, read and write each time out (default 10 s); the book runs
 * the channel on a thread of its own, so a mail server that hangs delays nothing else. The
 * password is never part of an error or {@link #toString()}.
 *
 * <p>{@link #fromSettings} reads {@code ALERT_SMTP_HOST}, {@code ALERT_SMTP_PORT} (default 587
 * with STARTTLS, 465 with TLS, 25 without), {@code ALERT_SMTP_SECURITY} ({@code starttls}, the
 * default, {@code tls} or {@code none}), {@code ALERT_SMTP_FROM}, {@code ALERT_SMTP_TO} (a list),
 * {@code ALERT_SMTP_USER}, {@code ALERT_SMTP_PASSWORD} and {@code ALERT_SMTP_TIMEOUT}.
 */
public final class SmtpAlertChannel implements AlertChannel {

  /** How the connection is protected. */
  public enum Security {
    /** Plain SMTP, upgraded with STARTTLS; refused if the server cannot. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, port 465). */
    TLS,
    /** No protection: for a relay on the same host or network only. */
    NONE
  }

  static final Set<String> SETTINGS = Set.of("ALERT_SMTP_HOST", "ALERT_SMTP_PORT",
      "ALERT_SMTP_SECURITY", "ALERT_SMTP_FROM", "ALERT_SMTP_TO", "ALERT_SMTP_USER",
      "ALERT_SMTP_PASSWORD", "ALERT_SMTP_TIMEOUT");

  private final Session session;
  private final InternetAddress from;
  private final List<InternetAddress> to;
  private final String service;
  private final String host;
  private final int port;

  private SmtpAlertChannel(Builder b) {
    this.from = b.from;
    this.to = List.copyOf(b.to);
    this.service = b.service;
    this.host = b.host;
    this.port = b.port != 0 ? b.port
        : b.security == Security.TLS ? 465 : b.security == Security.NONE ? 25 : 587;
    String protocol = b.security == Security.TLS ? "smtps" : "smtp";
    Properties p = new Properties();
    String prefix = "mail." + protocol + ".";
    p.put("mail.transport.protocol", protocol);
    p.put(prefix + "host", host);
    p.put(prefix + "port", Integer.toString(port));
    String ms = Long.toString(b.timeout.toMillis());
    p.put(prefix + "connectiontimeout", ms);
    p.put(prefix + "timeout", ms);
    p.put(prefix + "writetimeout", ms);
    if (b.security == Security.STARTTLS) {
      p.put(prefix + "starttls.enable", "true");
      p.put(prefix + "starttls.required", "true");
    }
    if (b.security != Security.NONE) {
      p.put(prefix + "ssl.checkserveridentity", "true");
    }
    Authenticator auth = null;
    if (b.user != null) {
      p.put(prefix + "auth", "true");
      String user = b.user;
      String password = b.password;
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(user, password);
        }
      };
    }
    this.session = Session.getInstance(p, auth);
  }

  public static Builder builder(String host) {
    return new Builder(host);
  }

  /**
   * The channel the {@code ALERT_SMTP_*} settings describe, or empty when none is set.
   *
   * @throws SettingsException naming the setting when one is wrong or missing: with any {@code
   *     ALERT_SMTP_*} set, {@code ALERT_SMTP_HOST}, {@code ALERT_SMTP_FROM} and {@code
   *     ALERT_SMTP_TO} are required, and a user needs a password
   */
  public static Optional<SmtpAlertChannel> fromSettings(Settings settings, String service) {
    Set<String> set = settings.namesStartingWith("ALERT_SMTP_");
    if (set.isEmpty()) {
      return Optional.empty();
    }
    for (String name : set) {
      if (!SETTINGS.contains(name)) {
        throw new SettingsException(name, name + " is not a setting; the e-mail alert settings"
            + " are " + String.join(", ", new java.util.TreeSet<>(SETTINGS)), null);
      }
    }
    String host = settings.required("ALERT_SMTP_HOST");
    Builder b = setting("ALERT_SMTP_HOST", () -> builder(host));
    String security = settings.string("ALERT_SMTP_SECURITY", "starttls");
    try {
      b.security(Security.valueOf(security.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("ALERT_SMTP_SECURITY", "ALERT_SMTP_SECURITY \"" + security
          + "\" is not one of starttls, tls, none", null);
    }
    settings.number("ALERT_SMTP_PORT").ifPresent(port -> {
      if (port < 1 || port > 65535) {
        throw new SettingsException("ALERT_SMTP_PORT", "ALERT_SMTP_PORT " + port
            + " is not a port from 1 to 65535", null);
      }
      b.port(port.intValue());
    });
    setting("ALERT_SMTP_FROM", () -> b.from(settings.required("ALERT_SMTP_FROM")));
    settings.required("ALERT_SMTP_TO");
    setting("ALERT_SMTP_TO", () -> b.to(settings.list("ALERT_SMTP_TO").toArray(new String[0])));
    Optional<String> user = settings.string("ALERT_SMTP_USER");
    Optional<String> password = settings.string("ALERT_SMTP_PASSWORD");
    if (user.isPresent() != password.isPresent()) {
      throw new SettingsException(user.isPresent() ? "ALERT_SMTP_PASSWORD" : "ALERT_SMTP_USER",
          "ALERT_SMTP_USER and ALERT_SMTP_PASSWORD go together; set both or neither", null);
    }
    user.ifPresent(u -> b.credentials(u, password.get()));
    settings.duration("ALERT_SMTP_TIMEOUT").ifPresent(t -> setting("ALERT_SMTP_TIMEOUT",
        () -> b.timeout(t)));
    return Optional.of(b.service(service).build());
  }

  /** {@code apply}'s result; its argument error becomes one naming {@code key}. */
  private static <T> T setting(String key, java.util.function.Supplier<T> apply) {
    try {
      return apply.get();
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key, key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void send(AlertEvent event) throws IOException {
    try {
      Transport.send(message(event));
    } catch (MessagingException e) {
      // the cause may quote the server's answer, never the password; the host names the relay
      throw new IOException("mail to " + host + ":" + port + " failed: " + rootMessage(e));
    }
  }

  private MimeMessage message(AlertEvent event) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
    message.setSubject((service == null ? "" : service + ": ") + event.summary()
        .replaceAll("[\\r\\n]+", " "), "UTF-8");
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Object> field : event.fields().entrySet()) {
      text.append(field.getKey()).append(": ").append(field.getValue()).append('\n');
    }
    message.setText(text.toString(), "UTF-8");
    message.setHeader("Auto-Submitted", "auto-generated");
    return message;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : " " + m.strip());
  }

  @Override
  public String toString() {
    return "smtp " + host + ":" + port;
  }

  /** Configures an {@link SmtpAlertChannel}. */
  public static final class Builder {
    private final String host;
    private int port;
    private Security security = Security.STARTTLS;
    private InternetAddress from;
    private final List<InternetAddress> to = new ArrayList<>();
    private String user;
    private String password;
    private String service;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(String host) {
      if (host == null || host.isBlank() || host.contains("/") || host.contains("@")) {
        throw new IllegalArgumentException("the SMTP host must be a host name or address, such"
            + " as smtp.example.org, without user, scheme or path");
      }
      this.host = host.strip();
    }

    /** Default 587 for STARTTLS, 465 for TLS, 25 for none. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("SMTP port " + port + " is not from 1 to 65535");
      }
      this.port = port;
      return this;
    }

    public Builder security(Security security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    public Builder from(String address) {
      this.from = address(address);
      return this;
    }

    public Builder to(String... addresses) {
      for (String a : addresses) {
        to.add(address(a));
      }
      return this;
    }

    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Names the service in each subject. */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.positive(timeout, "SMTP timeout");
      return this;
    }

    private static InternetAddress address(String address) {
      try {
        InternetAddress a = new InternetAddress(address, true);
        a.validate();
        return a;
      } catch (AddressException e) {
        throw new IllegalArgumentException("\"" + address + "\" is not an e-mail address such"
            + " as ops@example.org");
      }
    }

    public SmtpAlertChannel build() {
      if (from == null) {
        throw new IllegalArgumentException("an SMTP alert channel needs a from address");
      }
      if (to.isEmpty()) {
        throw new IllegalArgumentException("an SMTP alert channel needs at least one recipient");
      }
      return new SmtpAlertChannel(this);
    }
  }
}
