package dev.vernier.tuner.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code TrainingJobDefinition.InputDataConfig} as the job's channels: each {@code S3Prefix} URI
 * {@code s3://bucket/key} becomes the path {@code bucket/key} under the first data root, its {@code
 * ContentType} the channel's format. Manifest channels, other URI schemes, unknown content types
 * and repeated channel names are errors.
 */
final class InputChannels {
  private InputChannels() {}

  /** Reads {@code def}'s {@code InputDataConfig} (at {@code d}) into {@code job.channels}. */
  static void read(RequestReader r, JsonNode def, String d, ObjectNode job) {
    JsonNode in = r.member(def, d, "InputDataConfig", RequestReader.Kind.ARRAY, true);
    ObjectNode ch = job.putObject("channels");
    r.origins.put("$.channels", d + ".InputDataConfig");
    if (in == null) {
      return;
    }
    Map<String, Integer> named = new LinkedHashMap<>();
    boolean hasValidation = false;
    for (JsonNode c : in) {
      hasValidation |= c.path("ChannelName").asText().equals("validation");
    }
    for (int i = 0; i < in.size(); i++) {
      String p = d + ".InputDataConfig[" + i + "]";
      JsonNode c = r.item(in, i, p, RequestReader.Kind.OBJECT);
      String name = r.text(c, p, "ChannelName", true);
      if (name != null) {
        Integer first = named.putIfAbsent(name, i);
        if (first != null) {
          // the job has one channel of each name: a second would silently replace the first
          r.errors.add(
              p + ".ChannelName",
              "channel names must be distinct; it repeats "
                  + d
                  + ".InputDataConfig["
                  + first
                  + "].ChannelName",
              name);
          name = null;
        }
      }
      JsonNode ds = r.member(c, p, "DataSource", RequestReader.Kind.OBJECT, true);
      String s = p + ".DataSource.S3DataSource";
      JsonNode s3 =
          r.member(ds, p + ".DataSource", "S3DataSource", RequestReader.Kind.OBJECT, true);
      String uri = r.text(s3, s, "S3Uri", true);
      String type = r.text(s3, s, "S3DataType", false);
      if (type != null && !type.equals("S3Prefix")) {
        r.errors.add(
            s + ".S3DataType",
            type.endsWith("ManifestFile")
                ? "Vernier reads S3Prefix channels (a file or a folder under a data root);"
                    + " manifest files are not read"
                : "must be S3Prefix",
            type);
      }
      if (uri != null && !uri.startsWith("s3://")) {
        r.errors.add(s + ".S3Uri", "must be an s3:// URI (it maps to <data root>/bucket/key)", uri);
        uri = null;
      }
      String ct = r.text(c, p, "ContentType", false);
      String format = ct == null ? null : format(r, p + ".ContentType", ct);
      String path = null;
      if (uri != null) {
        try {
          path = Path.of(uri.substring("s3://".length())).toString();
        } catch (InvalidPathException e) {
          // a NUL byte, say: refused as the native format's channel path is
          r.errors.add(s + ".S3Uri", "is not a valid path", uri);
        }
      }
      if (name == null || path == null) {
        continue;
      }
      if (name.equals(TEST) && job.has("algorithm")) { // a built-in; a command reads its own
        if (hasValidation) {
          // SageMaker scores a test channel once, after training; Vernier scores validation
          r.ignoredWithReason.add(
              "$."
                  + p
                  + ": Vernier evaluates the validation channel each epoch; a test channel"
                  + " beside it is not read");
          r.used.add("$." + p);
          continue;
        }
        name = "validation";
        r.testAsValidation = true;
      }
      ObjectNode o = ch.putObject(name).put("path", path);
      r.origins.put("$.channels." + name, p);
      r.origins.put("$.channels." + name + ".path", s + ".S3Uri");
      if (format != null) {
        o.put("format", format);
        r.origins.put("$.channels." + name + ".format", p + ".ContentType");
      }
    }
  }

  /**
   * The channel format a {@code ContentType} names: {@code text/csv} (the label in the first
   * column: {@code label_size=1}, SageMaker's default), {@code text/libsvm} or IDX. Parameters that
   * would change how the rows are read and that Vernier does not implement are refused rather than
   * dropped: {@code label_size=0} (CSV without a label column) would otherwise train on the first
   * feature as the label.
   */
  static String format(RequestReader r, String field, String contentType) {
    String[] parts = contentType.split(";");
    String t = parts[0].trim().toLowerCase(Locale.ROOT);
    String format =
        t.equals("text/csv") || t.equals("text/x-csv") || t.equals("application/csv")
            ? "csv"
            : t.contains("libsvm") ? "libsvm" : t.contains("idx") ? "idx" : null;
    if (format == null) {
      r.errors.add(field, "Vernier reads text/csv, text/libsvm and IDX", contentType);
      return null;
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim();
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String key = (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : param.substring(eq + 1).trim().replace("\"", "");
      if (key.equals("charset") && value.equalsIgnoreCase("utf-8")) {
        continue;
      }
      if (key.equals("label_size") && format.equals("csv")) {
        if (!value.equals("1")) {
          r.errors.add(
              field,
              "Vernier reads CSV with the label in the first column (label_size=1); label_size="
                  + value
                  + " is not read: give the rows a first column of labels (any number, e.g. 0,"
                  + " for k-means, which does not use them)",
              contentType);
        }
        continue;
      }
      r.errors.add(
          field,
          "the parameter "
              + key
              + " is not read here (Vernier takes charset=utf-8 and, for text/csv, label_size=1)",
          contentType);
    }
    return format;
  }

  /** SageMaker's evaluation channel for k-means and others; Vernier's is {@code validation}. */
  static final String TEST = "test";
}
