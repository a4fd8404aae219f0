package dev.runbook.health.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Certificates made by the JDK's keytool; the server case is a real TLS handshake on loopback. */
class CertificateExpiryCheckTest {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static KeyStore keyStore;
  private static Instant notAfter;

  @BeforeAll
  static void makeCertificate(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=health.test",
        "-validity", "30", "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
    notAfter = ((X509Certificate) keyStore.getCertificate("server")).getNotAfter().toInstant();
  }

  private static Clock daysBeforeExpiry(Duration before) {
    return Clock.fixed(notAfter.minus(before), ZoneOffset.UTC);
  }

  @ParameterizedTest(name = "{0} before expiry -> {1}")
  @CsvSource({"PT480H, OK", "PT336H0.001S, OK", "PT336H, DEGRADED", "PT168H0.001S, DEGRADED",
      "PT168H, DOWN", "PT-1S, DOWN"})
  void shouldJudgeTimeLeftWithInclusiveBoundaries(Duration before, Status expected)
      throws Exception {
    CheckResult result = CertificateExpiryCheck.forKeyStore(keyStore, daysBeforeExpiry(before))
        .check();

    assertThat(result.status()).isEqualTo(expected);
    assertThat(result.details()).containsEntry("subject", "CN=health.test")
        .containsEntry("not_after", notAfter.toString())
        .containsEntry("days_left", before.toDays());
  }

  @Test
  void shouldSayExpiredOnceThePastNotAfter() throws Exception {
    CheckResult result = CertificateExpiryCheck.forKeyStore(keyStore,
        daysBeforeExpiry(Duration.ofDays(-2))).check();

    assertThat(result.error().orElseThrow()).contains("CN=health.test").contains("expired at");
  }

  @Test
  void shouldReadTheCertificateALiveServerPresents() throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
          socket.startHandshake();
          socket.getInputStream().read(); // until the check closes the connection
        } catch (java.io.IOException ignored) {
          // the client closing is the end of this exchange
        }
      });
      acceptor.start();

      CheckResult result = CertificateExpiryCheck.forServer("127.0.0.1", server.getLocalPort(),
          Duration.ofSeconds(5), CertificateExpiryCheck.DEFAULT_THRESHOLDS,
          daysBeforeExpiry(Duration.ofDays(10))).check();

      acceptor.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(result.status()).isEqualTo(Status.DEGRADED);
      assertThat(result.details()).containsEntry("days_left", 10L)
          .containsEntry("subject", "CN=health.test");
      assertThat(result.error().orElseThrow())
          .contains("of 127.0.0.1:" + server.getLocalPort() + " expires in 10 days");
    }
  }
}
