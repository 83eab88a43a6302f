package dev.vernier.worker.artifact;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
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

/**
 * The model file, {@code model.vernier}, format version 1:
 *
 * <pre>
 *   "VERNIER\0MODEL\0\0\0"  16 bytes of magic
 *   int32 big-endian        format version (1)
 *   int32 big-endian        header length in bytes
 *   header                  UTF-8 JSON: provenance, settings, metrics, tensor index, checksums
 *   payload                 each tensor's values as little-endian float32, in index order
 * </pre>
 *
 * The header is readable with {@code head -c} and any JSON tool. Two checksums are checked on load:
 *
 * <ul>
 *   <li>{@code payloadSha256}, the SHA-256 of the payload;
 *   <li>{@code headerSha256}, the SHA-256 of the header bytes as written, with the 64 hex digits of
 *       this field's own value replaced by the digit {@code 0}. The field is the header's last;
 *       files written before it existed lack it and are read as before, their header unchecked.
 * </ul>
 *
 * Every header field is checked before it is used: a missing or malformed one is refused with an
 * {@link InvalidInputException} naming the file and the field ({@code header field 'epochs': ...}).
 * Files are written to a temporary name and moved into place, so a crash never leaves a
 * half-written model under the final name.
 */
public final class ArtifactFormat {
  public static final int VERSION = 1;
  public static final String FILE_NAME = "model.vernier";

  /** The header field holding the header's own checksum (see the class comment). */
  public static final String HEADER_SHA256 = "headerSha256";

  /** The largest header this reader takes, in bytes. */
  public static final int MAX_HEADER_BYTES = 64 << 20;

  private static final byte[] MAGIC = "VERNIER\0MODEL\0\0\0".getBytes(StandardCharsets.US_ASCII);

  /** Magic, format version and header length. */
  private static final int PREAMBLE_BYTES = MAGIC.length + 8;

  private static final String ZEROS = "0".repeat(64);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads headers strictly: a duplicated field or anything after the object is an error. */
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ArtifactFormat() {}

