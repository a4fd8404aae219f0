package dev.runbook.health.servlet;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty serving one context on a free loopback port. */
record LoopbackJetty(Server server, int port) {

  static LoopbackJetty start(ServletContextHandler context) throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(context);
    jetty.start();
    return new LoopbackJetty(jetty, connector.getLocalPort());
  }
}
