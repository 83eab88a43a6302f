package dev.vernier.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** The browser tests' data: labelled CSVs, a small tuning job and a monitor's drifting replay. */
final class Replay {
  private Replay() {}

  /** Two classes, {@code rows} rows of 4 features, label first. */
  static Path csv(Path dir, String name, int rows, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      int y = r.nextInt(2);
      sb.append(y);
      for (int j = 0; j < 4; j++) {
        sb.append(',')
            .append(String.format(Locale.ROOT, "%.4f", (y == 0 ? -1 : 1) + 1.5 * r.nextGaussian()));
      }
      sb.append('\n');
    }
    return Files.writeString(dir.resolve(name), sb);
  }

  /** A random-search linear-learner job on {@code train.csv} / {@code val.csv}. */
  static String job(String name, int trials) {
    return """
        {"name": "%s", "algorithm": "linear-learner",
         "channels": {"train": {"path": "train.csv"}, "validation": {"path": "val.csv"}},
         "objective": {"metric": "validation:objective_loss", "type": "Minimize"},
         "parameterRanges": {"learning_rate": {"type": "continuous", "min": 0.001, "max": 0.5, "scaling": "Logarithmic"},
                             "mini_batch_size": {"type": "integer", "min": 8, "max": 64}},
         "staticHyperparameters": {"predictor_type": "binary_classifier", "epochs": 3},
         "strategy": "random", "limits": {"maxTrials": %d, "maxParallelTrials": 1}, "seed": 5}
        """
        .formatted(name, trials);
  }

  static JsonNode waitForEnd(ApiClient api, String id) throws Exception {
    return dev.vernier.app.server.TestHttp.waitForEnd(api, id);
  }

  /**
   * Events {@code from..from+n} like the baseline, with {@code shift} added to the features in
   * {@code shifted}.
   */
  static String events(int from, int n, double shift, int... shifted) {
    SplittableRandom r = new SplittableRandom(from);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      int y = r.nextInt(2);
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"model\":\"lin\",\"inferenceId\":\"i%d\",\"eventTime\":%d,\"features\":[",
              i,
              1_000 + i));
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int k : shifted) {
          s += k == j ? shift : 0;
        }
        sb.append(j > 0 ? "," : "")
            .append(
                String.format(Locale.ROOT, "%.4f", (y == 0 ? -1 : 1) + 1.5 * r.nextGaussian() + s));
      }
      sb.append("],\"prediction\":").append(y).append("}\n");
    }
    return sb.toString();
  }

  /**
   * A monitor of 200-event windows fed over HTTP: two windows as the baseline, then one with
   * feature 0 shifted, one with features 0 and 2, and one with every feature shifted.
   *
   * @param webhook a registered webhook URL its alerts are posted to
   * @return the monitor's id
   */
  static String driftingMonitor(ApiClient api, String webhook) throws Exception {
    String spec =
        "{\"name\":\"drifting-monitor\",\"model\":\"lin\",\"baseline\":{\"path\":\"train.csv\"},"
            + "\"window\":{\"events\":200},\"alerts\":{\"k\":2,\"n\":3},"
            + "\"webhooks\":[\""
            + webhook
            + "\"]}";
    String id = api.post("/api/v1/monitors", spec).body().path("id").asText();
    window(api, id, events(0, 200, 0), false);
    window(api, id, events(200, 200, 0), false);
    window(api, id, events(400, 200, 3, 0), false);
    window(api, id, events(600, 200, 3, 0, 2), false);
    window(api, id, events(800, 200, 3, 0, 1, 2, 3), true);
    // two records it rejects, for the page's dead letters by reason
    api.post("/api/v1/monitors/" + id + "/events", "not json\nnot json either\n");
    return id;
  }

  /**
   * One window's events, with a label for each but the last joined before the last event closes the
   * window: the prediction itself, or its opposite when {@code wrong}.
   */
  static void window(ApiClient api, String id, String events, boolean wrong) throws Exception {
    String[] lines = events.split("\n");
    String path = "/api/v1/monitors/" + id;
    api.post(path + "/events", String.join("\n", java.util.Arrays.copyOf(lines, lines.length - 1)));
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < lines.length - 1; i++) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"inferenceId\":\"(i\\d+)\".*\"prediction\":(\\d)")
              .matcher(lines[i]);
      if (!m.find()) {
        throw new AssertionError(lines[i]);
      }
      int y = Integer.parseInt(m.group(2));
      labels
          .append("{\"inferenceId\":\"")
          .append(m.group(1))
          .append("\",\"label\":")
          .append(wrong && i % 2 == 0 ? 1 - y : y)
          .append("}\n");
    }
    api.post(path + "/labels", labels.toString());
    api.post(path + "/events", lines[lines.length - 1]);
  }

  /**
   * A webhook receiver on the loopback address that answers 503 to the first post and 200 to the
   * others, counting them in {@code posts}. The caller stops it.
   */
  static com.sun.net.httpserver.HttpServer refusingFirstPost(
      java.util.concurrent.atomic.AtomicInteger posts) throws java.io.IOException {
    com.sun.net.httpserver.HttpServer r =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    r.createContext(
        "/",
        x -> {
          x.getRequestBody().readAllBytes();
          x.sendResponseHeaders(posts.incrementAndGet() == 1 ? 503 : 200, -1);
          x.close();
        });
    r.start();
    return r;
  }
}
