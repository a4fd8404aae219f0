package dev.runbook.benchmarks;

import dev.runbook.core.CheckResult;
import dev.runbook.examples.support.ServiceHttp;
import dev.runbook.health.CheckOptions;
import dev.runbook.health.HealthRegistry;
import dev.runbook.health.http.AccessGate;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthHttpServer;
import dev.runbook.health.http.HealthRequest;
import dev.runbook.health.http.HealthResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Server;

/**
 * Load test of {@code GET /health} with five cached checks through the JDK adapter, on loopback.
 *
 * <p>Clients are plain sockets on keep-alive connections, each sending one request and reading
 * the whole response before the next, so the client side costs little and the figure is the
 * server's. Client and server share the machine's cores, so the figure is conservative. It runs
 * for a bounded time and stops by itself. Run it with {@code bench/health-load.sh}.
 *
 * <p>Arguments: connections (default 16), seconds (default 10), {@code full} or {@code status}
 * (allowlisted caller with the full payload, or anonymous with the status only; default full).
 * With two more, Actuator's port and bibliotheca's, it measures those two servers instead of its
 * own pairs; {@code bench/health-load.sh} runs both phases, the pairs first.
 */
public final class HealthLoad {

  private HealthLoad() {}

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    boolean full = args.length < 3 || args[2].equals("full");
    if (seconds < 1 || seconds > 120) {
      throw new IllegalArgumentException("seconds must be 1 to 120, got " + seconds);
    }
    if (args.length > 3) {
      // the separate JVMs the script started: Actuator's port, then bibliotheca's
      external(Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : -1,
          connections, seconds);
      return;
    }

