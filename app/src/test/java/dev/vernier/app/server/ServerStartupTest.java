package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.WorkerNames;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.db.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a first-day user meets when a start cannot succeed, and the identity of a server's own
 * worker: one server per SQLite folder, a port in use named as such (and the one showing of the
 * admin token not spent on it), a file given as --data, a worker name per folder and replica, and
 * readiness that follows the database.
 */
class ServerStartupTest {
  @TempDir Path dir;

  ServerSettings settings(Path state) throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    return ServerSettings.of("127.0.0.1", 0, state, List.of(data), 0);
  }

  static VernierServer start(ServerSettings s) throws Exception {
    return VernierServer.start(s, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
  }

  /** A second server on one SQLite folder would share the database and its worker's name. */
  @Test
  void aSecondServerOnTheSameSqliteFolderIsRefusedUntilTheFirstStops() throws Exception {
    Path state = dir.resolve("state");
    try (VernierServer first = start(settings(state))) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> start(settings(state)));
      assertEquals("--data", e.field());
      assertTrue(
          e.getMessage().contains("is in use by another `vernier serve` (process ")
              && e.getMessage().contains("needs a --data folder of its own"),
          e.getMessage());
      // the refused start touched nothing of the running one
      assertEquals(200, status(first.url() + "/health"));
    }
    try (VernierServer again = start(settings(state))) {
      assertEquals(200, status(again.url() + "/health"));
    }
  }

  /** Across processes too: a real `serve` holds the folder, a second one exits 2 at once. */
  @Test
  void aSecondServeProcessOnTheFolderExitsTwo() throws Exception {
    Path state = dir.resolve("state");
    Path data = Files.createDirectories(dir.resolve("datasets"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("serve.log");
    Process p =
        Processes.vernier(
            log,
            "serve",
            "--port",
            String.valueOf(port),
            "--data",
            state.toString(),
            "--data-root",
            data.toString(),
            "--slots",
            "0");
    try {
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!(Files.exists(log) && Files.readString(log).contains("vernier serving"))) {
        assertTrue(p.isAlive() && System.nanoTime() < until, Files.readString(log));
        Thread.sleep(100);
      }
      String[] r =
          ServerFixture.cli(
              "serve", "--port", "0", "--data", state.toString(), "--data-root", data.toString());
      assertEquals("2", r[0], r[1] + r[2]);
      assertTrue(
          r[2].contains("--data")
              && r[2].contains("is in use by another `vernier serve` (process " + p.pid() + ")"),
          r[2]);
    } finally {
      Processes.kill9(p);
    }
    // kill -9 releases it: the folder serves again
    try (VernierServer again = start(settings(state))) {
      assertEquals(200, status(again.url() + "/health"));
    }
  }

  /** The port is named, and the admin token of a first start is shown by the start that works. */
  @Test
  void aPortInUseIsOneLineAndSpendsNoToken() throws Exception {
    Path state = dir.resolve("state");
    Path data = Files.createDirectories(dir.resolve("datasets"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String[] r =
          ServerFixture.cli(
              "serve",
              "--port",
              String.valueOf(taken.getLocalPort()),
              "--data",
              state.toString(),
              "--data-root",
              data.toString());
      assertEquals("2", r[0], r[1] + r[2]);
      assertTrue(
          r[2].contains("--port: cannot be listened on at 127.0.0.1 (in use by another process")
              && r[2].contains(String.valueOf(taken.getLocalPort())),
          r[2]);
      assertFalse(r[1].contains("First start"), "no token was shown: " + r[1]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VernierServer s =
        VernierServer.start(settings(state), Clock.systemUTC(), new PrintStream(out, true))) {
      assertTrue(
          out.toString().contains("First start: the admin token is shown once"), out.toString());
      assertTrue(s.firstAdminToken() != null);
    }
  }

  @Test
  void aFileGivenAsDataIsOneLineNamingData() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    String[] r = ServerFixture.cli("serve", "--port", "0", "--data", file.toString());
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(
        r[2].contains("--data: must be a folder (it is created when missing), not a file"), r[2]);
    r = ServerFixture.cli("token", "create", "--role", "reader", "--data", file.toString());
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("--data: must be a folder"), r[2]);
  }

  /** Replicas on one host have workers of their own; a server restarted keeps its name. */
  @Test
  void localWorkerNamesDifferByFolderAndReplicaAndStayAcrossRestarts() {
    String a = LocalWorkerName.of("host-1", dir.resolve("a"), null);
    assertEquals(a, LocalWorkerName.of("host-1", dir.resolve("a"), null), "stable");
    assertNotEquals(a, LocalWorkerName.of("host-1", dir.resolve("b"), null));
    assertNotEquals(
        LocalWorkerName.of("host-1", dir.resolve("a"), "r1"),
        LocalWorkerName.of("host-1", dir.resolve("a"), "r2"));
    assertTrue(a.startsWith("local-host-1-"), a);
    String longHost = "h".repeat(200) + ".example.com";
    for (String name :
        List.of(
            a,
            LocalWorkerName.of(longHost, dir, "r:1"),
            LocalWorkerName.of("-weird host!", dir, null))) {
      assertTrue(name.length() <= 64, name);
      WorkerNames.check("name", name); // throws when the fleet would refuse it
    }
  }

  /**
   * A replica whose database refuses it is not ready: a load balancer stops sending it requests it
   * could only answer with 503, and sends them again once the database is back. Liveness stays up
   * (a restart would not help).
   */
  @Test
  void readinessFollowsTheDatabase() throws Exception {
    if (PostgresServer.binaries().isEmpty()) {
      throw new IllegalStateException("PostgreSQL's binaries are needed (Debian's postgresql)");
    }
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    String name = url.substring(url.lastIndexOf('/') + 1);
    try (VernierServer s =
        start(
            settings(dir.resolve("state"))
                .withDatabase(new DatabaseConfig(url, pg.user(), null)))) {
      assertEquals(200, status(s.url() + "/health/readiness"));
      admin(pg, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
      admin(
          pg,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
      assertEquals(503, status(s.url() + "/health/readiness"));
      assertEquals(503, status(s.url() + "/health"));
      assertEquals(200, status(s.url() + "/health/liveness"));
      admin(pg, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int ready;
      while ((ready = status(s.url() + "/health/readiness")) != 200 && System.nanoTime() < until) {
        Thread.sleep(200);
      }
      assertEquals(200, ready, "ready again once the database answers");
    }
  }

  static void admin(PostgresServer pg, String sql) throws Exception {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", pg.user(), "");
        java.sql.Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static int status(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
