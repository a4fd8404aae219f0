package dev.runbook.health.http;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.health.internal.Arguments;
import dev.runbook.health.internal.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@code com.sun.net.httpserver} server that serves a {@link HealthEndpoint}, with no
 * dependency beyond the JDK.
 *
 * <p>Unlike the JDK default (one thread), it runs handlers on its own bounded pool of daemon
 * threads. It also turns on {@code TCP_NODELAY} for the JDK server: the JDK reads {@code
 * sun.net.httpserver.nodelay} once, when its server classes load, and without it keep-alive
 * clients stall on Nagle's algorithm and delayed ACKs (a few hundred requests a second instead of
 * tens of thousands). Loading this class sets the property unless the application has set it; if
 * the application created a JDK server earlier, pass {@code -Dsun.net.httpserver.nodelay=true}
 * on the command line instead.
 *
 * <pre>{@code
 * HealthHttpServer server = HealthHttpServer.builder(endpoint)
 *     .bind(new InetSocketAddress("127.0.0.1", 8081))
 *     .start();
 * int port = server.port();
 * server.close();
 * }</pre>
 */
public final class HealthHttpServer implements AutoCloseable {

  static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    enableNoDelay();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final int graceSeconds;

  private HealthHttpServer(HttpServer server, ExecutorService executor, int graceSeconds) {
    this.server = server;
    this.executor = executor;
    this.graceSeconds = graceSeconds;
  }

  /**
   * Sets {@code sun.net.httpserver.nodelay=true} unless already set. Call it before the first JDK
   * HTTP server of the process is created; afterwards the JDK ignores it.
   *
   * @return whether TCP_NODELAY is requested for JDK servers created from now on
   */
  public static boolean enableNoDelay() {
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
    return Boolean.parseBoolean(System.getProperty(NODELAY_PROPERTY));
  }

  public static Builder builder(HealthEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /** The port actually bound (useful after binding port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting, gives exchanges in progress the stop grace, and stops the threads. */
  @Override
  public void close() {
    server.stop(graceSeconds);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds and starts a {@link HealthHttpServer}. */
  public static final class Builder {
    private final HealthEndpoint endpoint;
    private InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
    private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int backlog = 128;
    private int graceSeconds = 1;

    private Builder(HealthEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /** Where to listen; default 127.0.0.1 on a free port. */
    public Builder bind(InetSocketAddress address) {
      this.bind = Objects.requireNonNull(address, "bind address must not be null");
      return this;
    }

    /** Handler threads, 1 to 256; default twice the processors, at least 4. */
    public Builder threads(int threads) {
      this.threads = Arguments.inRange(threads, 1, 256, "threads");
      return this;
    }

    /** The TCP accept backlog; default 128. */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog " + backlog + " must be at least 1");
      }
      this.backlog = backlog;
      return this;
    }

    /** How long {@link #close()} lets exchanges in progress finish, 0 to 60 s; default 1 s. */
    public Builder stopGrace(java.time.Duration grace) {
      Objects.requireNonNull(grace, "stopGrace must not be null");
      if (grace.isNegative() || grace.getSeconds() > 60) {
        throw new IllegalArgumentException("stopGrace " + grace + " is out of range; use 0 to 60s");
      }
      this.graceSeconds = (int) grace.getSeconds();
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound, naming it
     */
    public HealthHttpServer start() throws IOException {
      HttpServer server;
      try {
        server = HttpServer.create(bind, backlog);
      } catch (IOException e) {
        throw new IOException("cannot listen on " + bind + ": " + e.getMessage(), e);
      }
      ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          DaemonThreads.named("runbook-health-http-", new AtomicInteger()));
      executor.allowCoreThreadTimeOut(true);
      server.setExecutor(executor);
      server.createContext("/", new HealthHttpHandler(endpoint));
      server.start();
      return new HealthHttpServer(server, executor, graceSeconds);
    }
  }
}
