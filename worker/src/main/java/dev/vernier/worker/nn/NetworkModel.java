package dev.vernier.worker.nn;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Activation;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.Precision;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.artifact.ModelArtifact;
import dev.vernier.worker.artifact.Tensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained {@link Network}'s parameters, with the optional input standardisation, as a {@link
 * Model}: the model of both {@code mlp} and {@code linear-learner}.
 */
public final class NetworkModel implements Model {
  private final String algorithm;
  private final NetworkConfig cfg;
  private final Tensors tensors;
  private final Standardizer standardizer;

  public NetworkModel(
      String algorithm, NetworkConfig cfg, Tensors tensors, Standardizer standardizer) {
    this.algorithm = algorithm;
    this.cfg = cfg;
    this.tensors = tensors;
    this.standardizer = standardizer;
  }

  @Override
  public String algorithm() {
    return algorithm;
  }

  @Override
  public int features() {
    return cfg.inputs();
  }

  public NetworkConfig config() {
    return cfg;
  }

  /** The prediction columns for each head. */
  public static List<String> columns(Head head) {
    return switch (head) {
      case SOFTMAX, LOGISTIC -> List.of("predicted_label", "probability");
      case SQUARED -> List.of("score");
    };
  }

  @Override
  public List<String> outputColumns() {
    return columns(cfg.head());
  }

  @Override
  public Predictions predict(Dataset data, Kernels k) {
    if (data.cols() != cfg.inputs()) {
      throw new InvalidInputException(
          "input", "must have " + cfg.inputs() + " features like the training data", data.cols());
    }
    List<String> cols = columns(cfg.head());
    int width = cols.size();
    float[] out = new float[data.rows() * width];
    float[] features = standardizer == null ? data.features() : standardizer.apply(data);
    try (Network net = Network.fromTensors(k, cfg, tensors);
        FloatMatrix x = k.upload(features, data.rows(), data.cols())) {
      int outputs = cfg.outputs();
      net.forEachChunk(
          x,
          (from, n, logits) -> {
            float[] z = logits.toArray();
            for (int i = 0; i < n; i++) {
              int o = (from + i) * width;
              switch (cfg.head()) {
                case SOFTMAX -> {
                  int best = 0;
                  for (int j = 1; j < outputs; j++) {
                    if (z[i * outputs + j] > z[i * outputs + best]) {
                      best = j;
                    }
                  }
                  double sum = 0;
                  for (int j = 0; j < outputs; j++) {
                    sum += Math.exp(z[i * outputs + j] - z[i * outputs + best]);
                  }
                  out[o] = best;
                  out[o + 1] = (float) (1 / sum);
                }
                case LOGISTIC -> {
                  double p = 1 / (1 + Math.exp(-z[i]));
                  out[o] = p > 0.5 ? 1 : 0;
                  out[o + 1] = (float) Math.max(p, 1 - p);
                }
                case SQUARED -> out[o] = z[i];
              }
            }
          });
    }
    return new Predictions(cols, data.rows(), out);
  }

  @Override
  public Tensors tensors() {
    Tensors t = new Tensors();
    tensors.asMap().forEach((name, v) -> t.put(name, v.rows(), v.cols(), v.values()));
    if (standardizer != null) {
      t.put("input_mean", 1, cfg.inputs(), standardizer.mean());
      t.put("input_std", 1, cfg.inputs(), standardizer.std());
    }
    return t;
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("head", cfg.head().name());
    s.put("activation", cfg.activation().name());
    s.put("widths", Arrays.toString(cfg.widths()));
    s.put("standardized", String.valueOf(standardizer != null));
    s.put("precision", cfg.precision().label());
    return s;
  }

  /**
   * Rebuilds the model from an artifact written from {@link #tensors()} and {@link #settings()}.
   */
  public static NetworkModel fromArtifact(String algorithm, ModelArtifact a) {
    Map<String, String> s = a.settings();
    String widths = s.get("widths");
    int[] w =
        Arrays.stream(widths.substring(1, widths.length() - 1).split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    NetworkConfig cfg =
        new NetworkConfig(
            w[0],
            Arrays.copyOfRange(w, 1, w.length - 1),
            Activation.valueOf(s.get("activation")),
            w[w.length - 1],
            Head.valueOf(s.get("head")),
            Optimizer.SGD,
            0.1f,
            0f,
            0f,
            1,
            1,
            false,
            Precision.of(s.getOrDefault("precision", Precision.FP32.label())));
    Standardizer st =
        Boolean.parseBoolean(s.get("standardized"))
            ? new Standardizer(
                a.tensors().get("input_mean").values(), a.tensors().get("input_std").values())
            : null;
    return new NetworkModel(algorithm, cfg, a.tensors(), st);
  }
}
