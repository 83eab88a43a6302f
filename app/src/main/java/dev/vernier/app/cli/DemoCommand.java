package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.app.security.Role;
import dev.vernier.app.server.ServerSettings;
import dev.vernier.app.server.VernierServer;
import dev.vernier.core.InvalidInputException;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.kernels.Backends;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vernier demo}: starts the service, submits a Bayesian MLP tuning job on Fashion-MNIST over
 * its REST API, shows progress, and ends with the best hyperparameters and the model's path.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Tunes an MLP on Fashion-MNIST end to end: service, REST submission, worker slots, best model.")
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--fashion-mnist",
      defaultValue = "/usr/share/datasets/fashion-mnist",
      description = "Fashion-MNIST's IDX files (default: ${DEFAULT-VALUE}).")
  Path fmnist;

  @Option(
      names = "--data",
      defaultValue = ServeCommand.DEFAULT_DATA,
      description = "The service's state directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--port",
      defaultValue = "0",
      description =
          "HTTP port of the demo's service (its REST API and pages); 0 picks a free one"
              + " (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--trials",
      defaultValue = "10",
      description = "Trials to run (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--slots",
      defaultValue = "1",
      description = "Worker slots; the cores are shared among them (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(
      names = "--monitor",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "After tuning, monitor the best model on an embedded Kafka broker: replay the test set"
              + " as is, darker, then footwear only; alert and retrain (default: ${DEFAULT-VALUE}).")
  boolean monitor;

  @Option(
      names = "--exit",
      description =
          "End when the demo's loop is done; by default the service keeps serving the dashboard"
              + " until Ctrl-C.")
  boolean exit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = VernierCommand.clock(spec);
    if (port < 0 || port > 65535) {
      throw new InvalidInputException(
          "--port", "must be between 1 and 65535, or 0 for any free port", port);
    }
    if (!Files.isRegularFile(fmnist.resolve("train-images-idx3-ubyte.gz"))) {
      throw new InvalidInputException(
          "--fashion-mnist",
          "must hold Fashion-MNIST's IDX files (apt-get install dataset-fashion-mnist)",
          fmnist.toString());
    }
    int tps = Math.max(1, Backends.defaultThreads() / Math.max(1, slots));
    ServerSettings s =
        ServerSettings.of(
                "127.0.0.1",
                port,
                data,
                List.of(Files.createDirectories(data.resolve("datasets")), fmnist),
                slots)
            .withBackend("auto")
            .withThreadsPerSlot(tps)
            .withHeartbeat(Duration.ofSeconds(5))
            .withTick(Duration.ofMillis(500));
    EmbeddedKafka kafka = null;
    if (monitor) {
      kafka = EmbeddedKafka.start(data.resolve("kafka-" + clock.millis()));
      s = s.withKafka(kafka.clientConfig());
    }
    try (EmbeddedKafka k = kafka;
        VernierServer server = VernierServer.start(s, clock, System.out)) {
      String token = server.tokens().create(Role.SUBMITTER, "vernier demo", clock.millis());
      ApiClient api = new ApiClient(server.url().toString(), token);
      // the admin token of a first start, else the demo's own submitter token
      String link =
          server.dashboardLink(server.firstAdminToken() != null ? server.firstAdminToken() : token);
      out.println("Dashboard: " + link);
      out.flush();
      String name = "demo-fmnist-mlp-" + clock.instant().getEpochSecond();
      String job =
          """
          {"name": "%s", "algorithm": "mlp",
           "channels": {
             "train": {"path": "%s/train-images-idx3-ubyte.gz", "labels": "%s/train-labels-idx1-ubyte.gz"},
             "validation": {"path": "%s/t10k-images-idx3-ubyte.gz", "labels": "%s/t10k-labels-idx1-ubyte.gz"}},
           "objective": {"metric": "validation:accuracy", "type": "Maximize"},
           "parameterRanges": {
             "learning_rate": {"type": "continuous", "min": 0.01, "max": 0.5, "scaling": "Logarithmic"},
             "hidden_units": {"type": "integer", "min": 32, "max": 512, "scaling": "Logarithmic"},
             "mini_batch_size": {"type": "integer", "min": 32, "max": 256, "scaling": "Logarithmic"}},
           "staticHyperparameters": {"epochs": %d},
           "strategy": "bayesian",
           "limits": {"maxTrials": %d, "maxParallelTrials": %d},
           "earlyStopping": "auto",
           "seed": 1}
          """
              .formatted(name, fmnist, fmnist, fmnist, fmnist, epochs, trials, slots);
      out.println(
          "service "
              + server.url()
              + ": submitting Bayesian tuning job "
              + name
              + " ("
              + trials
              + " trials, MLP on Fashion-MNIST)");
      out.flush();
      api.post("/api/v1/tuning-jobs", job);
      JobProgress.Snapshot end =
          new JobProgress(api, name).follow(out, false, Duration.ofSeconds(1));
      if (!end.state().equals("COMPLETED")) {
        return JobProgress.report(out, end);
      }
      JsonNode j = api.get("/api/v1/tuning-jobs/" + name).body();
      JsonNode best = api.get("/api/v1/tuning-jobs/" + name + "/best").body();
      out.println(
          "best trial "
              + best.path("number").asInt()
              + ": validation:accuracy "
              + best.path("objective").asText());
      out.println("  hyperparameters " + best.path("hyperparameters"));
      // answers name the model relative to the service's data folder
      Path model = data.resolve(best.path("artifactPath").asText());
      out.println("  model " + model);
      out.println(
          "stopped trials and their reasons: vernier tune trials "
              + name
              + " (while a service runs on this data directory)");
      out.flush();
      int rc = 0;
      if (k != null) {
        rc =
            new MonitorDemo(out, api, k, fmnist, clock)
                .run(j.path("id").asText(), model.toString());
      }
      if (!exit) {
        out.println("Dashboard: " + link + " (serving until Ctrl-C; --exit ends here)");
        out.flush();
        server.awaitShutdown();
      }
      return rc;
    }
  }
}
