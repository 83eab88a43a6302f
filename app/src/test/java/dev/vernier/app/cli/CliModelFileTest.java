package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model files that do not fit: predict refuses input of another width, and model inspect and
 * predict refuse an edited or malformed header alike.
 */
class CliModelFileTest extends CliTest {
  @Test
  void predictRejectsInputOfTheWrongWidth() throws IOException {
    Path model = dir.resolve("m");
    assertEquals(
        0, train(csv("w.csv", 100, 1), "--hp", "epochs=1", "--model-dir", model.toString()).code());
    Path narrow = dir.resolve("narrow.csv");
    Files.writeString(narrow, "0,1\n1,2\n");
    assertBadInput(
        run(
            "predict",
            "--model",
            model.toString(),
            "--input",
            narrow.toString(),
            "--predictions",
            dir.resolve("p.csv").toString()),
        "--input",
        "4 features");
  }

  /** Rewrites the JSON header of a model file after {@code edit}, as a JSON tool would. */
  static void editHeader(
      Path file, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
      throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    byte[] good = Files.readAllBytes(file);
    int len = java.nio.ByteBuffer.wrap(good, 20, 4).getInt();
    com.fasterxml.jackson.databind.node.ObjectNode header =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(java.util.Arrays.copyOfRange(good, 24, 24 + len));
    edit.accept(header);
    byte[] h = json.writeValueAsBytes(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, 20);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(h.length).array());
    out.write(h);
    out.write(good, 24 + len, good.length - 24 - len);
    Files.write(file, out.toByteArray());
  }

  /**
   * Issues: an edited header (reordered tensors, another activation) predicted silently wrong, and
   * a missing or unknown header value failed with a NullPointerException or "No enum constant";
   * {@code model inspect} and {@code predict} refuse the same files, naming the file and the field.
   */
  @Test
  void anEditedOrMalformedModelHeaderIsRefusedByInspectAndPredictAlike() throws IOException {
    Path data = csv("m.csv", 100, 1);
    Path model = dir.resolve("m");
    Result t =
        train(data, "--hp", "epochs=1", "--hp", "hidden_units=4", "--model-dir", model.toString());
    assertEquals(0, t.code(), t.err());
    Path file = model.resolve("model.vernier");
    byte[] good = Files.readAllBytes(file);
    List<java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>> edits =
        List.of(
            h ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("settings"))
                    .put("activation", "TANH"),
            h -> {
              var tensors = (com.fasterxml.jackson.databind.node.ArrayNode) h.get("tensors");
              var reversed = h.putArray("tensors");
              for (int i = tensors.size() - 1; i >= 0; i--) {
                reversed.add(tensors.get(i));
              }
            },
            // a file written before the header checksum, with a setting this Vernier lacks
            h -> {
              h.remove("headerSha256");
              ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("settings"))
                  .put("activation", "SIGMOID");
            },
            // the same, naming a tensor the model does not have: found before predicting
            h -> {
              h.remove("headerSha256");
              ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("tensors").get(0))
                  .put("name", "zzz");
            },
            h -> h.remove("epochs"),
            h -> h.putArray("outputColumns"));
    List<String> expected =
        List.of(
            "header's checksum",
            "header's checksum",
            "header field 'settings.activation'",
            "header field 'tensors'",
            "header field 'epochs': is missing",
            "header field 'outputColumns'");
    for (int i = 0; i < edits.size(); i++) {
      Files.write(file, good);
      editHeader(file, edits.get(i));
      assertBadInput(run("model", "inspect", file.toString()), file.toString(), expected.get(i));
      assertBadInput(
          run(
              "predict",
              "--model",
              model.toString(),
              "--input",
              data.toString(),
              "--predictions",
              dir.resolve("p.csv").toString(),
              "--backend",
              "java"),
          file.toString(),
          expected.get(i));
    }
    // the old-style file, unedited otherwise, still reads
    Files.write(file, good);
    editHeader(file, h -> h.remove("headerSha256"));
    Result i = run("model", "inspect", file.toString());
    assertEquals(0, i.code(), i.err());
  }
}