    HealthRegistry registry = HealthRegistry.builder().service("bench").version("1").build();
    CheckOptions cached = CheckOptions.builder().ttl(Duration.ofHours(1)).build();
    for (String name : List.of("database", "scheduler", "ingestion", "backup", "disk")) {
      registry.register(name, () -> CheckResult.ok().withDetail("name", name)
          .withDetail("value", 42), cached);
    }
    AccessGate gate = full ? AccessGate.builder().allow("127.0.0.1").build()
        : AccessGate.denyAll();
    HealthEndpoint endpoint = HealthEndpoint.builder(registry).gate(gate).build();
    // the ceiling: the same server answering a fixed body of the same size and headers
    HealthResponse sample = endpoint.handle(HealthRequest.builder("GET", "/health")
        .remoteAddress(InetAddress.getByName("127.0.0.1")).build());
    byte[] fixed = sample.body();
    HealthHttpServer server = HealthHttpServer.builder(endpoint)
        .route("/fixed", exchange -> {
          sample.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
          exchange.sendResponseHeaders(200, fixed.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(fixed);
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).start();
    // the examples' serving stack: Jetty 12 as ServiceHttp configures it, /health through the
    // servlet adapter and the same fixed body beside it
    Server jetty = ServiceHttp.server("bench", "127.0.0.1", 0, endpoint, Map.of("/fixed",
        new HttpServlet() {
          private static final long serialVersionUID = 1L;

          @Override
          protected void service(HttpServletRequest req, HttpServletResponse resp)
              throws java.io.IOException {
            resp.setStatus(200);
            sample.headers().forEach(resp::setHeader);
            resp.setContentLength(fixed.length);
            resp.getOutputStream().write(fixed);
          }
        }));
    jetty.start();
    int jettyPort = ServiceHttp.port(jetty);
    try {
      rounds(server, fixed.length, full, jettyPort, connections, seconds);
    } finally {
      jetty.stop();
      server.close();
      registry.close();
    }
  }

  private static void rounds(HealthHttpServer server, int bytes, boolean full, int jettyPort,
      int connections, int seconds) throws Exception {
    System.out.printf("health-load: %s payload (%d bytes), %d connections, %d s a measurement,"
            + " java %s, virtual threads %s%n", full ? "full" : "status-only", bytes, connections,
        seconds, System.getProperty("java.version"), server.virtualThreads());
    // /health and /fixed alternate, pair after pair, so drift on the shared machine (other JVMs,
    // JIT, the page cache) falls on both alike; the ratio is the median of the pairs' ratios
    Pairs jdk = new Pairs();
    Pairs jetty = new Pairs();
    for (int round = 0; round < 2; round++) { // JIT warm-up, as long as the pairs, not counted
      for (int port : List.of(server.port(), jettyPort)) {
        measure(port, "/health", connections, seconds);
        measure(port, "/fixed", connections, seconds);
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      jdk.add(round, server.port(), connections, seconds);
      jetty.add(round, jettyPort, connections, seconds);
    }
    jdk.print("HealthHttpServer");
    jetty.print("Jetty (the examples' ServiceHttp)");
  }

  /** The separate JVMs: a warm-up each, then alternating rounds, medians reported. */
  private static void external(int actuator, int example, int connections, int seconds)
      throws Exception {
    List<Double> exampleRates = new ArrayList<>();
    List<Double> actuatorRates = new ArrayList<>();
    for (int round = -2; round < 3; round++) { // two rounds of JIT warm-up, not counted
      if (example > 0) {
        double rate = measure(example, "/health", connections, seconds);
        if (round >= 0) {
          exampleRates.add(rate);
        }
      }
      if (actuator > 0) {
        double rate = measure(actuator, "/actuator/health", connections, seconds);
        if (round >= 0) {
          actuatorRates.add(rate);
        }
      }
    }
    if (example > 0) {
      System.out.printf("health-load: GET /health on bibliotheca.jar (default start, Jetty,"
          + " allowlisted), 3 rounds: %.0f requests/s (median; rounds %s)%n",
          Pairs.median(exampleRates), rounded(exampleRates));
    }
    if (actuator > 0) {
      System.out.printf("health-load: GET /actuator/health (Spring Boot Actuator, five"
          + " indicators with details), 3 rounds: %.0f requests/s (median; rounds %s)%n",
          Pairs.median(actuatorRates), rounded(actuatorRates));
    }
    if (example > 0 && actuator > 0) {
      System.out.printf("health-load: bibliotheca.jar's /health answers %.1fx Actuator's"
          + " requests/s%n", Pairs.median(exampleRates) / Pairs.median(actuatorRates));
    }
  }

  private static String rounded(List<Double> rates) {
    return rates.stream().map(r -> String.format("%.0f", r))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static final int ROUNDS = 8;

  /** Alternating measurements of {@code /health} and {@code /fixed} on one server. */
  private static final class Pairs {
    private final List<Double> health = new ArrayList<>();
    private final List<Double> fixed = new ArrayList<>();
    private final List<Double> ratios = new ArrayList<>();

    void add(int round, int port, int connections, int seconds) throws Exception {
      double h;
      double f;
      if (round % 2 == 0) {
        h = measure(port, "/health", connections, seconds);
        f = measure(port, "/fixed", connections, seconds);
      } else {
        f = measure(port, "/fixed", connections, seconds);
        h = measure(port, "/health", connections, seconds);
      }
      health.add(h);
      fixed.add(f);
      ratios.add(h / f);
    }

    void print(String server) {
      System.out.printf("health-load: %s, %d pairs: GET /health %.0f requests/s, GET /fixed %.0f"
              + " requests/s (medians); /health at %.1f %% of /fixed (median of the pairs'"
              + " ratios; each pair: %s)%n", server, ratios.size(), median(health), median(fixed),
          100 * median(ratios), ratios.stream().map(r -> String.format("%.0f %%", 100 * r))
              .collect(java.util.stream.Collectors.joining(", ")));
    }

    static double median(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      java.util.Collections.sort(sorted);
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  /** Requests per second on {@code path} over {@code connections} keep-alive sockets. */
  private static double measure(int port, String path, int connections, int seconds)
      throws Exception {
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    LongAdder completed = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean measuring = new AtomicBoolean(false);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread t = new Thread(() -> {
        // keep-alive until the server closes the connection (Tomcat does every 100 requests),
        // then a new one, as load tools do
        while (running.get()) {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (running.get()) {
              out.write(request);
              out.flush();
              int answer = readResponse(in);
              int status = Math.abs(answer);
              if (status == 200 && measuring.get()) {
                completed.increment();
              } else if (measuring.get()) {
                failed.increment();
              }
              if (answer < 0) {
                break; // the server said Connection: close
              }
            }
          } catch (ConnectException e) {
            failed.increment();
            return;
          } catch (IOException e) {
            // closed by the server between requests: open another
          }
        }
      }, "load-" + i);
      t.setDaemon(true);
      clients.add(t);
      t.start();
    }
    Thread.sleep(2_000); // warm-up, not measured
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    running.set(false);
    for (Thread t : clients) {
      t.join(10_000);
    }
    if (failed.sum() > 0) {
      throw new IllegalStateException(failed.sum() + " requests to " + path + " failed");
    }
    return completed.sum() / elapsed;
  }

  /**
   * Reads one HTTP/1.1 response (Content-Length or chunked body); returns its status code,
   * negated when the server closes the connection after it.
   */
  private static int readResponse(InputStream in) throws IOException {
    int status = -1;
    int length = 0;
    boolean chunked = false;
    boolean closing = false;
    for (String text = line(in); !text.isEmpty(); text = line(in)) {
      if (status < 0) {
        status = Integer.parseInt(text.split(" ")[1]);
      } else if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(text.substring(15).trim());
      } else if (text.regionMatches(true, 0, "Connection:", 0, 11)
          && text.toLowerCase(java.util.Locale.ROOT).contains("close")) {
        closing = true;
      } else if (text.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)
          && text.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      in.readNBytes(length);
      return closing ? -status : status;
    }
    for (int size = Integer.parseInt(line(in), 16); size > 0;
        size = Integer.parseInt(line(in), 16)) {
      in.readNBytes(size);
      line(in); // the CRLF after each chunk
    }
    line(in); // the CRLF after the last, empty chunk
    return closing ? -status : status;
  }

  /** One line without its CRLF. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) c);
    }
    return line.toString().trim();
  }
}
