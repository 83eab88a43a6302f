package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import dev.vernier.tuner.service.FleetService;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --artifacts DIR} and {@code --replica-id}: models live in the named folder (which
 * replicas share), a report is accepted only for a file inside it, answers name models relative to
 * its parent, and the job's document names the replica that schedules it.
 */
class ArtifactsDirTest {
  @TempDir Path dir;

  @Test
  void modelsLiveInTheArtifactsFolderAndReportsMayNameNothingElse() throws Exception {
    Path data = Files.createDirectories(dir.resolve("datasets"));
    TestData.csv(data, "train.csv", 100, 1);
    TestData.csv(data, "val.csv", 50, 2);
    Path shared = dir.resolve("shared").resolve("vernier-artifacts");
    ServerSettings s =
        ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0)
            .withArtifactsDir(shared)
            .withReplicaId("replica-1");
    assertEquals(Duration.ofMillis(600), s.schedulingLease(), "three ticks");
    try (VernierServer server =
        VernierServer.start(
            s, Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()))) {
      ApiClient api = new ApiClient(server.url().toString(), server.firstAdminToken());
      assertEquals(
          201, api.post("/api/v1/tuning-jobs", TestData.job("art", "random", 2, 1)).status());
      FleetService fleet = server.fleet();
      fleet.register("w", "w", 1, "boot");
      TrialAssignment a = leaseWithin(fleet, Duration.ofSeconds(30));

      byte[] model = "a model's bytes".getBytes(StandardCharsets.UTF_8);
      Path stored =
          Path.of(fleet.upload(a.leaseId(), "model.vernier", new ByteArrayInputStream(model)));
      assertTrue(stored.startsWith(shared.toRealPath()), "stored in --artifacts: " + stored);
      assertFalse(
          Files.exists(dir.resolve("state").resolve("artifacts").resolve("sha256")),
          "nothing in --data's artifacts");

      // a file in the old default place, outside --artifacts, is not a model of this service
      Path elsewhere =
          Files.createDirectories(dir.resolve("state/artifacts/sha256/ab")).resolve("m.vernier");
      Files.write(elsewhere, model);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  fleet.report(
                      a.leaseId(),
                      new TrialReport(
                          TrialReport.Outcome.COMPLETED, 0.1, null, elsewhere.toString(), null)));
      assertEquals("artifactPath", e.field());

      // the path as answers show it: relative to the artifacts folder's parent
      String shown = shared.getFileName() + "/" + shared.toRealPath().relativize(stored);
      assertEquals(
          ReportAck.ACCEPTED,
          fleet.report(
              a.leaseId(), new TrialReport(TrialReport.Outcome.COMPLETED, 0.1, null, shown, null)));
      JsonNode trial = api.get("/api/v1/tuning-jobs/art/trials/" + a.trialNumber()).body();
      assertEquals(shown, trial.path("artifactPath").asText(), trial.toString());
      HttpResponse<byte[]> download =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              server.url()
                                  + "/api/v1/tuning-jobs/art/trials/"
                                  + a.trialNumber()
                                  + "/model"))
                      .header("Authorization", "Bearer " + server.firstAdminToken())
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, download.statusCode());
      assertArrayEquals(model, download.body());

      JsonNode job = api.get("/api/v1/tuning-jobs/art").body();
      assertEquals("replica-1", job.path("scheduling").path("replica").asText(), job.toString());
      assertTrue(job.path("scheduling").path("leaseUntil").asLong() > 0, job.toString());
    }
  }

  static TrialAssignment leaseWithin(FleetService fleet, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<TrialAssignment> a = fleet.lease("w");
      if (a.isPresent()) {
        return a.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no trial to lease within " + limit);
  }
}
