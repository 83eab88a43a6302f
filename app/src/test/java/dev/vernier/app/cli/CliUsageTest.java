package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The commands' usage and exit codes: help text and its conventions, the algorithms catalog, exit 1
 * for an unreachable service, and the option checks of demo and serve.
 */
class CliUsageTest extends CliTest {
  @Test
  void helpListsTheCommands() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String c : List.of("train", "predict", "algorithms", "bench")) {
      assertTrue(r.out().contains(c), r.out());
    }
  }

  @Test
  void helpStatesTheConventions() {
    Result r = run("--help");
    assertTrue(r.out().contains("--output json"), r.out());
    assertTrue(r.out().contains("3 not found; 4 not authorised"), r.out());
    assertTrue(r.out().contains("tune model --to, monitor drift --table"), r.out());
    for (List<String> c :
        List.of(
            List.of("train", "--model-dir"),
            List.of("predict", "--predictions"),
            List.of("tune model", "--to"),
            List.of("monitor drift", "--table"))) {
      List<String> args = new java.util.ArrayList<>(List.of(c.get(0).split(" ")));
      args.add("--help");
      String help = run(args.toArray(String[]::new)).out();
      assertTrue(help.contains(c.get(1)), help);
      assertTrue(help.contains("--output=FORMAT"), help);
      assertTrue(help.contains("text, or json"), help);
    }
    assertTrue(run("tune", "submit", "--help").out().contains("- reads it from standard input"));
    assertEquals(2, run("tune", "status").code(), "usage errors exit 2");
  }

  @Test
  void algorithmsCommandShowsTheCatalog() {
    Result r = run("algorithms", "kmeans");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("init_method"), r.out());
    assertTrue(r.out().contains("train:msd"), r.out());
    assertFalse(r.out().contains("SageMaker"), r.out());
    r = run("algorithms", "linear-learner", "--sagemaker");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("num_point_for_scaler"), r.out());
    assertTrue(r.out().contains("ignored when auto or true"), r.out());
  }

  @Test
  void algorithmsPrintJsonWithOutputJson() throws IOException {
    Result r = run("algorithms", "--output", "json");
    assertEquals(0, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode j =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertTrue(j.path("algorithms").size() > 1, r.out());
    com.fasterxml.jackson.databind.JsonNode kmeans = null;
    for (com.fasterxml.jackson.databind.JsonNode a : j.path("algorithms")) {
      if (a.path("name").asText().equals("kmeans")) {
        kmeans = a;
      }
    }
    assertTrue(kmeans != null, r.out());
    assertTrue(kmeans.path("hyperparameters").toString().contains("init_method"), r.out());
    assertTrue(kmeans.path("metrics").toString().contains("train:msd"), r.out());
    // the alias of earlier scripts, and a format that does not exist
    assertEquals(r.out(), run("algorithms", "--json").out());
    assertBadInput(run("algorithms", "--output", "yaml"), "--output", "text or json", "yaml");
  }

  @Test
  void anUnreachableServiceExits1() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    Result r =
        run("tune", "status", "some-job", "--server", "http://127.0.0.1:" + port, "--token", "t");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("cannot reach the service"), r.err());
  }

  @Test
  void demoTakesAPortBetween1And65535Or0() throws IOException {
    assertTrue(run("demo", "--help").out().contains("--port"));
    assertBadInput(run("demo", "--port", "65536"), "--port", "between 1 and 65535", "65536");
    assertBadInput(run("demo", "--port", "-1"), "--port", "0 for any free port", "-1");
    // a port in range passes: the next check, on the data set, is the one that fails
    Path empty = Files.createDirectories(dir.resolve("no-fmnist"));
    for (String port : List.of("0", "1", "8081", "65535")) {
      assertBadInput(
          run("demo", "--port", port, "--fashion-mnist", empty.toString()), "--fashion-mnist");
    }
    Result r = run("demo", "--port", "http");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--port"), r.err());
  }

  @Test
  void serveRefusesAnEmbeddedKafkaFolderOfAnotherCluster() throws IOException {
    Path data = dir.resolve("state");
    Path kafka = Files.createDirectories(data.resolve("kafka"));
    // a plain Kafka log directory where the embedded broker keeps its nodes
    Files.writeString(
        kafka.resolve("meta.properties"),
        "version=1\ncluster.id=SomeoneElsesClusterAAA\nnode.id=1\n");
    assertBadInput(
        run(
            "serve",
            "--embedded-kafka",
            "--port",
            "0",
            "--slots",
            "0",
            "--data",
            data.toString(),
            "--data-root",
            dir.toString()),
        "--data",
        kafka.toAbsolutePath().normalize().toString(),
        "another --data folder",
        "remove");
  }

  /** Issue 13: SQLite's durability is offered: --sqlite-sync normal|full, anything else exit 2. */
  @Test
  void serveTakesNormalOrFullSqliteSync() {
    assertEquals(false, StateOptions.fullSync("normal"));
    assertEquals(true, StateOptions.fullSync("full"));
    dev.vernier.core.InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.vernier.core.InvalidInputException.class, () -> StateOptions.fullSync("FULLY"));
    assertEquals("--sqlite-sync", e.field());
  }
}
