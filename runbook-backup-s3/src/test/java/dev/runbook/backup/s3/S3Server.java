package dev.runbook.backup.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on loopback, started as its own process from the jar the build copied into
 * {@code target/s3-servers}: S3Mock (Adobe's, on Spring Boot) or S3Proxy (on jclouds, with its
 * filesystem backend). Each is started once per test JVM and stopped when it exits.
 */
enum S3Server {
  S3MOCK, S3PROXY;

  static final String ACCESS_KEY = "runbook-test";
  static final String SECRET_KEY = "runbook-test-secret-0123456789";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  private static final Map<S3Server, Running> RUNNING = new EnumMap<>(S3Server.class);
  private static final Pattern S3MOCK_PORTS =
      Pattern.compile("Tomcat started on ports? .*?(\\d+) \\(http\\)");

  record Running(Process process, URI endpoint, Path log) {}

  /** The server's address, starting it on first use. */
  synchronized URI endpoint() {
    Running running = RUNNING.get(this);
    if (running == null || !running.process.isAlive()) {
      running = start();
      RUNNING.put(this, running);
    }
    return running.endpoint;
  }

  /** A client of the server, for what the tests do beside the target. */
  S3Client client() {
    return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).forcePathStyle(true)
        .requestChecksumCalculation(
            software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(
            software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** A new, empty bucket. */
  String newBucket(String name) {
    try (S3Client s3 = client()) {
      s3.createBucket(r -> r.bucket(name));
    }
    return name;
  }

  private Running start() {
    Path jars = Path.of(System.getProperty("s3.servers", "target/s3-servers"));
    try {
      Path work = Files.createTempDirectory("runbook-" + name().toLowerCase() + "-");
      Path log = work.resolve("server.log");
      List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC"));
      URI endpoint;
      if (this == S3MOCK) {
        command.addAll(List.of("-jar", jars.resolve("s3mock-exec.jar").toString(),
            "--server.port=0", "--server.address=127.0.0.1",
            "--com.adobe.testing.s3mock.httpPort=0",
            "--com.adobe.testing.s3mock.store.root=" + work.resolve("data"),
            "--spring.main.banner-mode=off", "--logging.level.root=WARN",
            "--logging.level.org.springframework.boot.tomcat=INFO",
            "--logging.level.org.springframework.boot.web.embedded.tomcat=INFO"));
        endpoint = null;
      } else {
        int port = freePort();
        Files.createDirectories(work.resolve("data"));
        Path properties = work.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            // filesystem-nio2 fails to list a multipart upload whose part was cut off by a kill
            "jclouds.provider=filesystem",
            "jclouds.identity=" + ACCESS_KEY,
            "jclouds.credential=" + SECRET_KEY,
            "jclouds.filesystem.basedir=" + work.resolve("data"), ""));
        command.addAll(List.of("-jar", jars.resolve("s3proxy-jar-with-dependencies.jar")
            .toString(), "--properties", properties.toString()));
        endpoint = URI.create("http://127.0.0.1:" + port);
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        process.destroyForcibly();
        try {
          process.waitFor();
          try (java.util.stream.Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
        } catch (IOException | InterruptedException e) {
          // the temporary folder stays; nothing else to do at exit
        }
      }));
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name() + " exited at start:\n" + tail(log));
        }
        if (endpoint == null) {
          Matcher m = S3MOCK_PORTS.matcher(Files.readString(log, StandardCharsets.UTF_8));
          if (m.find()) {
            endpoint = URI.create("http://127.0.0.1:" + m.group(1));
          }
        }
        if (endpoint != null && accepts(endpoint.getPort())) {
          return new Running(process, endpoint, log);
        }
        Thread.sleep(200); // polling a process's start-up; no clock of ours to move
      }
      process.destroyForcibly();
      throw new IllegalStateException(name() + " did not start within 120 s:\n" + tail(log));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name() + " from " + jars
          + " (built by mvn generate-test-resources): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
