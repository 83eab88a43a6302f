package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetReaders;
import dev.vernier.kafka.embedded.EmbeddedKafka;
import dev.vernier.kernels.Backends;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Algorithms;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.artifact.ArtifactFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The second half of {@code vernier demo}: a monitor on the tuned model, fed through the embedded
 * Kafka broker by a traffic generator that replays the Fashion-MNIST test set three ways (as is,
 * with brightness x0.8, then footwear only). It prints every closed window, the alert, and the
 * warm-start retraining job that answers it.
 */
final class MonitorDemo {
  static final int WINDOW = 2000;
  static final String EVENTS = "fmnist-inferences";
  static final String LABELS = "fmnist-labels";

  private final PrintWriter out;
  private final ApiClient api;
  private final EmbeddedKafka kafka;
  private final Path fmnist;
  private final Clock clock;

  MonitorDemo(PrintWriter out, ApiClient api, EmbeddedKafka kafka, Path fmnist, Clock clock) {
    this.out = out;
    this.api = api;
    this.kafka = kafka;
    this.fmnist = fmnist;
    this.clock = clock;
  }

  /** Runs the monitoring demo for the job's best model; returns the process exit code. */
  int run(String jobId, String artifactPath) throws Exception {
    kafka.createTopic(EVENTS, 2);
    kafka.createTopic(LABELS, 1);
    kafka.createTopic("vernier.alerts", 1);
    String monitor =
        """
        {"name": "demo-fmnist-monitor-%d", "model": "fmnist-mlp", "jobId": "%s",
         "baseline": {"path": "%s", "labels": "%s"},
         "kafka": {"eventsTopic": "%s", "labelsTopic": "%s"},
         "window": {"events": %d},
         "drift": {"methods": ["ks", "psi", "js", "wasserstein"], "decision": "psi",
                   "featureShare": 0.2},
         "alerts": {"k": 2, "n": 3},
         "capture": true,
         "retraining": {"enabled": true, "cooldown": "PT1H", "maxTrials": 3}}
        """
            .formatted(
                clock.millis() / 1000,
                jobId,
                fmnist.resolve("train-images-idx3-ubyte.gz"),
                fmnist.resolve("train-labels-idx1-ubyte.gz"),
                EVENTS,
                LABELS,
                WINDOW);
    out.println("monitoring: embedded Kafka broker at " + kafka.bootstrapServers());
    out.flush();
    JsonNode m = api.post("/api/v1/monitors", monitor).body();
    String id = m.path("id").asText();
    out.println(
        "monitor "
            + id
            + ": baseline from Fashion-MNIST train and the best model's predictions; windows of "
            + WINDOW
            + " events; drift = at least 20% of the 784 pixels with PSI > 0.2");
    out.flush();

    Dataset test =
        DatasetReaders.read(
            fmnist.resolve("t10k-images-idx3-ubyte.gz"),
            fmnist.resolve("t10k-labels-idx1-ubyte.gz"));
    var artifact = ArtifactFormat.read(Path.of(artifactPath));
    Model model =
        Algorithms.get("provenance.algorithm", artifact.provenance().algorithm()).load(artifact);
    Dataset darker = scaled(test, 0.8f);
    int[] footwear = footwear(test);
    Dataset shoes = test.select(footwear, "footwear");
    Set<Long> shown = new HashSet<>();
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      sent += phase(p, model, test, "a", "test set as is");
      sent = await(id, sent, shown);
      sent += phase(p, model, darker, "b", "brightness x0.8");
      sent = await(id, sent, shown);
      sent += phase(p, model, shoes, "c1", "footwear only (sandal, sneaker, ankle boot)");
      sent += phase(p, model, shoes, "c2", "footwear only, again");
      await(id, sent, shown);
    }
    JsonNode alerts = null;
    String retrainJob = null;
    for (int tries = 0; tries < 60 && retrainJob == null; tries++) {
      alerts = api.get("/api/v1/monitors/" + id + "/alerts").body().path("alerts");
      for (JsonNode a : alerts) {
        if (a.path("retraining").has("jobId")) {
          retrainJob = a.path("retraining").path("jobId").asText();
        }
      }
      Thread.sleep(500);
    }
    for (JsonNode a : alerts) {
      out.println(
          "ALERT "
              + a.path("id").asText()
              + " ["
              + a.path("kind").asText()
              + "] "
              + a.path("summary").asText()
              + "; retraining "
              + a.path("retraining").path("state").asText());
    }
    if (retrainJob == null) {
      out.println("no retraining job was started");
      return 1;
    }
    JsonNode job = api.get("/api/v1/tuning-jobs/" + retrainJob).body();
    out.println(
        "retraining job "
            + retrainJob
            + ": warm start "
            + job.path("spec").path("warmStart")
            + " on the original training data plus the captured events; waiting for it");
    out.flush();
    for (int tries = 0; tries < 600; tries++) {
      job = api.get("/api/v1/tuning-jobs/" + retrainJob).body();
      String st = job.path("state").asText();
      if (st.equals("COMPLETED") || st.equals("FAILED") || st.equals("STOPPED")) {
        break;
      }
      Thread.sleep(1000);
    }
    out.println(
        "retraining job "
            + job.path("state").asText()
            + ", best validation:accuracy "
            + job.path("best").path("objective").asText("-"));
    return 0;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    var c = new java.util.HashMap<>(kafka.clientConfig());
    c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends one inference event per row (the model's prediction included), then the labels. */
  private int phase(
      KafkaProducer<byte[], byte[]> p, Model model, Dataset data, String tag, String what)
      throws Exception {
    // said before sending: the service logs what the traffic causes (a retraining job) meanwhile
    out.println("traffic: " + data.rows() + " events, " + what);
    out.flush();
    Predictions pred;
    try (Kernels k = Backends.open("auto", Backends.defaultThreads())) {
      pred = model.predict(data, k);
    }
    long now = clock.millis();
    StringBuilder sb = new StringBuilder(8192);
    for (int from = 0; from < data.rows(); from += 200) {
      int to = Math.min(data.rows(), from + 200);
      for (int i = from; i < to; i++) {
        sb.setLength(0);
        sb.append("{\"model\":\"fmnist-mlp\",\"inferenceId\":\"")
            .append(tag)
            .append('-')
            .append(i)
            .append("\",\"eventTime\":")
            .append(now + i)
            .append(",\"features\":[");
        for (int j = 0; j < data.cols(); j++) {
          float v = data.feature(i, j);
          if (j > 0) {
            sb.append(',');
          }
          if (v == 0f) {
            sb.append('0');
          } else {
            sb.append(String.format(Locale.ROOT, "%.5f", v));
          }
        }
        sb.append("],\"prediction\":").append((int) pred.primary(i)).append('}');
        p.send(new ProducerRecord<>(EVENTS, sb.toString().getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
      // ground truth follows its events, as it would from a labelling process
      for (int i = from; i < to; i++) {
        String label =
            "{\"inferenceId\":\"" + tag + "-" + i + "\",\"label\":" + (int) data.labels()[i] + "}";
        p.send(new ProducerRecord<>(LABELS, label.getBytes(StandardCharsets.UTF_8)));
      }
    }
    p.flush();
    return data.rows();
  }

  /** Waits until every full window of what was sent has closed, printing each new one. */
  private int await(String id, int sent, Set<Long> shown) throws Exception {
    long full = sent / WINDOW;
    for (int tries = 0; tries < 600; tries++) {
      JsonNode windows =
          api.get("/api/v1/monitors/" + id + "/windows?limit=100").body().path("windows");
      long closed = 0;
      for (int i = windows.size() - 1; i >= 0; i--) {
        JsonNode w = windows.get(i);
        if (!w.path("state").asText().equals("CLOSED")) {
          continue;
        }
        closed++;
        if (shown.add(w.path("start").asLong())) {
          JsonNode r = w.path("result");
          JsonNode q = r.path("modelQuality");
          out.println(
              String.format(
                  Locale.ROOT,
                  "  window %2d: %d events, pixels drifted (PSI) %5.1f%%, KS %5.1f%%,"
                      + " accuracy %s, violations %s%s",
                  w.path("start").asLong(),
                  w.path("events").asLong(),
                  100 * r.path("drift").path("driftedShare").asDouble(),
                  100 * r.path("drift").path("sharePerMethod").path("ks").asDouble(),
                  q.has("accuracy")
                      ? String.format(Locale.ROOT, "%.3f", q.path("accuracy").asDouble())
                      : "-",
                  r.path("violations"),
                  r.path("alerts").isEmpty() ? "" : "  -> ALERT " + r.path("alerts")));
          out.flush();
        }
      }
      if (closed >= full) {
        return sent;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("windows did not close within 5 minutes");
  }

  private static Dataset scaled(Dataset d, float factor) {
    float[] x = d.features().clone();
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
    return new Dataset(d.name() + " x" + factor, d.rows(), d.cols(), x, d.labels());
  }

  private static int[] footwear(Dataset d) {
    return java.util.stream.IntStream.range(0, d.rows())
        .filter(i -> d.labels()[i] == 5 || d.labels()[i] == 7 || d.labels()[i] == 9)
        .toArray();
  }
}
