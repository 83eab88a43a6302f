package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.json.Json;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.platform.db.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vernier serve} replicas (separate processes) on one PostgreSQL consume one monitor's
 * 3-partition topic on the embedded broker (in the test JVM, so it outlives them): 200,000 events
 * with known event times (2,000 per 10 s window, 100 windows), five windows shifted far enough to
 * drift. The monitor is created on replica A; replica B starts its consumer from the database
 * within a tick. Midway, after windows have closed, B is killed with SIGKILL and started again
 * (partitions move to A, then back). Read from PostgreSQL at the end: every window holds exactly
 * the events produced for it, 200,000 in all, none late; each window was closed once (the closed
 * counter equals the closed windows); each incident raised one alert. Retraining is not covered
 * here (it needs a tuned parent job; {@code RetrainingTest} covers one job per alert).
 */
class MonitorReplicasKillTest {
  static final int EVENTS = 200_000;
  static final int PARTITIONS = 3;
  static final long BASE = 1_000_000L;
  static final long STEP = 5; // ms between events: 2,000 events per 10 s window
  static final long WINDOW = 10_000;
  static final int PER_WINDOW = (int) (WINDOW / STEP);
  static final int WINDOWS = EVENTS / PER_WINDOW;
  static final Set<Integer> DRIFTED = Set.of(30, 31, 32, 33, 34);

