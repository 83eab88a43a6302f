package dev.vernier.monitor.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a raw loopback socket that answers as a broken receiver does, which no HTTP
 * server library would: it reads each request whole (headers and body), then runs its {@link
 * Answer}, and records when the client closed the connection.
 */
final class RawReceiver implements AutoCloseable {
  /** How the receiver answers a request it has read. */
  enum Answer {
    /** {@code 200} with {@code Content-Length: 100}, then nothing: the body never comes. */
    HEADERS_THEN_NOTHING,
    /** Nothing at all: not even a status line. */
    SILENT,
    /** {@code 200} without a length, then bytes without end (until the client closes). */
    ENDLESS_BODY,
    /** {@code 500} with a body of 4 MiB of text. */
    HUGE_ERROR_BODY
  }

  private final ServerSocket server;
  private final Answer answer;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closing;

  /** Requests read whole (their request line). */
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** How many connections that carried a request the client has closed. */
  final AtomicInteger closedByClient = new AtomicInteger();

  RawReceiver(Answer answer) throws IOException {
    this.answer = answer;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "raw-receiver");
    t.setDaemon(true);
    t.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** Whether the client closed {@code n} connections within {@code seconds}. */
  boolean awaitClosed(int n, long seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (closedByClient.get() < n && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return closedByClient.get() >= n;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "raw-receiver-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      in.readNBytes(contentLength(head));
      requests.add(head.substring(0, head.indexOf('\r')));
      switch (answer) {
        case HEADERS_THEN_NOTHING -> {
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
          out.flush();
          awaitEof(in);
        }
        case SILENT -> awaitEof(in);
        case ENDLESS_BODY -> {
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"));
          byte[] chunk = ascii("all is well ".repeat(700));
          try {
            while (true) {
              out.write(chunk);
              out.flush();
            }
          } catch (IOException closed) {
            if (!closing) {
              closedByClient.incrementAndGet();
            }
          }
        }
        case HUGE_ERROR_BODY -> {
          int size = 4 << 20;
          out.write(
              ascii(
                  "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                      + "Content-Length: "
                      + size
                      + "\r\n\r\n"));
          byte[] line = ascii("stack frame at line 42\n");
          try {
            for (int sent = 0; sent < size; sent += line.length) {
              out.write(line, 0, Math.min(line.length, size - sent));
            }
            out.flush();
            awaitEof(in);
          } catch (IOException closed) {
            if (!closing) {
              closedByClient.incrementAndGet();
            }
          }
        }
      }
    } catch (IOException e) {
      // the test closed the receiver
    }
  }

  /** Blocks until the client closes (or resets) the connection, or the receiver is closed. */
  private void awaitEof(InputStream in) {
    try {
      while (in.read() != -1) {
        // nothing more is expected
      }
    } catch (IOException reset) {
      // a reset, or the receiver closing
    }
    if (!closing) {
      closedByClient.incrementAndGet();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = ascii("\r\n\r\n");
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
      if (matched == end.length) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return 0;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    closing = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
