package dev.vernier.worker.artifact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.InvalidInputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The model file, {@code model.vernier}, format version 1:
 *
 * <pre>
 *   "VERNIER\0MODEL\0\0\0"  16 bytes of magic
 *   int32 big-endian        format version (1)
 *   int32 big-endian        header length in bytes
 *   header                  UTF-8 JSON: provenance, settings, metrics, tensor index, payload SHA-256
 *   payload                 each tensor's values as little-endian float32, in index order
 * </pre>
 *
 * The header is readable with {@code head -c} and any JSON tool; the payload's checksum is checked
 * on load. Files are written to a temporary name and moved into place, so a crash never leaves a
 * half-written model under the final name.
 */
public final class ArtifactFormat {
  public static final int VERSION = 1;
  public static final String FILE_NAME = "model.vernier";
  private static final byte[] MAGIC = "VERNIER\0MODEL\0\0\0".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ArtifactFormat() {}

  /**
   * Writes {@code artifact} to {@code dir/model.vernier}, creating {@code dir}; returns the file.
   */
  public static Path write(ModelArtifact artifact, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    byte[] payload = payload(artifact.tensors());
    ObjectNode header = JSON.createObjectNode();
    header.put("format", "vernier-model");
    header.put("formatVersion", VERSION);
    header.set("provenance", JSON.valueToTree(artifact.provenance()));
    header.put("features", artifact.features());
    header.set("settings", JSON.valueToTree(artifact.settings()));
    header.set("metrics", JSON.valueToTree(artifact.metrics()));
    header.put("epochs", artifact.epochs());
    header.put("stoppedEarly", artifact.stoppedEarly());
    header.set("outputColumns", JSON.valueToTree(artifact.outputColumns()));
    ArrayNode index = header.putArray("tensors");
    artifact
        .tensors()
        .asMap()
        .forEach(
            (name, t) ->
                index.addObject().put("name", name).put("rows", t.rows()).put("cols", t.cols()));
    header.put("payloadSha256", HexFormat.of().formatHex(sha256().digest(payload)));
    byte[] headerBytes = JSON.writeValueAsBytes(header);

    Path tmp = Files.createTempFile(dir, ".model-", ".tmp");
    try {
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(headerBytes.length);
        out.write(headerBytes);
        out.write(payload);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /**
   * Reads a model from a directory holding {@code model.vernier}, or from the file itself.
   *
   * @throws InvalidInputException when the file is missing, not a Vernier model, of a newer format
   *     version, truncated or corrupted (checksum mismatch)
   */
  public static ModelArtifact read(Path dirOrFile) throws IOException {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "--model", "must be a model directory holding " + FILE_NAME, dirOrFile.toString());
    }
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new InvalidInputException(
            file.toString(), "is not a Vernier model file (bad magic)", null);
      }
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new InvalidInputException(
            file.toString(),
            "has model format version " + version + "; this Vernier reads up to " + VERSION,
            version);
      }
      int headerLen = in.readInt();
      if (headerLen <= 0 || headerLen > (64 << 20)) {
        throw new InvalidInputException(file.toString(), "has a corrupt header length", headerLen);
      }
      JsonNode header = JSON.readTree(in.readNBytes(headerLen));
      Provenance provenance = JSON.treeToValue(header.get("provenance"), Provenance.class);
      Map<String, String> settings =
          JSON.convertValue(header.get("settings"), new TypeReference<>() {});
      Map<String, Double> metrics =
          JSON.convertValue(header.get("metrics"), new TypeReference<>() {});
      List<String> columns =
          JSON.convertValue(header.get("outputColumns"), new TypeReference<>() {});
      // the sizes the header declares are checked against the file before anything is allocated
      long payloadBytes = Files.size(file) - MAGIC.length - 8L - headerLen;
      long declared = 0;
      for (JsonNode t : header.path("tensors")) {
        declared += tensorBytes(file, t);
      }
      if (declared != payloadBytes) {
        throw new InvalidInputException(
            file.toString(),
            "is truncated or corrupt: its header declares "
                + declared
                + " bytes of parameters, the file holds "
                + payloadBytes,
            null);
      }
      MessageDigest md = sha256();
      Tensors tensors = new Tensors();
      try (InputStream payload = new DigestInputStream(in, md)) {
        for (JsonNode t : header.get("tensors")) {
          int rows = t.get("rows").asInt();
          int cols = t.get("cols").asInt();
          byte[] bytes = payload.readNBytes(Math.multiplyExact(rows * cols, Float.BYTES));
          if (bytes.length != rows * cols * Float.BYTES) {
            throw new InvalidInputException(
                file.toString(),
                "is truncated: tensor " + t.get("name").asText() + " is incomplete",
                null);
          }
          float[] v = new float[rows * cols];
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
          tensors.put(t.get("name").asText(), rows, cols, v);
        }
      }
      String want = header.get("payloadSha256").asText();
      String got = HexFormat.of().formatHex(md.digest());
      if (!want.equals(got)) {
        throw new InvalidInputException(
            file.toString(), "is corrupted: the parameters' checksum does not match", got);
      }
      return new ModelArtifact(
          version,
          provenance,
          header.get("features").asInt(),
          settings,
          metrics,
          header.get("epochs").asInt(),
          header.get("stoppedEarly").asBoolean(),
          columns,
          tensors);
    } catch (java.io.EOFException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          file.toString(), "is not a readable Vernier model: " + e.getMessage(), null);
    }
  }

  private static byte[] payload(Tensors tensors) {
    int total = 0;
    for (Tensors.Tensor t : tensors.asMap().values()) {
      total += t.values().length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensors.Tensor t : tensors.asMap().values()) {
      buf.asFloatBuffer().put(t.values());
      buf.position(buf.position() + t.values().length * Float.BYTES);
    }
    return buf.array();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The bytes a tensor entry of the header declares: rows and cols are integers from 0 to 2^31 - 1
   * whose product fits one array.
   */
  private static long tensorBytes(Path file, JsonNode t) {
    JsonNode r = t.get("rows");
    JsonNode c = t.get("cols");
    if (r == null
        || c == null
        || !r.canConvertToInt()
        || !c.canConvertToInt()
        || !r.isIntegralNumber()
        || !c.isIntegralNumber()
        || r.asInt() < 0
        || c.asInt() < 0) {
      throw new InvalidInputException(
          file.toString(),
          "is corrupt: a tensor's rows and cols must be integers from 0 to 2147483647",
          t.path("name").asText(null));
    }
    long values = (long) r.asInt() * c.asInt();
    if (values > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException(
          file.toString(),
          "is corrupt: tensor " + t.path("name").asText() + " declares more values than fit",
          values);
    }
    return values * Float.BYTES;
  }
}
