package dev.runbook.health.http;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.health.internal.Arguments;
import dev.runbook.health.internal.BoundedExecutor;
import dev.runbook.health.internal.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK {@code com.sun.net.httpserver} server that serves a {@link HealthEndpoint}, with no
 * dependency beyond the JDK, safe to leave running on a management port.
 *
 * <p><b>Slow and idle clients.</b> The JDK server reads a request's headers on the thread that
 * then handles it, so a client that sends one byte and waits holds a thread. This server gives
 * each connection with a request in progress its own thread, a virtual thread on Java 21 and
 * later, a pooled daemon thread on Java 17, up to {@link Builder#maxConnections} at once
 * (default 10,000 with virtual threads, 1,024 without); a connection beyond the cap is closed at
 * once instead of queueing, so neither threads nor memory grow without bound. A request whose
 * headers and body have not arrived within 10 s is cut ({@code sun.net.httpserver.maxReqTime}),
 * and a response the client has not read within 30 s ({@code maxRspTime}). So while slow clients
 * hold fewer than the cap, {@code /ping} keeps answering; on Java 17 the cap is the limit, and
 * beyond it new connections are refused until the slow ones time out. Idle keep-alive
 * connections hold no thread.
 *
 * <p><b>TCP_NODELAY.</b> Without it keep-alive clients stall on Nagle's algorithm and delayed
 * ACKs (a few hundred requests a second instead of tens of thousands). The JDK reads {@code
 * sun.net.httpserver.nodelay}, {@code maxReqTime} and {@code maxRspTime} once, when the first JDK
 * server of the process is created; loading this class sets each unless the application did.
 * When a JDK server was already running before this class loaded (so the JDK has read its
 * settings without ours), {@link Builder#start()} logs {@code health_http_nodelay_off} at WARN
 * with the fix: {@code -Dsun.net.httpserver.nodelay=true} on the command line.
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
  static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
  static final String MAX_RESPONSE_TIME_PROPERTY = "sun.net.httpserver.maxRspTime";
  static final int VIRTUAL_MAX_CONNECTIONS = 10_000;
  static final int PLATFORM_MAX_CONNECTIONS = 1_024;

  private static final Logger log = LoggerFactory.getLogger(HealthHttpServer.class);

  /** Whether the JDK will set TCP_NODELAY on the sockets of servers created from now on. */
  private static final boolean NODELAY_IN_EFFECT;

  static {
    String before = System.getProperty(NODELAY_PROPERTY);
    boolean jdkServerRanFirst = Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("HTTP-Dispatcher"));
    setUnlessSet(NODELAY_PROPERTY, "true");
    setUnlessSet(MAX_REQUEST_TIME_PROPERTY, "10");
    setUnlessSet(MAX_RESPONSE_TIME_PROPERTY, "30");
    NODELAY_IN_EFFECT = before == null ? !jdkServerRanFirst : Boolean.parseBoolean(before);
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final BoundedExecutor connections;
  private final boolean virtual;
  private final int graceSeconds;

  private HealthHttpServer(HttpServer server, ExecutorService threads,
      BoundedExecutor connections, boolean virtual, int graceSeconds) {
    this.server = server;
    this.threads = threads;
    this.connections = connections;
    this.virtual = virtual;
    this.graceSeconds = graceSeconds;
  }

  private static void setUnlessSet(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Makes sure this class has set the JDK server's properties; call it before the first JDK HTTP
   * server of the process is created, if that server is not this one.
   *
   * @return whether TCP_NODELAY is in effect for JDK servers created from now on
   */
  public static boolean enableNoDelay() {
    return NODELAY_IN_EFFECT;
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

  /** Whether connections are served on virtual threads (Java 21 and later). */
  public boolean virtualThreads() {
    return virtual;
  }

  /** Connections with a request in progress now. */
  public int connectionsInUse() {
    return connections.inUse();
  }

  /** Connections closed at once because the cap was reached, since the start. */
  public long connectionsRefused() {
    return connections.refused();
  }

  /** Stops accepting, gives exchanges in progress the stop grace, and stops the threads. */
  @Override
  public void close() {
    server.stop(graceSeconds);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A virtual-thread-per-task executor where the JDK has one (21+), else empty. */
  private static ExecutorService virtualThreadsIfAvailable() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Builds and starts a {@link HealthHttpServer}. */
  public static final class Builder {
    private final HealthEndpoint endpoint;
    private InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
    private int threads = 4;
    private int maxConnections;
    private boolean platformThreads;
    private int backlog = 128;
    private int graceSeconds = 1;
    private final java.util.Map<String, com.sun.net.httpserver.HttpHandler> routes =
        new java.util.LinkedHashMap<>();

    private Builder(HealthEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /** Where to listen; default 127.0.0.1 on a free port. */
    public Builder bind(InetSocketAddress address) {
      this.bind = Objects.requireNonNull(address, "bind address must not be null");
      return this;
    }

    /** Pooled threads kept warm when platform threads serve, 1 to 256; default 4. */
    public Builder threads(int threads) {
      this.threads = Arguments.inRange(threads, 1, 256, "threads");
      return this;
    }

    /**
     * Connections with a request in progress served at once, 1 to 100,000; a connection beyond it
     * is closed at once. Default 10,000 on virtual threads, 1,024 on platform threads.
     */
    public Builder maxConnections(int max) {
      this.maxConnections = Arguments.inRange(max, 1, 100_000, "maxConnections");
      return this;
    }

    /** Serve on pooled platform threads even where virtual threads exist; default off. */
    public Builder platformThreads(boolean platform) {
      this.platformThreads = platform;
      return this;
    }

    /**
     * Serves {@code handler} at {@code path} beside the health routes, with the same threads,
     * cap and limits, e.g. a metrics scrape on the management port.
     *
     * @throws IllegalArgumentException for a path that is not absolute or is taken
     */
    public Builder route(String path, com.sun.net.httpserver.HttpHandler handler) {
      Objects.requireNonNull(handler, "handler must not be null");
      if (path == null || !path.startsWith("/") || path.equals("/")) {
        throw new IllegalArgumentException("route path \"" + path + "\" must start with / and"
            + " name something, e.g. /metrics");
      }
      if (routes.putIfAbsent(path, handler) != null) {
        throw new IllegalArgumentException("route " + path + " was already set");
      }
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
    public Builder stopGrace(Duration grace) {
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
     * @throws IOException if the address cannot be bound, naming it and what to do
     */
    public HealthHttpServer start() throws IOException {
      HttpServer server;
      try {
        server = HttpServer.create(bind, backlog);
      } catch (IOException e) {
        throw new IOException("cannot listen on " + bind + ": " + e.getMessage()
            + "; another process may hold the port, or the address is not this host's", e);
      }
      ExecutorService pool = platformThreads ? null : virtualThreadsIfAvailable();
      boolean virtual = pool != null;
      int max = maxConnections > 0 ? maxConnections
          : virtual ? VIRTUAL_MAX_CONNECTIONS : PLATFORM_MAX_CONNECTIONS;
      if (pool == null) {
        ThreadPoolExecutor platform = new ThreadPoolExecutor(Math.min(threads, max), max, 30,
            TimeUnit.SECONDS, new SynchronousQueue<>(),
            DaemonThreads.named("runbook-health-http-", new AtomicInteger()));
        platform.allowCoreThreadTimeOut(true);
        pool = platform;
      }
      BoundedExecutor connections = new BoundedExecutor(pool, max);
      server.setExecutor(connections);
      server.createContext("/", new HealthHttpHandler(endpoint));
      routes.forEach(server::createContext);
      if (!NODELAY_IN_EFFECT) {
        log.atWarn().setMessage("health_http_nodelay_off")
            .addKeyValue("address", bind.toString())
            .addKeyValue("why", "a JDK HTTP server ran before runbook's HealthHttpServer was"
                + " loaded, or " + NODELAY_PROPERTY + "=false; keep-alive answers wait ~40 ms")
            .addKeyValue("fix", "start the JVM with -D" + NODELAY_PROPERTY + "=true").log();
      }
      server.start();
      return new HealthHttpServer(server, pool, connections, virtual, graceSeconds);
    }
  }
}
