package dev.vernier.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.data.IdxWriter;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON examples of the README, as written, are accepted by a fresh service (SQLite, an embedded
 * broker) with the files they name in place: small IDX files under the Fashion-MNIST names, the
 * warm-start parent a job of its own, the webhook registered by an administrator. A new example of
 * a kind this test does not know fails it, so every example stays tested.
 */
class ReadmeExamplesTest {
  @TempDir Path dir;
  static final ObjectMapper JSON = new ObjectMapper();

  static List<JsonNode> examples() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<JsonNode> out = new ArrayList<>();
    while (m.find()) {
      out.add(JSON.readTree(m.group(1)));
    }
    return out;
  }

  @Test
  @Timeout(240)
  void theReadmesJsonExamplesAreAcceptedAsWritten() throws Exception {
    List<JsonNode> examples = examples();
    assertFalse(examples.isEmpty(), "the README has JSON examples");
    Path data = Files.createDirectories(dir.resolve("datasets"));
    Random r = new Random(4);
    fmnistLike(data, "train", 300, r);
    fmnistLike(data, "t10k", 100, r);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        VernierServer server =
            VernierServer.start(
                ServerSettings.of("127.0.0.1", 0, dir.resolve("state"), List.of(data), 0)
                    .withKafka(kafka.clientConfig()),
                Clock.systemUTC(),
                new PrintStream(new java.io.ByteArrayOutputStream()))) {
      ApiClient api = new ApiClient(server.url().toString(), server.firstAdminToken());
      for (JsonNode example : examples) {
        if (example.has("channels")) {
          JsonNode parents = example.path("warmStart").path("parents");
          for (JsonNode p : parents) { // the parent first: the same job without a warm start
            ObjectNode parent = example.deepCopy();
            parent.remove("warmStart");
            parent.put("name", p.asText());
            assertEquals(201, api.post("/api/v1/tuning-jobs", parent.toString()).status());
          }
          var res = api.post("/api/v1/tuning-jobs", example.toString());
          assertEquals(201, res.status(), res.body().toString());
        } else if (example.has("baseline")) {
          for (JsonNode hook : example.path("webhooks")) {
            var reg =
                api.post(
                    "/api/v1/webhooks",
                    JSON.createObjectNode().put("url", hook.asText()).toString());
            assertEquals(201, reg.status(), reg.body().toString());
          }
          var res = api.post("/api/v1/monitors", example.toString());
          assertEquals(201, res.status(), res.body().toString());
        } else {
          throw new AssertionError(
              "a README example of a kind this test does not know: " + example);
        }
      }
    }
  }

  /** Fashion-MNIST's file names with small random data: 28 x 28 pixels in [0, 1], 10 classes. */
  private static void fmnistLike(Path dir, String prefix, int rows, Random r) throws Exception {
    float[] x = new float[rows * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = i % 10;
    }
    Path images = dir.resolve(prefix + "-images.tmp");
    Path labels = dir.resolve(prefix + "-labels.tmp");
    IdxWriter.writeFeatures(images, rows, 784, x);
    IdxWriter.writeLabels(labels, y);
    gzip(images, dir.resolve(prefix + "-images-idx3-ubyte.gz"));
    gzip(labels, dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
  }

  private static void gzip(Path from, Path to) throws Exception {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      Files.copy(from, out);
    }
    Files.delete(from);
  }
}
