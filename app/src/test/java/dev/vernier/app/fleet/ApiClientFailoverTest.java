package dev.vernier.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ApiClient} over several servers, on real sockets: a "server" that accepts each connection
 * and closes it before answering (the connection breaks before a response), a port nobody listens
 * on (refused), and the JDK's HTTP server answering 200, 409 or 500. The client moves on transport
 * failures only, round-robin, one line per move.
 */
class ApiClientFailoverTest {
  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();
  final List<String> lines = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** Accepts connections and closes each at once, reading nothing and answering nothing. */
  String breaker() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(s);
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                  c.setSoLinger(true, 0); // a reset, as a killed process leaves
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return "http://127.0.0.1:" + s.getLocalPort();
  }

  /** A port that was just free: connections are refused. */
  static String refused() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  /** A real HTTP server answering every request with {@code status}; counts the bytes it got. */
  String http(int status, AtomicInteger requests, AtomicInteger bodyBytes) throws IOException {
    HttpServer h = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    h.createContext(
        "/",
        x -> {
          try (InputStream in = x.getRequestBody()) {
            bodyBytes.addAndGet(in.readAllBytes().length);
          }
          requests.incrementAndGet();
          byte[] b =
              (status == 200
                      ? "{\"ok\":true}"
                      : "{\"type\":\"https://vernier.dev/problems/x\",\"field\":\"name\","
                          + "\"detail\":\"name: taken\"}")
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders()
              .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
          x.sendResponseHeaders(status, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    h.start();
    open.add(() -> h.stop(0));
    return "http://127.0.0.1:" + h.getAddress().getPort();
  }

  ApiClient client(String... urls) {
    return new ApiClient(List.of(urls), "t", lines::add);
  }

  @Test
  void aConnectionBrokenBeforeTheResponseMovesTheCallToTheNextServerOnce() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger bytes = new AtomicInteger();
    String broken = breaker();
    String ok = http(200, requests, bytes);
    ApiClient api = client(broken, ok);
    assertEquals(200, api.post("/api/v1/x", "{\"a\":1}").status());
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).startsWith("server " + broken + "/ did not answer (")
            && lines.get(0).endsWith("); switching to " + ok + "/"),
        lines.get(0));
    // later calls go straight to the server that answered
    for (int i = 0; i < 5; i++) {
      api.get("/api/v1/x");
    }
    assertEquals(1, lines.size(), lines.toString());
    assertEquals(6, requests.get());
    assertEquals(ok + "/", api.server().toString());
  }

  @Test
  void anUploadInterruptedOnOneServerIsSentWholeToTheNext() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger bytes = new AtomicInteger();
    Path file = Files.write(dir.resolve("model.bin"), new byte[300_000]);
    ApiClient api = client(refused(), breaker(), http(200, requests, bytes));
    assertEquals(200, api.put("/api/v1/fleet/leases/l/artifact", file).status());
    assertEquals(300_000, bytes.get(), "the whole file reached the third server");
    assertEquals(2, lines.size(), "refused, then broken: " + lines);
  }

  @Test
  void anHttpErrorIsAnAnswerAndNeverMovesTheClient() throws Exception {
    AtomicInteger conflicts = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger bytes = new AtomicInteger();
    ApiClient api = client(http(409, conflicts, bytes), http(200, other, bytes));
    ApiClient.Rejected r =
        assertThrows(ApiClient.Rejected.class, () -> api.post("/api/v1/tuning-jobs", "{}"));
    assertEquals(409, r.status());
    ApiClient api500 = client(http(500, failures, bytes), http(200, other, bytes));
    IOException e = assertThrows(IOException.class, () -> api500.get("/api/v1/tuning-jobs"));
    assertTrue(e.getMessage().contains("the server failed (HTTP 500)"), e.getMessage());
    assertEquals(List.of(), lines);
    assertEquals(0, other.get(), "the other server was never asked");
    assertEquals(1, conflicts.get());
    assertEquals(1, failures.get());
  }

  @Test
  void whenNoServerAnswersTheCallFailsAfterTryingEachOnceRoundRobin() throws Exception {
    String first = breaker();
    String second = refused();
    ApiClient api = client(first, second);
    assertThrows(IOException.class, () -> api.get("/api/v1/x"));
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).endsWith("switching to " + second + "/"), lines.get(0));
    assertTrue(lines.get(1).endsWith("switching to " + first + "/"), lines.get(1));
    assertEquals(first + "/", api.server().toString(), "back at the first: the caller backs off");
  }

  @Test
  void slotsFailingOnOneServerAtOnceMoveTheClientOneStep() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger bytes = new AtomicInteger();
    String ok = http(200, requests, bytes);
    ApiClient api = client(refused(), ok);
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> f = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        f.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return api.get("/api/v1/x").status();
                }));
      }
      for (Future<Integer> x : f) {
        assertEquals(200, x.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, lines.size(), "one move, however many threads saw the failure: " + lines);
    assertEquals(threads, requests.get());
  }
}