  /** The model file a path names: {@code dir/model.vernier} for a directory, else the path. */
  public static Path file(Path dirOrFile) {
    return Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
  }

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
    // last, so that the digits it covers with zeros are easy to find by eye too
    header.put(HEADER_SHA256, ZEROS);
    byte[] headerBytes = JSON.writeValueAsBytes(header);
    int at = headerSha256Offset(headerBytes);
    byte[] digest =
        HexFormat.of().formatHex(sha256().digest(headerBytes)).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digest, 0, headerBytes, at + 1, digest.length);

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
   *     version, truncated, has a missing or malformed header field, or is corrupted (a checksum
   *     mismatch); the field is the file, the rule names the header field
   */
  public static ModelArtifact read(Path dirOrFile) throws IOException {
    Path file = file(dirOrFile);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "--model", "must be a model directory holding " + FILE_NAME, dirOrFile.toString());
    }
    String name = file.toString();
    long size = Files.size(file);
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new InvalidInputException(name, "is not a Vernier model file (bad magic)", null);
      }
      if (size < PREAMBLE_BYTES) {
        throw new InvalidInputException(
            name,
            "is truncated: a model file starts with "
                + PREAMBLE_BYTES
                + " bytes of magic, version and header length; the file holds "
                + size
                + " bytes",
            null);
      }
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new InvalidInputException(
            name,
            "has model format version " + version + "; this Vernier reads up to " + VERSION,
            version);
      }
      int headerLen = in.readInt();
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
        throw new InvalidInputException(
            name,
            "has a corrupt header length: it must be between 1 and " + MAX_HEADER_BYTES + " bytes",
            headerLen);
      }
      if (headerLen > size - PREAMBLE_BYTES) {
        throw new InvalidInputException(
            name,
            "is truncated: its header length is "
                + headerLen
                + " bytes, but only "
                + (size - PREAMBLE_BYTES)
                + " bytes follow",
            null);
      }
      byte[] headerBytes = in.readNBytes(headerLen);
      Header h = Header.parse(name, headerBytes);
      // the sizes the header declares are checked against the file before anything is allocated
      long payloadBytes = size - PREAMBLE_BYTES - headerLen;
      if (h.payloadBytes() != payloadBytes) {
        throw new InvalidInputException(
            name,
            "is truncated or corrupt: its header declares "
                + h.payloadBytes()
                + " bytes of parameters, the file holds "
                + payloadBytes,
            null);
      }
      if (h.headerSha256() != null) {
        String got = headerSha256(name, headerBytes);
        if (!h.headerSha256().equalsIgnoreCase(got)) {
          throw new InvalidInputException(
              name,
              "is corrupted: the header's checksum (field '"
                  + HEADER_SHA256
                  + "') does not match; the header was changed after the model was written",
              got);
        }
      }
      MessageDigest md = sha256();
      Tensors tensors = new Tensors();
      try (InputStream payload = new DigestInputStream(in, md)) {
        for (Header.Entry t : h.tensors()) {
          int values = Math.multiplyExact(t.rows(), t.cols());
          byte[] bytes = payload.readNBytes(Math.multiplyExact(values, Float.BYTES));
          if (bytes.length != values * Float.BYTES) {
            throw new InvalidInputException(
                name, "is truncated: tensor " + t.name() + " is incomplete", null);
          }
          float[] v = new float[values];
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
          tensors.put(t.name(), t.rows(), t.cols(), v);
        }
      }
      String got = HexFormat.of().formatHex(md.digest());
      if (!h.payloadSha256().equalsIgnoreCase(got)) {
        throw new InvalidInputException(
            name, "is corrupted: the parameters' checksum does not match", got);
      }
      return new ModelArtifact(
          version,
          h.provenance(),
          h.features(),
          h.settings(),
          h.metrics(),
          h.epochs(),
          h.stoppedEarly(),
          h.outputColumns(),
          tensors);
    } catch (java.io.EOFException e) {
      throw new InvalidInputException(name, "is truncated: it ends before its header does", null);
    }
  }

  /**
   * The SHA-256 of {@code header} with the value of its top-level {@link #HEADER_SHA256} field
   * overwritten by 64 zeros, in hex.
   */
  static String headerSha256(String file, byte[] header) throws IOException {
    int at = headerSha256Offset(header);
    if (at < 0 || at + 65 >= header.length || header[at] != '"' || header[at + 65] != '"') {
      throw new InvalidInputException(
          file,
          "header field '" + HEADER_SHA256 + "': must be 64 hexadecimal digits, without escapes",
          null);
    }
    byte[] zeroed = header.clone();
    java.util.Arrays.fill(zeroed, at + 1, at + 65, (byte) '0');
    return HexFormat.of().formatHex(sha256().digest(zeroed));
  }

  /**
   * The byte offset of the opening quote of the top-level {@link #HEADER_SHA256} string value in
   * {@code header}, or -1 when there is none.
   */
  private static int headerSha256Offset(byte[] header) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(header)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals(HEADER_SHA256) && value == JsonToken.VALUE_STRING) {
          return (int) p.currentTokenLocation().getByteOffset();
        }
        p.skipChildren();
      }
      return -1;
    }
  }

  /** Parses the header JSON strictly, as a JSON object, naming the file on failure. */
  static JsonNode parseHeader(String file, byte[] header) {
    JsonNode root;
    try {
      root = STRICT.readTree(header);
    } catch (IOException e) {
      String where =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  && j.getLocation() != null
              ? " at line "
                  + j.getLocation().getLineNr()
                  + ", column "
                  + j.getLocation().getColumnNr()
              : "";
      String why =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      throw new InvalidInputException(
          file, "is not a readable Vernier model: its header is not valid JSON" + where, why);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          file, "is not a readable Vernier model: its header must be a JSON object", null);
    }
    return root;
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
}
