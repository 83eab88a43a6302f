package dev.vernier.worker.mlp;

import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.Hyperparameters;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.Scaling;
import dev.vernier.kernels.Activation;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.Precision;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import dev.vernier.worker.artifact.ModelArtifact;
import dev.vernier.worker.nn.Head;
import dev.vernier.worker.nn.MemoryBudget;
import dev.vernier.worker.nn.NetworkConfig;
import dev.vernier.worker.nn.NetworkMemory;
import dev.vernier.worker.nn.NetworkModel;
import dev.vernier.worker.nn.NetworkTraining;
import dev.vernier.worker.nn.Optimizer;
import dev.vernier.worker.nn.Targets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A multilayer perceptron classifier: {@code num_layers} hidden layers of {@code hidden_units} with
 * ReLU or tanh, softmax cross-entropy, SGD or Adam, its matrix products in fp32 or bf16. Features
 * are used as given (scale them to about [0, 1] first; IDX images are scaled by the reader).
 */
public final class MlpAlgorithm implements Algorithm {
  static final String NAME = "mlp";

  private static final AlgorithmSpec SPEC =
      new AlgorithmSpec(
          NAME,
          "Multilayer perceptron classifier (softmax cross-entropy)",
          List.of(
              new HyperparameterSpec(
                  "num_classes",
                  IntegerRange.linear(0, 100_000),
                  0L,
                  false,
                  "number of classes; 0 infers it from the training labels (largest + 1)"),
              new HyperparameterSpec(
                  "num_layers", IntegerRange.linear(1, 8), 1L, true, "number of hidden layers"),
              new HyperparameterSpec(
                  "hidden_units",
                  new IntegerRange(1, 8192, Scaling.LOGARITHMIC),
                  256L,
                  true,
                  "units in each hidden layer"),
              new HyperparameterSpec(
                  "activation",
                  CategoricalRange.of("relu", "tanh"),
                  "relu",
                  true,
                  "hidden-layer activation"),
              new HyperparameterSpec(
                  "optimizer",
                  CategoricalRange.of("sgd", "adam"),
                  "sgd",
                  true,
                  "sgd: plain mini-batch SGD; adam: Adam (beta1 0.9, beta2 0.999)"),
              new HyperparameterSpec(
                  "learning_rate", ContinuousRange.log(1e-6, 10), 0.1, true, "step size"),
              new HyperparameterSpec(
                  "mini_batch_size",
                  new IntegerRange(1, 65536, Scaling.LOGARITHMIC),
                  128L,
                  true,
                  "rows per gradient step"),
              new HyperparameterSpec(
                  "epochs",
                  IntegerRange.linear(1, 10_000),
                  10L,
                  false,
                  "passes over the training data"),
              new HyperparameterSpec(
                  "l2",
                  ContinuousRange.linear(0, 1),
                  0.0,
                  true,
                  "weight decay on the weights (not the biases)"),
              new HyperparameterSpec(
                  "precision",
                  CategoricalRange.of("fp32", "bf16"),
                  "fp32",
                  false,
                  "arithmetic of the layers' matrix products: fp32, or bf16 (inputs rounded to"
                      + " bfloat16, sums in fp32; about twice as fast on CPUs with AVX512_BF16;"
                      + " weights stay fp32)")),
          List.of(
              new MetricSpec(
                  "train:cross_entropy", Direction.MINIMIZE, "mean training loss over the epoch"),
              new MetricSpec(
                  "validation:cross_entropy",
                  Direction.MINIMIZE,
                  "mean cross-entropy on the validation data"),
              new MetricSpec(
                  "validation:accuracy",
                  Direction.MAXIMIZE,
                  "share of validation rows classified right")),
          MlpAlgorithm::classCount);

  /** {@code num_classes} is 0 (inferred) or at least 2: one class is nothing to classify. */
  static void classCount(Hyperparameters hp) {
    if (hp.getInt("num_classes") == 1) {
      throw new dev.vernier.core.InvalidInputException(
          "num_classes", "must be 0 (infer) or at least 2", 1);
    }
  }

  @Override
  public AlgorithmSpec spec() {
    return SPEC;
  }

  @Override
  public TrainingResult train(TrainingRun run) {
    Hyperparameters hp = run.hyperparameters();
    int classes = hp.getInt("num_classes");
    if (classes == 0) {
      classes = Math.max(2, run.train().inferClassCount());
    } else {
      classCount(hp);
    }
    int[] y = run.train().classLabels(classes, "num_classes");
    int[] yv = run.validation().classLabels(classes, "num_classes");
    NetworkConfig cfg = config(hp, run.train().cols(), classes);
    Kernels k = run.kernels();
    requireMemory(cfg, hp, k.name(), run.train().rows(), run.validation().rows());
    try (Targets t = Targets.classes(y, k);
        Targets tv = Targets.classes(yv, k)) {
      NetworkTraining.Outcome out =
          NetworkTraining.run(
              k,
              cfg,
              run.train().features(),
              run.train(),
              t,
              run.validation().features(),
              run.validation(),
              tv,
              run.seed(),
              run.reporter(),
              (trainLoss, ev) -> {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("train:cross_entropy", trainLoss);
                m.put("validation:cross_entropy", ev.meanLoss());
                m.put("validation:accuracy", ev.accuracy());
                return m;
              });
      try (var net = out.network()) {
        return new TrainingResult(
            new NetworkModel(NAME, cfg, out.modelTensors(), null),
            out.epochs(),
            out.stoppedEarly(),
            out.modelEpoch());
      }
    }
  }

  /**
   * Refuses a network whose training would not fit in this worker's memory, before anything is
   * allocated ({@link NetworkMemory}); a network too large used to allocate until the JVM ran out
   * of memory.
   */
  static void requireMemory(
      NetworkConfig cfg, Hyperparameters hp, String backend, long trainRows, long validationRows) {
    NetworkMemory.estimate(cfg, backend, trainRows, validationRows)
        .requireFits(
            String.format(
                Locale.ROOT,
                "hidden_units %d x num_layers %d with mini_batch_size %d and optimizer %s (%d"
                    + " features, %d classes)",
                hp.getInt("hidden_units"),
                hp.getInt("num_layers"),
                hp.getInt("mini_batch_size"),
                hp.getString("optimizer"),
                cfg.inputs(),
                cfg.outputs()),
            backend,
            MemoryBudget::measure);
  }

  static NetworkConfig config(Hyperparameters hp, int inputs, int classes) {
    int[] hidden = new int[hp.getInt("num_layers")];
    Arrays.fill(hidden, hp.getInt("hidden_units"));
    return new NetworkConfig(
        inputs,
        hidden,
        Activation.valueOf(hp.getString("activation").toUpperCase(Locale.ROOT)),
        classes,
        Head.SOFTMAX,
        Optimizer.valueOf(hp.getString("optimizer").toUpperCase(Locale.ROOT)),
        (float) hp.getDouble("learning_rate"),
        (float) hp.getDouble("l2"),
        0f,
        hp.getInt("mini_batch_size"),
        hp.getInt("epochs"),
        false,
        Precision.of(hp.getString("precision")));
  }

  @Override
  public Model load(ModelArtifact artifact) {
    return NetworkModel.fromArtifact(NAME, artifact);
  }
}
