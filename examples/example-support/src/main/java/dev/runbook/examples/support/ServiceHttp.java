package dev.runbook.examples.support;

import dev.runbook.core.Redactor;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.servlet.HealthServlet;
import dev.runbook.health.servlet.SliFilter;
import dev.runbook.health.slo.RequestSlis;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example's HTTP side on Jetty 12: {@code /ping} and {@code /health} through runbook's
 * servlet adapter, plus the service's own servlets. Each example's {@code Main} starts it, joins
 * it, and stops it from its shutdown hook before closing what the jobs use.
 *
 * <p>Jetty reads requests without blocking a thread, so clients that send a byte and wait hold
 * no thread; a connection idle for {@link #IDLE_TIMEOUT} (mid-request or between keep-alive
 * requests) is closed; at most {@link #MAX_CONNECTIONS} are open at once; headers are limited to
 * 8 KiB and request bodies to {@link #MAX_REQUEST_BYTES}; Jetty sets TCP_NODELAY on every
 * connection and answers a request line it cannot speak ({@code HTTP/9.9}) with an error.
 */
public final class ServiceHttp {

  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
  public static final int MAX_CONNECTIONS = 4_096;
  public static final long MAX_REQUEST_BYTES = 64 * 1024;
  /** Jetty's pool: at most this many threads serve, however many connections are open. */
  public static final int MAX_THREADS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);

  private ServiceHttp() {}

  /**
   * Starts {@code server}.
   *
   * @throws IOException naming {@code BIND} and {@code PORT} when the address cannot be had
   */
  public static void start(Server server, String bind, int port) throws Exception {
    try {
      server.start();
    } catch (IOException e) {
      server.stop();
      boolean inUse = e instanceof BindException || e.getCause() instanceof BindException;
      throw new IOException(inUse
          ? "PORT " + port + " on BIND " + bind + " is in use by another process; stop it, or"
              + " set PORT to a free port"
          : "cannot listen on BIND " + bind + ", PORT " + port + " (" + Redactor.defaults()
              .redact(e) + "); set BIND to an address of this host, e.g. 127.0.0.1 or 0.0.0.0",
          e);
    }
  }

  /** The port the started server listens on (useful with {@code PORT=0}). */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Closes each in order, logging {@code close_failed} for one that throws; nulls are skipped. */
  public static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        LOG.atWarn().setMessage("close_failed").addKeyValue("resource", Objects.toString(r))
            .addKeyValue("error", Redactor.defaults().redact(e)).log();
      }
    }
  }

  /** The configured, unstarted server, without request SLIs. */
  public static Server server(String service, String bind, int port, HealthEndpoint endpoint,
      Map<String, HttpServlet> routes) {
    return server(service, bind, port, endpoint, routes, null);
  }

  /**
   * The configured, unstarted server; with {@code slis}, every request is recorded by the {@link
   * SliFilter} (the probe routes are left out by {@link RequestSlis} itself).
   */
  public static Server server(String service, String bind, int port, HealthEndpoint endpoint,
      Map<String, HttpServlet> routes, RequestSlis slis) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
    threads.setName(service + "-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(8 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));

    ServletContextHandler context = new ServletContextHandler("/");
    HealthServlet health = new HealthServlet(endpoint);
    // the probe paths answer 404 unless HEALTH_PROBE_PATHS switches them on
    for (String path : List.of("/ping", "/health", "/health/*", "/livez", "/readyz",
        "/actuator/health", "/actuator/health/*")) {
      context.addServlet(new ServletHolder(health), path);
    }
    routes.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    if (slis != null) {
      context.addFilter(new FilterHolder(new SliFilter(slis)), "/*",
          EnumSet.of(DispatcherType.REQUEST));
    }
    SizeLimitHandler limits = new SizeLimitHandler(MAX_REQUEST_BYTES, -1);
    limits.setHandler(context);
    server.setHandler(limits);
    server.setStopTimeout(2_000);
    return server;
  }
}
