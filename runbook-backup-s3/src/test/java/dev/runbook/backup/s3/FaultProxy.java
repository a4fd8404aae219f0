package dev.runbook.backup.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 proxy on loopback in front of an S3 server, for faults no server makes on
 * demand: it answers chosen requests with {@code 503 SlowDown}, or holds one request for ever
 * (so a test can kill the client at that exact point). Everything else passes byte for byte, the
 * {@code Host} header included, so request signatures stay valid.
 */
final class FaultProxy implements AutoCloseable {

  private final ServerSocket server;
  private final URI upstream;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> slowDown = line -> false;
  private final AtomicInteger slowDownsLeft = new AtomicInteger();
  private final AtomicInteger slowDownsSent = new AtomicInteger();
  private volatile Predicate<String> hold = line -> false;
  private volatile Predicate<String> damage = line -> false;
  private final AtomicInteger damaged = new AtomicInteger();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  FaultProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "fault-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Answers the next {@code times} requests whose request line {@code matches} with 503. */
  FaultProxy slowDown(Predicate<String> matches, int times) {
    slowDownsLeft.set(times);
    slowDown = matches;
    return this;
  }

  int slowDownsSent() {
    return slowDownsSent.get();
  }

  /** Never forwards the first request whose line {@code matches}; {@link #held()} then opens. */
  FaultProxy hold(Predicate<String> matches) {
    hold = matches;
    return this;
  }

  /**
   * Flips a byte in the body of the first request whose line {@code matches}, and drops its
   * Content-MD5 header so the server cannot refuse it: damage in transit that only the client's
   * own confirmation can catch.
   */
  FaultProxy damage(Predicate<String> matches) {
    damage = matches;
    return this;
  }

  int damaged() {
    return damaged.get();
  }

  CountDownLatch held() {
    return held;
  }

  /** The request lines seen, such as {@code PUT /bucket/key?partNumber=2&uploadId=... HTTP/1.1}. */
  List<String> requests() {
    return List.copyOf(seen);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread t = new Thread(() -> serve(client), "fault-proxy-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    Socket up = null;
    try (client) {
      InputStream in = new java.io.BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String line = text.substring(0, text.indexOf("\r\n"));
        seen.add(line);
        if (hold.test(line)) {
          held.countDown();
          closed.await(); // the client is killed meanwhile
          return;
        }
        if (slowDown.test(line) && slowDownsLeft.getAndDecrement() > 0) {
          slowDownsSent.incrementAndGet();
          byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
              + "<Message>Please reduce your request rate.</Message></Error>")
              .getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
              + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          return;
        }
        if (up == null) {
          up = new Socket(InetAddress.getLoopbackAddress(), upstream.getPort());
          sockets.add(up);
          Socket upstreamSocket = up;
          Thread back = new Thread(() -> pump(upstreamSocket, client), "fault-proxy-response");
          back.setDaemon(true);
          back.start();
        }
        OutputStream toServer = up.getOutputStream();
        long length = contentLength(text);
        long flipAt = -1;
        if (damage.test(line) && length > 0 && damaged.getAndIncrement() == 0) {
          flipAt = length / 2;
          StringBuilder kept = new StringBuilder();
          for (String header : text.split("\r\n", -1)) {
            if (!header.toLowerCase(Locale.ROOT).startsWith("content-md5:")) {
              kept.append(header).append("\r\n");
            }
          }
          head = kept.substring(0, kept.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
        }
        toServer.write(head);
        toServer.flush();
        long sent = 0;
        byte[] buffer = new byte[65536];
        while (length > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
          if (n < 0) {
            return;
          }
          if (flipAt >= sent && flipAt < sent + n) {
            buffer[(int) (flipAt - sent)] ^= 0x01;
          }
          toServer.write(buffer, 0, n);
          sent += n;
          length -= n;
        }
        toServer.flush();
      }
    } catch (IOException e) {
      // a side closed; the client sees its connection end
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (up != null) {
        try {
          up.close();
        } catch (IOException e) {
          // closing
        }
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // a side closed
    } finally {
      try {
        to.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  private static long contentLength(String head) throws IOException {
    for (String header : head.split("\r\n")) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        throw new IOException("the fault proxy forwards Content-Length bodies only");
      }
      if (lower.startsWith("content-length:")) {
        return Long.parseLong(header.substring(header.indexOf(':') + 1).strip());
      }
    }
    return 0;
  }

  /** The request line and headers up to the blank line, or null at the connection's end. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1
          || matched == 3)) ? matched + 1 : 0;
      if (matched == 4) {
        return head.toByteArray();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
