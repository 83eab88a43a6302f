package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote {@code vernier worker} whose datasets are mounted at another path than the service's
 * (the README: "the datasets under its own --data-root"). The service handed workers its own
 * absolute paths, so such a worker refused every trial ("resolves (through a link) to a file
 * outside them") and the trials failed. Now a trial names each channel relative to its data root
 * too, the worker finds it under its own roots, and the model file names the data as the job does,
 * not by either machine's path.
 */
class RemoteDataRootTest {
  @TempDir Path dir;

  @Test
  @Timeout(180)
  void aWorkerWithTheDatasetsElsewhereRunsTheTrials() throws Exception {
    try (FleetFixture f = new FleetFixture(dir)) {
      Path mine = Files.createDirectories(dir.resolve("worker-mount/datasets"));
      Files.copy(f.data.resolve("train.csv"), mine.resolve("train.csv"));
      Files.copy(f.data.resolve("val.csv"), mine.resolve("val.csv"));
      ApiClient api = f.serve(0);
      f.worker("r1", "--data-root", mine.toString());
      api.post(
          "/api/v1/tuning-jobs",
          """
          {"name": "elsewhere", "algorithm": "linear-learner",
           "channels": {"train": {"path": "train.csv"}, "validation": {"path": "val.csv"}},
           "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
           "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 0.1}},
           "staticHyperparameters": {"predictor_type": "binary_classifier", "epochs": 2},
           "strategy": "random", "limits": {"maxTrials": 2}, "seed": 3}
          """);
      JsonNode j =
          f.waitFor(
              api, "elsewhere", x -> !x.path("state").asText().matches("PENDING|IN_PROGRESS"), 120);
      assertEquals("COMPLETED", j.path("state").asText(), j.toString());
      for (JsonNode t : FleetFixture.trials(api, "elsewhere")) {
        assertEquals("COMPLETED", t.path("state").asText(), t.toString());
        assertTrue(t.path("workerId").asText().startsWith("r1"), t.toString());
      }

      HttpResponse<byte[]> model =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(f.url() + "/api/v1/tuning-jobs/elsewhere/best/model"))
                      .header("Authorization", "Bearer " + f.token)
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, model.statusCode());
      String bytes = new String(model.body(), StandardCharsets.ISO_8859_1);
      assertTrue(bytes.contains("\"train.csv\""), "provenance names the data as the job does");
      assertFalse(bytes.contains(dir.toString()), "no machine's absolute path in the model");
    }
  }
}
