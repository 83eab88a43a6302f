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
      String format = null;
      String ct = r.text(c, p, "ContentType", false);
      if (ct != null) {
        String t = ct.toLowerCase(Locale.ROOT);
        format =
            t.startsWith("text/csv")
                ? "csv"
                : t.contains("libsvm") ? "libsvm" : t.contains("idx") ? "idx" : null;
        if (format == null) {
          r.errors.add(p + ".ContentType", "Vernier reads text/csv, text/libsvm and IDX", ct);
        }
      }
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
      ObjectNode o = ch.putObject(name).put("path", path);
      r.origins.put("$.channels." + name, p);
      r.origins.put("$.channels." + name + ".path", s + ".S3Uri");
      if (format != null) {
        o.put("format", format);
        r.origins.put("$.channels." + name + ".format", p + ".ContentType");
      }
    }
  }
}
