package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A finished job's models downloaded over real HTTP and with {@code vernier tune model}, and
 * inspected with {@code vernier model inspect}.
 */
class ModelDownloadTest extends ServerFixture {
  @Test
  void aFinishedJobsModelsAreDownloadedAndInspected() throws Exception {
    String url = server.url().toString();
    ApiClient api = new ApiClient(url, submitter);
    assertEquals(
        201, api.post("/api/v1/tuning-jobs", TestData.job("dl-job", "random", 2, 1)).status());
    assertEquals("COMPLETED", waitForEnd(api, "dl-job").path("state").asText());
    JsonNode best = api.get("/api/v1/tuning-jobs/dl-job/best").body();
    int n = best.path("number").asInt();
    byte[] stored =
        Files.readAllBytes(dir.resolve("state").resolve(best.path("artifactPath").asText()));

    // a reader downloads the bytes as stored, named after the job and the trial
    HttpResponse<byte[]> r = bytes("/api/v1/tuning-jobs/dl-job/trials/" + n + "/model", reader);
    assertEquals(200, r.statusCode());
    assertEquals(
        "application/octet-stream", r.headers().firstValue("Content-Type").orElse(""), "type");
    String disposition = r.headers().firstValue("Content-Disposition").orElse("");
    assertTrue(disposition.startsWith("attachment"), disposition);
    assertTrue(disposition.contains("filename=\"dl-job-trial-" + n + ".vernier\""), disposition);
    assertArrayEquals(stored, r.body());
    r = bytes("/api/v1/tuning-jobs/dl-job/best/model", reader);
    assertEquals(200, r.statusCode());
    assertArrayEquals(stored, r.body());

    // 404 problems name the field that named nothing
    assertEquals(
        "number",
        problem(raw("GET", "/api/v1/tuning-jobs/dl-job/trials/99/model", reader, null), 404)
            .path("field")
            .asText());
    assertEquals(
        "id",
        problem(raw("GET", "/api/v1/tuning-jobs/nope/trials/1/model", reader, null), 404)
            .path("field")
            .asText());
    assertEquals(
        "id",
        problem(raw("GET", "/api/v1/tuning-jobs/nope/best/model", reader, null), 404)
            .path("field")
            .asText());
    problem(raw("GET", "/api/v1/tuning-jobs/dl-job/best/model", null, null), 401);

    // the CLI writes the file, or standard output with -
    Path file = dir.resolve("downloaded.vernier");
    String[] c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--trial",
            String.valueOf(n),
            "--to",
            file.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("0", c[0], c[2]);
    assertTrue(c[1].contains("wrote " + file), c[1]);
    assertArrayEquals(stored, Files.readAllBytes(file));
    Path bestFile = dir.resolve("best.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--output",
            bestFile.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("0", c[0], c[2]);
    assertArrayEquals(stored, Files.readAllBytes(bestFile));
    // --output FILE, the old spelling, still writes the file and warns once
    assertTrue(c[2].contains("deprecated") && c[2].contains("--to FILE"), c[2]);
    assertEquals(1, c[2].lines().count(), c[2]);
    assertTrue(c[1].contains("wrote " + bestFile), c[1]);
    Path jsonFile = dir.resolve("json.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--to",
            jsonFile.toString(),
            "--output",
            "json",
            "--server",
            url,
            "--token",
            reader);
    assertEquals("0", c[0], c[2]);
    assertEquals("", c[2]);
    JsonNode dl = JSON.readTree(c[1]);
    assertEquals(jsonFile.toString(), dl.path("file").asText(), c[1]);
    assertEquals(stored.length, dl.path("bytes").asLong(), c[1]);
    assertEquals("dl-job", dl.path("job").asText(), c[1]);
    assertTrue(dl.path("best").asBoolean(), c[1]);
    assertArrayEquals(stored, Files.readAllBytes(jsonFile));
    c = cli("tune", "model", "dl-job", "--server", url, "--token", reader);
    assertEquals("2", c[0], "the file is required: " + c[1] + c[2]);
    assertTrue(c[2].contains("--to"), c[2]);
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    int code =
        dev.vernier.app.cli.VernierCommand.run(
            new String[] {
              "tune", "model", "dl-job", "--to", "-", "--server", url, "--token", reader
            },
            new PrintStream(raw, true),
            new PrintStream(new java.io.ByteArrayOutputStream(), true));
    assertEquals(0, code);
    assertArrayEquals(stored, raw.toByteArray());
    // with --to - and --output json, the model alone on standard output, the JSON on standard error
    raw.reset();
    java.io.ByteArrayOutputStream rawErr = new java.io.ByteArrayOutputStream();
    code =
        dev.vernier.app.cli.VernierCommand.run(
            new String[] {
              "tune",
              "model",
              "dl-job",
              "--to",
              "-",
              "--output",
              "json",
              "--server",
              url,
              "--token",
              reader
            },
            new PrintStream(raw, true),
            new PrintStream(rawErr, true));
    assertEquals(0, code, rawErr.toString());
    assertArrayEquals(stored, raw.toByteArray());
    assertEquals(stored.length, JSON.readTree(rawErr.toString()).path("bytes").asLong());
    assertEquals("-", JSON.readTree(rawErr.toString()).path("file").asText());
    Path missing = dir.resolve("missing.vernier");
    c =
        cli(
            "tune",
            "model",
            "dl-job",
            "--trial",
            "99",
            "--to",
            missing.toString(),
            "--server",
            url,
            "--token",
            reader);
    assertEquals("3", c[0], "an unknown trial is not found: " + c[1] + c[2]);
    assertTrue(c[2].contains("trial 99") && c[2].contains("404"), c[2]);
    assertFalse(Files.exists(missing), "a failed download leaves no file");

    // model inspect: the provenance and metrics the file holds
    c = cli("model", "inspect", file.toString());
    assertEquals("0", c[0], c[2]);
    for (String want :
        List.of(
            "algorithm", "linear-learner", "seed", "train sha256", "backend", "vernier version")) {
      assertTrue(c[1].contains(want), want + " in " + c[1]);
    }
    c = cli("model", "inspect", file.toString(), "--output", "json");
    assertEquals("0", c[0], c[2]);
    JsonNode j = JSON.readTree(c[1]);
    JsonNode prov = j.path("provenance");
    assertEquals("linear-learner", prov.path("algorithm").asText(), c[1]);
    assertEquals(64, prov.path("trainDatasetSha256").asText().length(), c[1]);
    assertFalse(prov.path("backend").asText().isBlank(), c[1]);
    assertFalse(prov.path("vernierVersion").asText().isBlank(), c[1]);
    assertTrue(prov.path("hyperparameters").size() > 0, c[1]);
    assertTrue(prov.has("seed"), c[1]);
    assertTrue(j.path("metrics").size() > 0, c[1]);
    c = cli("model", "inspect", file.toString(), "--output", "yaml");
    assertEquals("2", c[0], c[1] + c[2]);
    assertTrue(c[2].contains("--output"), c[2]);
    Files.writeString(dir.resolve("not-a-model.vernier"), "hello");
    c = cli("model", "inspect", dir.resolve("not-a-model.vernier").toString());
    assertEquals("2", c[0], c[1] + c[2]);
  }

  static HttpResponse<byte[]> bytes(String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
