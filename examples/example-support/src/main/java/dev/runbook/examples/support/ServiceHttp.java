package dev.runbook.examples.support;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.core.Redactor;
import dev.runbook.health.http.HealthEndpoint;
import dev.runbook.health.http.HealthHttpHandler;
import dev.runbook.health.http.HealthHttpServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * An example's HTTP side on the JDK server: {@code /ping} and {@code /health} from the health
 * endpoint, plus the service's own routes, served until the JVM stops; then the server stops and
 * the service's resources close in the order given.
 */
public final class ServiceHttp {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);

  private ServiceHttp() {}

  /**
   * Serves and blocks until shutdown.
   *
   * @param facts key-values for the {@code started} log line, e.g. the data folder
   * @param resources closed in order at shutdown; nulls are skipped
   */
  public static void serveUntilShutdown(String service, String bind, int port,
      HealthEndpoint endpoint, Map<String, HttpHandler> routes, Map<String, Object> facts,
      AutoCloseable... resources) throws Exception {
    HealthHttpServer.enableNoDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    HealthHttpHandler health = new HealthHttpHandler(endpoint);
    server.createContext("/ping", health);
    server.createContext("/health", health);
    routes.forEach(server::createContext);
    server.setExecutor(workers);
    server.start();
    int bound = server.getAddress().getPort();
    LoggingEventBuilder started = LOG.atInfo().setMessage("started").addKeyValue("service", service)
        .addKeyValue("url", "http://" + bind + ":" + bound);
    facts.forEach(started::addKeyValue);
    started.log();

    List<AutoCloseable> toClose = new ArrayList<>();
    for (AutoCloseable r : resources) {
      if (r != null) {
        toClose.add(r);
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(1);
      workers.shutdownNow();
      for (AutoCloseable r : toClose) {
        try {
          r.close();
        } catch (Exception e) {
          LOG.atWarn().setMessage("close_failed").addKeyValue("resource", Objects.toString(r))
              .addKeyValue("error", Redactor.defaults().redact(e)).log();
        }
      }
      stopped.countDown();
    }, service + "-shutdown"));
    stopped.await();
  }
}
