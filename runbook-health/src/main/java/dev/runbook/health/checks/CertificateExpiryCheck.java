package dev.runbook.health.checks;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HealthCheck;
import dev.runbook.core.Status;
import dev.runbook.core.Thresholds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Days until a TLS certificate expires: {@code degraded} at 14 days left, {@code down} at 7 or
 * expired, by default. The certificate comes from a {@link KeyStore} (the soonest-expiring X.509
 * certificate in it) or from a live TLS server ({@code host:port}, the leaf certificate it
 * presents). Reports {@code subject}, {@code not_after} and {@code days_left}.
 *
 * <p>Against a server, the check completes a handshake that accepts any certificate, because its
 * job is to read the expiry even of a certificate that no longer validates; it sends no data and
 * trusts nothing it reads. The connect and handshake are bounded by the connect timeout.
 *
 * <pre>{@code
 * registry.register("tls", CertificateExpiryCheck.forServer("api.example.com", 443, clock));
 * }</pre>
 */
public final class CertificateExpiryCheck implements HealthCheck {

  public static final Thresholds DEFAULT_THRESHOLDS =
      Thresholds.below(Duration.ofDays(14), Duration.ofDays(7));
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  @FunctionalInterface
  private interface Source {
    List<X509Certificate> certificates() throws IOException, GeneralSecurityException;
  }

  private final Source source;
  private final String description;
  private final Thresholds thresholds;
  private final Clock clock;

  private CertificateExpiryCheck(Source source, String description, Thresholds thresholds,
      Clock clock) {
    this.source = source;
    this.description = description;
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds must not be null");
    if (thresholds.direction() != Thresholds.Direction.BELOW) {
      throw new IllegalArgumentException(
          "certificate thresholds " + thresholds + " must be below(...): less time left is worse");
    }
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** The soonest-expiring certificate in a key store. */
  public static CertificateExpiryCheck forKeyStore(KeyStore keyStore, Thresholds thresholds,
      Clock clock) {
    Objects.requireNonNull(keyStore, "keyStore must not be null");
    return new CertificateExpiryCheck(() -> {
      List<X509Certificate> certificates = new ArrayList<>();
      for (String alias : Collections.list(keyStore.aliases())) {
        Certificate certificate = keyStore.getCertificate(alias);
        if (certificate instanceof X509Certificate) {
          certificates.add((X509Certificate) certificate);
        }
      }
      return certificates;
    }, "key store", thresholds, clock);
  }

  public static CertificateExpiryCheck forKeyStore(KeyStore keyStore, Clock clock) {
    return forKeyStore(keyStore, DEFAULT_THRESHOLDS, clock);
  }

  /** The leaf certificate a TLS server presents. */
  public static CertificateExpiryCheck forServer(String host, int port, Duration connectTimeout,
      Thresholds thresholds, Clock clock) {
    Objects.requireNonNull(host, "host must not be null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port (1 to 65535)");
    }
    int timeoutMillis = (int) Objects.requireNonNull(connectTimeout, "connectTimeout").toMillis();
    return new CertificateExpiryCheck(() -> {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ReadOnlyTrust()}, null);
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(host, port), timeoutMillis);
        plain.setSoTimeout(timeoutMillis);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory()
            .createSocket(plain, host, port, false)) {
          tls.startHandshake();
          Certificate[] chain = tls.getSession().getPeerCertificates();
          return chain.length > 0 && chain[0] instanceof X509Certificate
              ? List.of((X509Certificate) chain[0]) : List.of();
        }
      }
    }, host + ":" + port, thresholds, clock);
  }

  public static CertificateExpiryCheck forServer(String host, int port, Clock clock) {
    return forServer(host, port, DEFAULT_CONNECT_TIMEOUT, DEFAULT_THRESHOLDS, clock);
  }

  @Override
  public CheckResult check() throws IOException, GeneralSecurityException {
    List<X509Certificate> certificates = source.certificates();
    if (certificates.isEmpty()) {
      return CheckResult.down("no X.509 certificate found in " + description);
    }
    X509Certificate soonest = certificates.get(0);
    for (X509Certificate c : certificates) {
      if (c.getNotAfter().before(soonest.getNotAfter())) {
        soonest = c;
      }
    }
    Instant notAfter = soonest.getNotAfter().toInstant();
    Duration left = Duration.between(clock.instant(), notAfter);
    Status status = thresholds.statusOf(left);
    long days = left.toDays();
    String subject = soonest.getSubjectX500Principal().getName();
    String error = status == Status.OK ? null
        : left.isNegative() ? "certificate " + subject + " of " + description + " expired at "
            + notAfter
        : "certificate " + subject + " of " + description + " expires in " + days + " days, at "
            + notAfter;
    return CheckResult.of(status, error)
        .withDetail("subject", subject)
        .withDetail("not_after", notAfter)
        .withDetail("days_left", days);
  }

  /** Accepts any server certificate: the check reads the expiry, it does not trust the peer. */
  private static final class ReadOnlyTrust implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("the certificate check is never a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Accepted on purpose: see the class documentation.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
