package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client of a large job reads, over real HTTP: the trials a page at a time with a cursor, a
 * poll that fetches only the trials that may have changed, the curves capped to the running and the
 * best trials, an unknown metric refused naming the ones the algorithm emits, and the jobs list
 * filtered by warm-start parent however old the child.
 */
class JobPagingApiTest {
  static final int DONE = 250;
  static final int RUNNING = 3;
  @TempDir static Path dir;
  static VernierServer server;
  static ApiClient api;
  static String reader;
  static LargeJob paged;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 100, 1);
    TestData.csv(data, "val.csv", 50, 2);
    server =
        VernierServer.start(
            ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0),
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream()));
    long now = System.currentTimeMillis();
    String submitter = server.tokens().create(Role.SUBMITTER, "test", now);
    reader = server.tokens().create(Role.READER, "test", now);
    api = new ApiClient(server.url().toString(), submitter);
    paged = LargeJob.build(server, api, "paged", DONE, RUNNING);
  }

  @AfterAll
  static void stop() {
    if (paged != null) {
      paged.close();
    }
    server.close();
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = TestHttp.json(server, "GET", path, reader, null);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  static JsonNode problem(String path, int status, String field) throws Exception {
    HttpResponse<String> r = TestHttp.json(server, "GET", path, reader, null);
    assertEquals(status, r.statusCode(), path + ": " + r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        r.body());
    JsonNode p = JSON.readTree(r.body());
    assertEquals(field, p.path("field").asText(), r.body());
    return p;
  }

  static List<Integer> numbers(JsonNode page) {
    List<Integer> out = new ArrayList<>();
    page.path("trials").forEach(t -> out.add(t.path("number").asInt()));
    return out;
  }

  @Test
  void trialsComeAPageAtATimeAndAPollGetsOnlyTheTrialsThatMayHaveChanged() throws Exception {
    String path = "/api/v1/tuning-jobs/paged/trials";
    // without paging parameters: every trial, as older clients (the CLI) read them
    JsonNode all = get(path);
    assertEquals(DONE + RUNNING, all.path("trials").size());
    assertEquals(DONE + RUNNING, all.path("total").asInt());
    assertTrue(all.path("nextAfter").isMissingNode(), "no paging fields: " + all.fieldNames());

    JsonNode first = get(path + "?limit=100");
    assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), numbers(first));
    assertEquals(100, first.path("nextAfter").asInt());
    assertTrue(first.path("hasMore").asBoolean());
    assertEquals(DONE + RUNNING, first.path("total").asInt());
    assertEquals(100, first.path("limit").asInt());
    // the documented default page
    assertEquals(
        IntStream.rangeClosed(101, 200).boxed().toList(), numbers(get(path + "?after=100")));
    // following the cursor reads every trial once
    List<Integer> seen = new ArrayList<>();
    int after = 0;
    for (int pages = 0; pages < 10; pages++) {
      JsonNode p = get(path + "?limit=60&after=" + after);
      seen.addAll(numbers(p));
      after = p.path("nextAfter").asInt();
      if (!p.path("hasMore").asBoolean()) {
        break;
      }
    }
    assertEquals(IntStream.rangeClosed(1, DONE + RUNNING).boxed().toList(), seen);

    // a poll: nothing new above the last number, and the trials it saw running, as they are now
    List<Integer> running = new ArrayList<>();
    all.path("trials")
        .forEach(
            t -> {
              if (t.path("state").asText().equals("IN_PROGRESS")) {
                running.add(t.path("number").asInt());
              }
            });
    assertEquals(RUNNING, running.size(), all.toString());
    String named = running.stream().map(String::valueOf).collect(Collectors.joining(","));
    JsonNode poll = get(path + "?after=" + (DONE + RUNNING) + "&numbers=" + named);
    assertEquals(running, numbers(poll));
    assertEquals(DONE + RUNNING, poll.path("nextAfter").asInt());
    assertFalse(poll.path("hasMore").asBoolean());
    int epochs = poll.path("trials").get(0).path("epochs").asInt();
    Thread.sleep(2500); // the running trials report an epoch a second
    assertTrue(
        get(path + "?after=" + (DONE + RUNNING) + "&numbers=" + named)
                .path("trials")
                .get(0)
                .path("epochs")
                .asInt()
            > epochs,
        "a named trial is answered as it is now");
    // ranges, and numbers no trial has are no error
    assertEquals(
        List.of(1, 2, 3, 7),
        numbers(get(path + "?after=" + (DONE + RUNNING) + "&numbers=1-3,7,9000")));

    assertTrue(
        problem(path + "?limit=1001", 400, "limit")
            .path("detail")
            .asText()
            .contains("between 1 and 1000"));
    problem(path + "?limit=0", 400, "limit");
    problem(path + "?after=-1", 400, "after");
    problem(path + "?after=x", 400, "after");
    problem(path + "?numbers=abc", 400, "numbers");
    assertTrue(
        problem(path + "?numbers=1-1001", 400, "numbers")
            .path("detail")
            .asText()
            .contains("at most 1000"));
    problem("/api/v1/tuning-jobs/no-such-job/trials?limit=10", 404, "id");
  }

  @Test
  void curvesAreTheRunningAndTheBestTrialsWithTheCapAndTheCountLeftOut() throws Exception {
    JsonNode c = get("/api/v1/tuning-jobs/paged/curves");
    assertEquals(LargeJob.METRIC, c.path("metric").asText());
    assertEquals(50, c.path("limit").asInt());
    assertEquals(RUNNING, c.path("running").asInt());
    assertEquals(DONE + RUNNING, c.path("total").asInt());
    assertEquals(DONE - 50, c.path("omitted").asInt());
    assertEquals(50 + RUNNING, c.path("curves").size());
    // the 50 lowest losses (the job minimises) and the running ones, by number
    List<JsonNode> trials = new ArrayList<>();
    get("/api/v1/tuning-jobs/paged/trials").path("trials").forEach(trials::add);
    List<Integer> best =
        trials.stream()
            .filter(t -> t.path("state").asText().equals("COMPLETED"))
            .sorted(Comparator.comparingDouble(t -> t.path("objective").asDouble()))
            .limit(50)
            .map(t -> t.path("number").asInt())
            .collect(Collectors.toCollection(ArrayList::new));
    trials.stream()
        .filter(t -> t.path("state").asText().equals("IN_PROGRESS"))
        .forEach(t -> best.add(t.path("number").asInt()));
    best.sort(Comparator.naturalOrder());
    List<Integer> answered = new ArrayList<>();
    c.path("curves").forEach(x -> answered.add(x.path("number").asInt()));
    assertEquals(best, answered);
    for (JsonNode x : c.path("curves")) {
      if (x.path("state").asText().equals("COMPLETED")) {
        assertEquals(LargeJob.EPOCHS, x.path("values").size(), x.toString());
      }
    }
    JsonNode every = get("/api/v1/tuning-jobs/paged/curves?limit=500");
    assertEquals(DONE + RUNNING, every.path("curves").size());
    assertEquals(0, every.path("omitted").asInt());
    assertTrue(
        problem("/api/v1/tuning-jobs/paged/curves?limit=501", 400, "limit")
            .path("detail")
            .asText()
            .contains("between 1 and 500"));
  }

  @Test
  void aMetricTheAlgorithmDoesNotEmitIsAProblemNamingTheOnesItDoes() throws Exception {
    String detail =
        problem("/api/v1/tuning-jobs/paged/curves?metric=bogus", 400, "metric")
            .path("detail")
            .asText();
    for (String s :
        List.of(
            "'bogus'",
            "linear-learner",
            "validation:objective_loss",
            "train:objective_loss",
            "validation:accuracy")) {
      assertTrue(detail.contains(s), detail);
    }
    JsonNode train = get("/api/v1/tuning-jobs/paged/curves?metric=train:objective_loss");
    assertEquals("train:objective_loss", train.path("metric").asText());
    assertEquals(LargeJob.EPOCHS, train.path("curves").get(0).path("values").size());
  }

  @Test
  void theJobsListFiltersByParentPastTheNewest500Jobs() throws Exception {
    LargeJob.build(server, api, "parent-job", 1, 0);
    LargeJob.build(
        server,
        api,
        "old-child",
        1,
        0,
        "\"warmStart\": {\"parents\": [\"parent-job\"], \"type\": \"transfer\"}");
    for (int i = 0; i < 501; i++) {
      LargeJob.build(server, api, "newer-" + i, 1, 0);
    }
    // the fault: the newest 500 do not reach the child
    JsonNode newest = get("/api/v1/job-summaries?limit=500");
    newest.path("jobs").forEach(j -> assertFalse(j.path("id").asText().equals("old-child")));

    for (String list : List.of("/api/v1/tuning-jobs", "/api/v1/job-summaries")) {
      JsonNode children = get(list + "?parent=parent-job");
      assertEquals(1, children.path("total").asInt(), children.toString());
      assertEquals("old-child", children.path("jobs").get(0).path("id").asText());
      assertEquals(0, get(list + "?parent=no-such-job").path("total").asInt());
      assertEquals(0, get(list + "?parent=parent-job&offset=1").path("jobs").size());
      problem(list + "?parent=parent-job&limit=0", 400, "limit");
    }
    assertEquals(
        1,
        get("/api/v1/job-summaries?parent=parent-job")
            .path("jobs")
            .get(0)
            .path("trials")
            .path("byState")
            .path("COMPLETED")
            .asInt());
    assertEquals(
        0, get("/api/v1/tuning-jobs?parent=parent-job&state=FAILED").path("total").asInt());
  }
}
