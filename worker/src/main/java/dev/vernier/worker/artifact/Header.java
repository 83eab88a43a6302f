package dev.vernier.worker.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model file's header, every field checked: {@link #parse} refuses a missing or malformed field
 * with an {@link InvalidInputException} whose field is the file and whose rule names the header
 * field ({@code header field 'settings.activation': must be a string, got 3}), so that nothing
 * later meets a null or a wrong type.
 *
 * <p>Fields this reader does not know are ignored (a newer writer may add some); the optional
 * {@link ArtifactFormat#HEADER_SHA256} is null for files written before it existed.
 */
record Header(
    Provenance provenance,
    int features,
    Map<String, String> settings,
    Map<String, Double> metrics,
    int epochs,
    boolean stoppedEarly,
    List<String> outputColumns,
    List<Entry> tensors,
    String payloadSha256,
    String headerSha256) {

  /** One tensor of the index: its name and shape. */
  record Entry(String name, int rows, int cols) {}

  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  /** The payload's size the index declares, in bytes. */
  long payloadBytes() {
    long bytes = 0;
    for (Entry t : tensors) {
      bytes += (long) t.rows() * t.cols() * Float.BYTES;
    }
    return bytes;
  }

  /** Parses and checks the header bytes of {@code file}. */
  static Header parse(String file, byte[] bytes) {
    JsonNode root = ArtifactFormat.parseHeader(file, bytes);
    Fields f = new Fields(file);
    JsonNode format = root.get("format");
    if (format != null && !(format.isTextual() && format.asText().equals("vernier-model"))) {
      throw f.bad("format", "must be 'vernier-model'", format);
    }
    JsonNode p = f.object(root, "provenance", "provenance");
    Provenance provenance =
        new Provenance(
            f.text(p, "algorithm", "provenance.algorithm", true),
            f.stringMap(p, "hyperparameters", "provenance.hyperparameters"),
            f.longInteger(p, "seed", "provenance.seed"),
            f.text(p, "trainDataset", "provenance.trainDataset", false),
            f.text(p, "trainDatasetSha256", "provenance.trainDatasetSha256", false),
            f.text(p, "validationDatasetSha256", "provenance.validationDatasetSha256", false),
            f.integer(p, "trainRows", "provenance.trainRows", 0),
            f.text(p, "backend", "provenance.backend", false),
            f.text(p, "vernierVersion", "provenance.vernierVersion", false),
            f.text(p, "createdAt", "provenance.createdAt", false));
    int features = f.integer(root, "features", "features", 1);
    Map<String, String> settings = f.stringMap(root, "settings", "settings");
    Map<String, Double> metrics = f.numberMap(root, "metrics", "metrics");
    int epochs = f.integer(root, "epochs", "epochs", 0);
    boolean stoppedEarly = f.bool(root, "stoppedEarly", "stoppedEarly");
    List<String> columns = f.textList(root, "outputColumns", "outputColumns");
    List<Entry> tensors = f.tensors(root);
    String payloadSha256 = f.sha256(root, "payloadSha256", true);
    String headerSha256 = f.sha256(root, ArtifactFormat.HEADER_SHA256, false);
    return new Header(
        provenance,
        features,
        settings,
        metrics,
        epochs,
        stoppedEarly,
        columns,
        tensors,
        payloadSha256,
        headerSha256);
  }

  /** Typed access to header fields, each failure naming the file and the field's path. */
  private record Fields(String file) {
    InvalidInputException bad(String path, String rule, JsonNode value) {
      Object v;
      if (value == null || value.isMissingNode()) {
        v = null;
      } else if (value.isTextual()) {
        v = value.asText();
      } else if (value.isNumber()) {
        v = value.numberValue();
      } else {
        v = value.toString();
      }
      return new InvalidInputException(file, "header field '" + path + "': " + rule, v);
    }

    /** The field, present and not null. */
    JsonNode required(JsonNode parent, String name, String path) {
      JsonNode n = parent.get(name);
      if (n == null || n.isNull()) {
        throw bad(path, "is missing", null);
      }
      return n;
    }

    JsonNode object(JsonNode parent, String name, String path) {
      JsonNode n = required(parent, name, path);
      if (!n.isObject()) {
        throw bad(path, "must be a JSON object", n);
      }
      return n;
    }

    /** A string; when not {@code required}, absent or null reads as null. */
    String text(JsonNode parent, String name, String path, boolean required) {
      JsonNode n = parent.get(name);
      if (!required && (n == null || n.isNull())) {
        return null;
      }
      n = required(parent, name, path);
      if (!n.isTextual() || (required && n.asText().isBlank())) {
        throw bad(path, "must be a non-empty string", n);
      }
      return n.asText();
    }

    int integer(JsonNode parent, String name, String path, int min) {
      JsonNode n = required(parent, name, path);
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min) {
        throw bad(path, "must be an integer from " + min + " to " + Integer.MAX_VALUE, n);
      }
      return n.asInt();
    }

    long longInteger(JsonNode parent, String name, String path) {
      JsonNode n = required(parent, name, path);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw bad(path, "must be a 64-bit integer", n);
      }
      return n.asLong();
    }

    boolean bool(JsonNode parent, String name, String path) {
      JsonNode n = required(parent, name, path);
      if (!n.isBoolean()) {
        throw bad(path, "must be true or false", n);
      }
      return n.asBoolean();
    }

    Map<String, String> stringMap(JsonNode parent, String name, String path) {
      JsonNode n = object(parent, name, path);
      Map<String, String> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!e.getValue().isTextual()) {
          throw bad(path + "." + e.getKey(), "must be a string", e.getValue());
        }
        m.put(e.getKey(), e.getValue().asText());
      }
      return Collections.unmodifiableMap(m);
    }

    /** Numbers; NaN and the infinities as the strings Jackson writes for them. */
    Map<String, Double> numberMap(JsonNode parent, String name, String path) {
      JsonNode n = object(parent, name, path);
      Map<String, Double> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode v = e.getValue();
        double d;
        if (v.isNumber()) {
          d = v.asDouble();
        } else if (v.isTextual() && Set.of("NaN", "Infinity", "-Infinity").contains(v.asText())) {
          d = Double.parseDouble(v.asText());
        } else {
          throw bad(path + "." + e.getKey(), "must be a number", v);
        }
        m.put(e.getKey(), d);
      }
      return Collections.unmodifiableMap(m);
    }

    List<String> textList(JsonNode parent, String name, String path) {
      JsonNode n = required(parent, name, path);
      if (!n.isArray() || n.isEmpty()) {
        throw bad(path, "must be a non-empty array of strings", n);
      }
      List<String> list = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        JsonNode v = n.get(i);
        if (!v.isTextual() || v.asText().isBlank()) {
          throw bad(path + "[" + i + "]", "must be a non-empty string", v);
        }
        list.add(v.asText());
      }
      return List.copyOf(list);
    }

    String sha256(JsonNode parent, String name, boolean required) {
      JsonNode n = parent.get(name);
      if (!required && n == null) {
        return null;
      }
      n = required(parent, name, name);
      if (!n.isTextual() || !SHA256.matcher(n.asText()).matches()) {
        throw bad(name, "must be a SHA-256 in 64 hexadecimal digits", n);
      }
      return n.asText();
    }

    /**
     * The tensor index: each a unique name, and rows and cols from 0 to 2^31 - 1 whose product fits
     * one array.
     */
    List<Entry> tensors(JsonNode root) {
      JsonNode n = required(root, "tensors", "tensors");
      if (!n.isArray() || n.isEmpty()) {
        throw bad("tensors", "must be a non-empty array of {name, rows, cols}", n);
      }
      List<Entry> list = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < n.size(); i++) {
        String at = "tensors[" + i + "]";
        JsonNode t = n.get(i);
        if (!t.isObject()) {
          throw bad(at, "must be a JSON object {name, rows, cols}", t);
        }
        String name = text(t, "name", at + ".name", true);
        if (!names.add(name)) {
          throw bad(at + ".name", "must be unique; the index names it twice", t.get("name"));
        }
        int rows = dimension(t, at + ".rows", "rows");
        int cols = dimension(t, at + ".cols", "cols");
        long values = (long) rows * cols;
        if (values > Integer.MAX_VALUE - 8) {
          throw new InvalidInputException(
              file,
              "header field '"
                  + at
                  + "': is corrupt: tensor "
                  + name
                  + " declares more values"
                  + " than fit",
              values);
        }
        list.add(new Entry(name, rows, cols));
      }
      return List.copyOf(list);
    }

    private int dimension(JsonNode t, String path, String name) {
      JsonNode n = t.get(name);
      if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
        throw bad(
            path, "is corrupt: a tensor's rows and cols must be integers from 0 to 2147483647", n);
      }
      return n.asInt();
    }
  }
}