  @TempDir Path dir;
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) {
        Processes.kill9(p);
      }
    }
  }

  @Test
  @Timeout(300)
  void twoReplicasCountEveryEventOnceThroughAKillAndARestart() throws Exception {
    long t0 = System.nanoTime();
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    String user = pg.user();
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 2000, 1);
    TestData.csv(data, "val.csv", 300, 2);
    String[] created =
        ServerFixture.cli(
            "token", "create", "--role", "admin", "--database", url, "--database-user", user);
    assertEquals("0", created[0], created[2]);
    String token = created[1].strip();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic("events", PARTITIONS);
      kafka.createTopic("events.labels", PARTITIONS);
      kafka.createTopic("events.dead-letter", 1);
      kafka.createTopic("vernier.alerts", 1);
      String bootstrap = (String) kafka.clientConfig().get("bootstrap.servers");
      // a replica killed with SIGKILL leaves the group after the session timeout: 6 s, the
      // broker's least, instead of the default 45 s
      Path client =
          Files.writeString(
              dir.resolve("client.properties"),
              "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
      long broker = System.nanoTime();
      int portA = CrashTest.freePort();
      int portB = CrashTest.freePort();
      // a runs a worker slot (the model's job and the retraining jobs), b none
      Process a = replica("a", portA, url, user, data, bootstrap, client, 1);
      Process b = replica("b", portB, url, user, data, bootstrap, client, 0);
      ApiClient apiA = waitUp(a, portA, token, "a");
      ApiClient firstB = waitUp(b, portB, token, "b");
      long started = System.nanoTime();
      System.out.printf(
          "two replicas up in %.1f s (database, token and broker %.1f s)%n",
          secs(broker, started), secs(t0, broker));

      // the model's tuning job, which retraining starts from
      assertEquals(
          201, apiA.post("/api/v1/tuning-jobs", TestData.job("base", "random", 1, 1)).status());
      await("the model's job completes", 60, () -> jobState(apiA, "base").equals("COMPLETED"));
      long tuned = System.nanoTime();
      System.out.printf("the model's job completed in %.1f s%n", secs(started, tuned));
      started = tuned;

      long[] expected = new long[WINDOWS];
      KafkaProducer<byte[], byte[]> producer = producer(kafka);
      // the first half is on every partition before the monitor starts: no partition starts idle
      // (an idle one would not hold the watermark back, and its first events could come late)
      produce(producer, 0, EVENTS / 2, expected);
      long produced = System.nanoTime();
      var r =
          apiA.post(
              "/api/v1/monitors",
              "{\"name\":\"replicas\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
                  + "\"jobId\":\"base\",\"retraining\":{\"enabled\":true,\"maxTrials\":1},"
                  + "\"window\":{\"size\":\"PT10S\"},\"alerts\":{\"k\":2,\"n\":3},"
                  // retraining trains on the captured labelled rows: each event's label follows it
                  + "\"capture\":true,"
                  + "\"kafka\":{\"eventsTopic\":\"events\",\"labelsTopic\":\"events.labels\"}}");
      assertEquals(201, r.status(), r.body().toString());
      String id = r.body().path("id").asText();
      // replica B never saw the create: it starts the consumer from the database
      await(
          "replica b consumes the monitor created on a",
          60,
          () -> !state(firstB, id).equals("NOT_CONSUMING"));
      await("both replicas hold partitions", 60, () -> members(kafka, id) == 2);
      try (producer) {
        await("windows closed before the kill", 90, () -> closed(url, user, id) >= 15);
        // more events, and the kill while replica b consumes them
        produce(producer, EVENTS / 2, EVENTS * 3 / 4, expected);
        long accepted = counter(url, user, id, "events_accepted");
        long closedBefore = closed(url, user, id);
        Set<String> before = memberIds(kafka, id);
        Processes.kill9(b);
        long killed = System.nanoTime();
        System.out.printf(
            "100,000 events produced in %.1f s; replica b killed %.1f s later, just after"
                + " 50,000 more, with %,d accepted and %d windows closed%n",
            secs(started, produced), secs(produced, killed), accepted, closedBefore);
        b = replica("b", portB, url, user, data, bootstrap, client, 0);
        ApiClient restarted = waitUp(b, portB, token, "b again");
        await("replica b consumes again", 60, () -> !state(restarted, id).equals("NOT_CONSUMING"));
        // the dead member is gone (its session timed out) and the new one holds partitions
        await(
            "both replicas hold partitions again, the dead member gone",
            60,
            () -> {
              Set<String> now = memberIds(kafka, id);
              return now.size() == 2 && !before.containsAll(now);
            });
        long back = System.nanoTime();
        System.out.printf("replica b back in %.1f s%n", secs(killed, back));
        produce(producer, EVENTS * 3 / 4, EVENTS, expected);
        await(
            "every window but the last closed and every event counted",
            120,
            () ->
                closed(url, user, id) >= WINDOWS - 1
                    && counter(url, user, id, "events_accepted") >= EVENTS);
        await(
            "replica b read records after its restart", 30, () -> lagPartitions(restarted, id) > 0);
        System.out.printf(
            "all %,d events counted and %d windows closed %.1f s after the restart%n",
            EVENTS, WINDOWS - 1, secs(back, System.nanoTime()));
      }
      Thread.sleep(1500); // anything more would be a double count or a second closing

      // every window holds exactly its events; each closed once; none late
      Map<Long, long[]> windows = new TreeMap<>(); // start -> {events, closed}
      Map<Long, JsonNode> results = new TreeMap<>();
      try (Connection c = DriverManager.getConnection(url, user, "");
          PreparedStatement st =
              c.prepareStatement(
                  "SELECT window_start, events, state, result FROM monitor_window"
                      + " WHERE monitor_id = ? ORDER BY window_start")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            boolean isClosed = rs.getString(3).equals("CLOSED");
            windows.put(rs.getLong(1), new long[] {rs.getLong(2), isClosed ? 1 : 0});
            if (isClosed) {
              results.put(rs.getLong(1), Json.MAPPER.readTree(rs.getString(4)));
            }
          }
        }
      }
      assertEquals(WINDOWS, windows.size(), windows.keySet().toString());
      long sum = 0;
      int w = 0;
      for (var e : windows.entrySet()) {
        assertEquals(BASE + w * WINDOW, e.getKey());
        assertEquals(expected[w], e.getValue()[0], "window " + w + " holds exactly its events");
        assertEquals(w < WINDOWS - 1 ? 1 : 0, e.getValue()[1], "window " + w + " closed");
        if (w < WINDOWS - 1) {
          assertEquals(
              expected[w],
              results.get(e.getKey()).path("window").path("events").asLong(),
              "window " + w + " was evaluated on all its events");
        }
        sum += e.getValue()[0];
        w++;
      }
      assertEquals(EVENTS, sum);
      assertEquals(EVENTS, counter(url, user, id, "events_accepted"));
      assertEquals(0, counter(url, user, id, "events_late"));
      assertEquals(WINDOWS - 1, counter(url, user, id, "windows_closed"), "each closed once");

      // one alert per incident: an incident of a kind starts at a window whose incidents hold
      // the kind when the previous window's do not
      Map<String, Integer> incidents = new TreeMap<>();
      Set<String> open = new HashSet<>();
      for (JsonNode result : results.values()) {
        Set<String> now = new HashSet<>();
        result.path("incidents").forEach(k -> now.add(k.asText()));
        for (String k : now) {
          if (!open.contains(k)) {
            incidents.merge(k, 1, Integer::sum);
          }
        }
        open = now;
      }
      Map<String, Integer> alerts = new TreeMap<>();
      Set<String> keys = new HashSet<>();
      try (Connection c = DriverManager.getConnection(url, user, "");
          PreparedStatement st =
              c.prepareStatement("SELECT kind, window_start FROM alert WHERE monitor_id = ?")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            alerts.merge(rs.getString(1), 1, Integer::sum);
            assertTrue(keys.add(rs.getString(1) + "@" + rs.getLong(2)), "one alert per window");
          }
        }
      }
      assertTrue(
          incidents.getOrDefault("drift", 0) >= 1,
          "the shifted windows drift: "
              + incidents
              + "; alerts "
              + alerts
              + "; window 32: "
              + results.get(BASE + 32 * WINDOW));
      assertEquals(incidents, alerts, "one alert per incident");
      assertEquals(
          alerts.values().stream().mapToLong(Integer::longValue).sum(),
          counter(url, user, id, "alerts_raised"));
      assertFalse(alerts.isEmpty());

      // at most one retraining job per alert: the first alert wanting one (not a data-quality
      // alert) claims the cool-down; both replicas' loops try to start its job, one does
      await(
          "a retraining job is submitted",
          60,
          () ->
              query(
                      url,
                      user,
                      "SELECT count(*) FROM alert WHERE monitor_id = ? AND retrain_job_id IS NOT NULL",
                      id)
                  >= 1);
      Thread.sleep(2000); // both loops ran their retraining passes again meanwhile
      long withJob =
          query(
              url,
              user,
              "SELECT count(*) FROM alert WHERE monitor_id = ? AND retrain_job_id IS NOT NULL",
              id);
      long distinctJobs =
          query(
              url,
              user,
              "SELECT count(DISTINCT retrain_job_id) FROM alert WHERE monitor_id = ?",
              id);
      long retrainJobs =
          query(
              url,
              user,
              "SELECT count(*) FROM tuning_job WHERE id LIKE 'base-retrain-%' AND id <> ?",
              id);
      long failed =
          query(
              url,
              user,
              "SELECT count(*) FROM alert WHERE monitor_id = ? AND retrain_state = 'FAILED'"
                  + " AND retrain_job_id IS NULL",
              id);
      assertEquals(1, withJob, "one alert claimed the cool-down and has a job");
      assertEquals(withJob, distinctJobs, "one job per alert");
      assertEquals(withJob, retrainJobs, "no job submitted twice");
      assertEquals(0, failed, "no retraining marked failed by the replica that lost the race");
      System.out.printf(
          "incidents %s, alerts %s, retraining jobs %d; whole test %.1f s%n",
          incidents, alerts, retrainJobs, secs(t0, System.nanoTime()));
    }
  }

  /**
   * Starts a replica; they share one --data folder (artifacts, retraining datasets), as replicas on
   * a shared file system do.
   */
  Process replica(
      String name,
      int port,
      String url,
      String user,
      Path data,
      String bootstrap,
      Path client,
      int slots)
      throws IOException {
    Process p =
        Processes.vernier(
            dir.resolve("serve-" + name + ".log"),
            "serve",
            "--port",
            String.valueOf(port),
            "--data",
            dir.resolve("state").toString(),
            "--data-root",
            data.toString(),
            "--database",
            url,
            "--database-user",
            user,
            "--slots",
            String.valueOf(slots),
            "--backend",
            "java",
            "--threads-per-slot",
            "1",
            "--heartbeat-seconds",
            "1",
            "--kafka-bootstrap",
            bootstrap,
            "--kafka-config",
            client.toString(),
            "--kafka-topics",
            "events.*,vernier.*");
    processes.add(p);
    return p;
  }

  ApiClient waitUp(Process p, int port, String token, String name) throws Exception {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
    for (int i = 0; i < 600 && p.isAlive(); i++) {
      try {
        api.get("/api/v1/monitors");
        return api;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError(
        "replica " + name + " did not start; log:\n" + Files.readString(logOf(name)));
  }

  Path logOf(String name) {
    return dir.resolve("serve-" + name.split(" ")[0] + ".log");
  }

  static String jobState(ApiClient api, String job) {
    try {
      return api.get("/api/v1/tuning-jobs/" + job).body().path("state").asText();
    } catch (Exception e) {
      return "";
    }
  }

  static String state(ApiClient api, String id) {
    try {
      return api.get("/api/v1/monitors/" + id).body().path("state").asText();
    } catch (Exception e) {
      return "NOT_CONSUMING";
    }
  }

  /**
   * How many members of the monitor's consumer group hold partitions of the events topic, as the
   * broker says (one per live replica; a killed one until its session times out).
   */
  static int members(EmbeddedKafka kafka, String id) {
    return memberIds(kafka, id).size();
  }

  /** The ids of the members of the monitor's group that hold partitions of the events topic. */
  static Set<String> memberIds(EmbeddedKafka kafka, String id) {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      String group = "vernier-monitor-" + id;
      ConsumerGroupDescription d =
          admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      Set<String> ids = new HashSet<>();
      for (MemberDescription m : d.members()) {
        if (m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals("events"))) {
          ids.add(m.consumerId());
        }
      }
      return ids;
    } catch (Exception e) {
      return Set.of();
    }
  }

  /** How many partitions the replica's own consumer of the monitor has polled. */
  static int lagPartitions(ApiClient api, String id) {
    try {
      return api.get("/api/v1/monitors/" + id).body().path("consumerLag").size();
    } catch (Exception e) {
      return 0;
    }
  }

  static long closed(String url, String user, String id) {
    return query(
        url,
        user,
        "SELECT count(*) FROM monitor_window WHERE monitor_id = ? AND state = 'CLOSED'",
        id);
  }

  static long counter(String url, String user, String id, String name) {
    return query(
        url,
        user,
        "SELECT coalesce(sum(value), 0) FROM monitor_counter WHERE monitor_id = ? AND name = '"
            + name
            + "'",
        id);
  }

  static long query(String url, String user, String sql, String id) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Map<String, Object> pc = new HashMap<>(kafka.clientConfig());
    pc.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    pc.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    return new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends events {@code from} to {@code to}, event {@code i} at {@code BASE + i * STEP} ms on
   * partition {@code i % 3} (keyed by its inference id), counting each in its window.
   */
  static void produce(KafkaProducer<byte[], byte[]> p, int from, int to, long[] perWindow)
      throws Exception {
    List<Future<?>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      int window = i / PER_WINDOW;
      perWindow[window]++;
      String id = "i" + i;
      sent.add(
          p.send(
              new ProducerRecord<>(
                  "events",
                  i % PARTITIONS,
                  id.getBytes(StandardCharsets.UTF_8),
                  event(i, id, DRIFTED.contains(window) ? 3 : 0)
                      .getBytes(StandardCharsets.UTF_8))));
      sent.add(
          p.send(
              new ProducerRecord<>(
                  "events.labels",
                  i % PARTITIONS,
                  id.getBytes(StandardCharsets.UTF_8),
                  ("{\"inferenceId\":\""
                          + id
                          + "\",\"label\":"
                          + new SplittableRandom(i).nextInt(2)
                          + "}")
                      .getBytes(StandardCharsets.UTF_8))));
    }
    for (Future<?> f : sent) {
      f.get();
    }
  }

  /** An event like the baseline's rows (two classes, 4 features), shifted by {@code shift}. */
  static String event(int i, String id, double shift) {
    SplittableRandom r = new SplittableRandom(i);
    int y = r.nextInt(2);
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "{\"model\":\"lin\",\"inferenceId\":\"%s\",\"eventTime\":%d,\"features\":[",
                id,
                BASE + i * STEP));
    for (int j = 0; j < 4; j++) {
      sb.append(j > 0 ? "," : "")
          .append(
              String.format(
                  Locale.ROOT, "%.4f", (y == 0 ? -1 : 1) + 1.5 * r.nextGaussian() + shift));
    }
    return sb.append("],\"prediction\":").append(y).append('}').toString();
  }

  static void await(String what, int seconds, BooleanSupplier condition) throws Exception {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out after " + seconds + " s: " + what);
      }
      Thread.sleep(100);
    }
  }

  static double secs(long from, long to) {
    return (to - from) / 1e9;
  }
}
