package dev.vernier.worker.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model file: the header is covered by its own checksum, files written before that checksum
 * existed still read, and a missing or malformed header field is refused naming the file and the
 * field, never with a NullPointerException.
 */
class ArtifactFormatTest {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @TempDir Path dir;

  static ModelArtifact artifact() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("head", "SOFTMAX");
    settings.put("activation", "RELU");
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("validation:accuracy", 0.75);
    metrics.put("train:loss", Double.NaN);
    Tensors t = new Tensors();
    t.put("w1", 2, 3, new float[] {1, 2, 3, 4, 5, 6});
    t.put("b1", 1, 3, new float[] {-1, 0, 1});
    return new ModelArtifact(
        ArtifactFormat.VERSION,
        new Provenance(
            "mlp",
            Map.of("epochs", "2"),
            7,
            "train.csv",
            "ab",
            "cd",
            10,
            "java",
            "test",
            "2026-01-02T03:04:05Z"),
        2,
        settings,
        metrics,
        2,
        false,
        List.of("predicted_label", "probability"),
        t);
  }

  Path write() throws IOException {
    return ArtifactFormat.write(artifact(), dir);
  }

  /** Rewrites the header of {@code file} after {@code edit}, as a JSON tool would. */
  static void editHeader(Path file, Consumer<ObjectNode> edit) throws IOException {
    byte[] good = Files.readAllBytes(file);
    int headerLen = ByteBuffer.wrap(good, 20, 4).getInt();
    ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(good, 24, 24 + headerLen));
    edit.accept(header);
    byte[] h = JSON.writeValueAsBytes(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, 20);
    out.write(ByteBuffer.allocate(4).putInt(h.length).array());
    out.write(h);
    out.write(good, 24 + headerLen, good.length - 24 - headerLen);
    Files.write(file, out.toByteArray());
  }

  static String header(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return new String(b, 24, ByteBuffer.wrap(b, 20, 4).getInt(), StandardCharsets.UTF_8);
  }

  InvalidInputException refused(Path file) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ArtifactFormat.read(file));
    assertEquals(file.toString(), e.field(), e.getMessage());
    return e;
  }

  @Test
  void aWrittenModelReadsBackWithItsHeaderChecksum() throws IOException {
    Path file = write();
    assertTrue(header(file).matches("(?s).*\"headerSha256\" : \"[0-9a-f]{64}\"\\s*}\\s*"));
    ModelArtifact a = ArtifactFormat.read(dir);
    ModelArtifact want = artifact();
    assertEquals(want.provenance(), a.provenance());
    assertEquals(want.settings(), a.settings());
    assertEquals(want.metrics(), a.metrics());
    assertEquals(want.outputColumns(), a.outputColumns());
    assertEquals(List.of("w1", "b1"), List.copyOf(a.tensors().asMap().keySet()));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.tensors().get("w1").values());
  }

  /** Issue: only the payload was checked; a reordered index or an edited setting read silently. */
  @Test
  void anEditedHeaderIsRefused() throws IOException {
    Path file = write();
    editHeader(
        file,
        h -> {
          ArrayNode t = (ArrayNode) h.get("tensors");
          h.putArray("tensors").add(t.get(1)).add(t.get(0));
        });
    InvalidInputException e = refused(file);
    assertTrue(e.getMessage().contains("header's checksum"), e.getMessage());

    write();
    editHeader(file, h -> ((ObjectNode) h.get("settings")).put("activation", "TANH"));
    e = refused(file);
    assertTrue(e.getMessage().contains("header's checksum"), e.getMessage());

    // the same bytes re-indented by a JSON tool are an edit too: the checksum is over the bytes
    write();
    editHeader(file, h -> {});
    ArtifactFormat.read(file);
  }

  @Test
  void aFileWrittenBeforeTheHeaderChecksumStillReads() throws IOException {
    Path file = write();
    editHeader(file, h -> h.remove(ArtifactFormat.HEADER_SHA256));
    assertFalse(header(file).contains("headerSha256"));
    ModelArtifact a = ArtifactFormat.read(file);
    assertEquals(artifact().settings(), a.settings());
    // its parameters are still checked
    byte[] b = Files.readAllBytes(file);
    b[b.length - 2] ^= 0x55;
    Files.write(file, b);
    assertTrue(refused(file).getMessage().contains("parameters' checksum"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "provenance",
        "features",
        "epochs",
        "payloadSha256",
        "stoppedEarly",
        "metrics",
        "settings",
        "outputColumns",
        "tensors",
        "provenance.algorithm",
        "provenance.hyperparameters",
        "provenance.seed",
        "tensors[0].name",
        "tensors[1].rows"
      })
  void aMissingHeaderFieldIsNamed(String field) throws IOException {
    Path file = write();
    editHeader(
        file,
        h -> {
          if (field.startsWith("provenance.")) {
            ((ObjectNode) h.get("provenance")).remove(field.substring(11));
          } else if (field.startsWith("tensors[")) {
            int i = field.charAt(8) - '0';
            ((ObjectNode) h.get("tensors").get(i)).remove(field.substring(field.indexOf('.') + 1));
          } else {
            h.remove(field);
          }
        });
    InvalidInputException e = refused(file);
    assertTrue(e.getMessage().contains("header field '" + field + "'"), e.getMessage());
  }

  @Test
  void aMalformedHeaderFieldIsNamedWithItsValue() throws IOException {
    Map<Consumer<ObjectNode>, String> cases = new LinkedHashMap<>();
    cases.put(
        h -> h.putArray("outputColumns"), "header field 'outputColumns': must be a non-empty");
    cases.put(h -> h.put("features", "4"), "header field 'features': must be an integer");
    cases.put(h -> h.put("features", 0), "header field 'features': must be an integer from 1");
    cases.put(h -> h.put("epochs", 1.5), "header field 'epochs': must be an integer");
    cases.put(h -> h.put("stoppedEarly", "no"), "header field 'stoppedEarly': must be true");
    cases.put(
        h -> ((ObjectNode) h.get("settings")).put("activation", 3),
        "header field 'settings.activation': must be a string, got 3");
    cases.put(
        h -> ((ObjectNode) h.get("metrics")).put("x", "high"),
        "header field 'metrics.x': must be a number, got 'high'");
    cases.put(h -> h.put("payloadSha256", "abc"), "header field 'payloadSha256': must be a SHA");
    cases.put(
        h -> ((ObjectNode) h.get("tensors").get(1)).put("name", "w1"),
        "header field 'tensors[1].name': must be unique");
    cases.put(h -> h.put("provenance", "mlp"), "header field 'provenance': must be a JSON object");
    for (var c : cases.entrySet()) {
      Path file = write();
      editHeader(file, c.getKey());
      InvalidInputException e = refused(file);
      assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
    }
  }

  @Test
  void aTruncatedFileOrAnOversizedHeaderLengthReadsSensibly() throws IOException {
    Path file = write();
    byte[] good = Files.readAllBytes(file);
    for (int n : new int[] {18, 22}) {
      Files.write(file, Arrays.copyOf(good, n));
      InvalidInputException e = refused(file);
      assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
      assertFalse(e.getMessage().contains("null"), e.getMessage());
    }
    int headerLen = ByteBuffer.wrap(good, 20, 4).getInt();
    Files.write(file, Arrays.copyOf(good, 24 + headerLen / 2));
    InvalidInputException e = refused(file);
    assertTrue(
        e.getMessage().contains("header length is " + headerLen + " bytes, but only"),
        e.getMessage());

    byte[] big = good.clone();
    ByteBuffer.wrap(big, 20, 4).putInt(60 << 20);
    Files.write(file, big);
    e = refused(file);
    assertTrue(e.getMessage().contains("is truncated: its header length is"), e.getMessage());
    assertFalse(e.getMessage().contains("holds -"), e.getMessage());

    ByteBuffer.wrap(big, 20, 4).putInt(0);
    Files.write(file, Arrays.copyOf(big, 30));
    assertTrue(refused(file).getMessage().contains("corrupt header length"));

    byte[] notJson = Arrays.copyOf(good, 24 + 5);
    ByteBuffer.wrap(notJson, 20, 4).putInt(5);
    System.arraycopy("{\"a\":".getBytes(StandardCharsets.US_ASCII), 0, notJson, 24, 5);
    Files.write(file, notJson);
    e = refused(file);
    assertTrue(e.getMessage().contains("header is not valid JSON"), e.getMessage());
  }
}
