package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.security.Role;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/workers} on a real server and SQLite file, with the worker protocol spoken
 * over HTTP: a worker that takes a lease and never sends a heartbeat loses it (a 0.2 s heartbeat,
 * so the lease lasts 0.6 s), another worker retries the trial and reports it; the list shows the
 * first with one lease lost, the second with none lost, one reported and the backend its report's
 * provenance named.
 */
class WorkersApiTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  VernierServer server;

  HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    return TestHttp.json(server, method, path, token, body);
  }

  JsonNode ok(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Leases a trial for {@code worker}, waiting for the scheduler to have one. */
  JsonNode lease(String admin, String worker) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      HttpResponse<String> r =
          send("POST", "/api/v1/fleet/workers/" + worker + "/lease", admin, "");
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      assertEquals(204, r.statusCode(), r.body());
      assertTrue(System.nanoTime() < until, "no trial for " + worker + " within 30 s");
      Thread.sleep(50);
    }
  }

  @Test
  @Timeout(120)
  void aWorkerThatStopsHeartbeatingHasALostLeaseAndTheWorkerThatRetriedItNone() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 200, 1);
    TestData.csv(data, "val.csv", 100, 2);
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0)
            .withHeartbeat(Duration.ofMillis(200))
            .withTick(Duration.ofMillis(100));
    server =
        VernierServer.start(s, Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));
    try {
      String admin = server.firstAdminToken();
      String reader = server.tokens().create(Role.READER, "reader", System.currentTimeMillis());
      for (String w : List.of("w1", "w2")) {
        ok(
            send(
                "POST",
                "/api/v1/fleet/workers",
                admin,
                "{\"name\":\"" + w + "\",\"slots\":1,\"bootId\":\"boot-" + w + "\"}"));
      }
      assertEquals(
          201,
          send("POST", "/api/v1/tuning-jobs", admin, TestData.job("lost-1", "random", 1, 1))
              .statusCode());

      JsonNode first = lease(admin, "w1");
      String trialPath = "/api/v1/tuning-jobs/lost-1/trials/" + first.path("trialNumber").asInt();
      // no heartbeat from w1: the scheduler expires the lease and the trial waits for a retry
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      JsonNode t = ok(send("GET", trialPath, reader, null));
      while (t.path("attempt").asInt() == 0) {
        assertTrue(System.nanoTime() < until, "w1's lease did not expire in 10 s: " + t);
        Thread.sleep(50);
        t = ok(send("GET", trialPath, reader, null));
      }
      assertEquals(
          "retry 1: its worker stopped sending heartbeats", t.path("stateReason").asText());

      JsonNode second = lease(admin, "w2");
      assertEquals(first.path("trialNumber").asInt(), second.path("trialNumber").asInt());
      String report =
          "{\"outcome\":\"COMPLETED\",\"objective\":0.4,"
              + "\"provenanceJson\":\"{\\\"backend\\\":\\\"java reference, 1 thread\\\"}\"}";
      JsonNode ack =
          ok(
              send(
                  "POST",
                  "/api/v1/fleet/leases/" + second.path("leaseId").asText() + "/report",
                  admin,
                  report));
      assertEquals("ACCEPTED", ack.path("ack").asText(), ack.toString());
      // w1 comes back and reports its lost lease: ignored, still one lease lost
      ack =
          ok(
              send(
                  "POST",
                  "/api/v1/fleet/leases/" + first.path("leaseId").asText() + "/report",
                  admin,
                  report));
      assertEquals("LEASE_LOST", ack.path("ack").asText(), ack.toString());

      JsonNode list = ok(send("GET", "/api/v1/workers", reader, null));
      Map<String, JsonNode> byId = new HashMap<>();
      list.path("workers").forEach(w -> byId.put(w.path("id").asText(), w));
      assertEquals(2, byId.size(), list.toString());
      JsonNode w1 = byId.get("w1");
      assertEquals(1, w1.path("leasesLost").asInt(), w1.toString());
      assertEquals(0, w1.path("leasesReported").asInt(), w1.toString());
      assertTrue(w1.path("backend").isNull(), "w1 never reported a provenance: " + w1);
      JsonNode w2 = byId.get("w2");
      assertEquals(0, w2.path("leasesLost").asInt(), w2.toString());
      assertEquals(1, w2.path("leasesReported").asInt(), w2.toString());
      assertEquals("java reference, 1 thread", w2.path("backend").asText(), w2.toString());
      assertEquals(0, w2.path("trials").size(), "the trial ended: " + w2);
    } finally {
      server.close();
    }
  }
}
