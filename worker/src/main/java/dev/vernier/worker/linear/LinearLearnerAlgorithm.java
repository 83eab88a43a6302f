package dev.vernier.worker.linear;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.Hyperparameters;
import dev.vernier.core.catalog.MetricSpec;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.space.CategoricalRange;
import dev.vernier.core.space.ContinuousRange;
import dev.vernier.core.space.IntegerRange;
import dev.vernier.core.space.Scaling;
import dev.vernier.kernels.Activation;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.Precision;
import dev.vernier.worker.algorithm.Algorithm;
import dev.vernier.worker.algorithm.FeatureDim;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.TrainingResult;
import dev.vernier.worker.algorithm.TrainingRun;
import dev.vernier.worker.artifact.ModelArtifact;
import dev.vernier.worker.nn.Evaluation;
import dev.vernier.worker.nn.Head;
import dev.vernier.worker.nn.NetworkConfig;
import dev.vernier.worker.nn.NetworkModel;
import dev.vernier.worker.nn.NetworkTraining;
import dev.vernier.worker.nn.Optimizer;
import dev.vernier.worker.nn.Standardizer;
import dev.vernier.worker.nn.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Linear models, as SageMaker's linear learner: logistic regression (binary), softmax regression
 * (multiclass) or least squares (regressor), trained by mini-batch SGD or Adam with L1 and L2
 * penalties; features standardised by default with statistics stored in the model.
 */
public final class LinearLearnerAlgorithm implements Algorithm {
  static final String NAME = "linear-learner";
  private static final List<String> TYPES =
      List.of("binary_classifier", "multiclass_classifier", "regressor");

  /** The losses implemented, in {@link #TYPES} order after {@code auto}. */
  private static final List<String> LOSSES =
      List.of("auto", "logistic", "softmax_loss", "squared_loss");

  private static final AlgorithmSpec SPEC =
      new AlgorithmSpec(
          NAME,
          "Linear models: logistic, softmax or least-squares regression",
          List.of(
              new HyperparameterSpec(
                  "predictor_type",
                  new CategoricalRange(TYPES),
                  null,
                  false,
                  "binary_classifier (labels 0/1), multiclass_classifier or regressor"),
              new HyperparameterSpec(
                  "num_classes",
                  IntegerRange.linear(0, 100_000),
                  0L,
                  false,
                  "classes for multiclass_classifier; 0 infers them from the labels"),
              FeatureDim.spec(),
              new HyperparameterSpec(
                  "loss",
                  new CategoricalRange(LOSSES),
                  "auto",
                  false,
                  "auto, or the predictor_type's own loss: logistic (binary_classifier),"
                      + " softmax_loss (multiclass_classifier), squared_loss (regressor)"),
              new HyperparameterSpec(
                  "optimizer", CategoricalRange.of("sgd", "adam"), "adam", true, "sgd or adam"),
              new HyperparameterSpec(
                  "learning_rate", ContinuousRange.log(1e-6, 10), 0.01, true, "step size"),
              new HyperparameterSpec(
                  "l1",
                  ContinuousRange.linear(0, 1),
                  0.0,
                  true,
                  "L1 penalty, applied as a proximal step"),
              new HyperparameterSpec(
                  "wd", ContinuousRange.linear(0, 1), 0.0, true, "L2 penalty (weight decay)"),
              new HyperparameterSpec(
                  "mini_batch_size",
                  new IntegerRange(1, 65536, Scaling.LOGARITHMIC),
                  1000L,
                  true,
                  "rows per gradient step"),
              new HyperparameterSpec(
                  "epochs",
                  IntegerRange.linear(1, 10_000),
                  15L,
                  false,
                  "passes over the training data"),
              new HyperparameterSpec(
                  "normalize_data",
                  CategoricalRange.of("true", "false"),
                  "true",
                  false,
                  "standardise features with the training data's mean and standard deviation")),
          List.of(
              new MetricSpec(
                  "train:objective_loss", Direction.MINIMIZE, "mean training loss over the epoch"),
              new MetricSpec(
                  "validation:objective_loss",
                  Direction.MINIMIZE,
                  "mean loss on the validation data"),
              new MetricSpec(
                  "validation:accuracy", Direction.MAXIMIZE, "classifiers: share classified right"),
              new MetricSpec(
                  "validation:rmse", Direction.MINIMIZE, "regressor: root mean squared error")),
          LinearLearnerAlgorithm::classCount);

  /** A multiclass classifier's {@code num_classes} is 0 (inferred) or at least 2. */
  static void classCount(Hyperparameters hp) {
    if (hp.getString("predictor_type").equals("multiclass_classifier")
        && hp.getInt("num_classes") == 1) {
      throw new InvalidInputException(
          "num_classes", "must be 0 (infer) or at least 2 for a multiclass_classifier", 1);
    }
  }

  @Override
  public AlgorithmSpec spec() {
    return SPEC;
  }

  @Override
  public TrainingResult train(TrainingRun run) {
    Hyperparameters hp = run.hyperparameters();
    String type = hp.getString("predictor_type");
    Dataset train = run.train();
    FeatureDim.check(hp, train);
    String loss = hp.getString("loss");
    String own = LOSSES.get(TYPES.indexOf(type) + 1);
    if (!loss.equals("auto") && !loss.equals(own)) {
      throw new InvalidInputException(
          "loss", "predictor_type=" + type + " trains with " + own + " (or auto)", loss);
    }
    Dataset val = run.validation();
    Kernels k = run.kernels();
    Head head;
    int outputs = 1;
    Targets t;
    Targets tv;
    switch (type) {
      case "binary_classifier" -> {
        head = Head.LOGISTIC;
        t = Targets.values(binary(train), k);
        tv = Targets.values(binary(val), k);
      }
      case "multiclass_classifier" -> {
        head = Head.SOFTMAX;
        outputs = hp.getInt("num_classes");
        if (outputs == 0) {
          outputs = Math.max(2, train.inferClassCount());
        } else if (outputs < 2) {
          throw new InvalidInputException(
              "num_classes", "must be 0 (infer) or at least 2", outputs);
        }
        t = Targets.classes(train.classLabels(outputs, "num_classes"), k);
        tv = Targets.classes(val.classLabels(outputs, "num_classes"), k);
      }
      default -> {
        head = Head.SQUARED;
        t = Targets.values(train.labels(), k);
        tv = Targets.values(val.labels(), k);
      }
    }
    NetworkConfig cfg =
        new NetworkConfig(
            train.cols(),
            new int[0],
            Activation.IDENTITY,
            outputs,
            head,
            Optimizer.valueOf(hp.getString("optimizer").toUpperCase(Locale.ROOT)),
            (float) hp.getDouble("learning_rate"),
            (float) hp.getDouble("wd"),
            (float) hp.getDouble("l1"),
            hp.getInt("mini_batch_size"),
            hp.getInt("epochs"),
            true,
            Precision.FP32);
    Standardizer st =
        Boolean.parseBoolean(hp.getString("normalize_data")) ? Standardizer.fit(train) : null;
    float[] xf = st == null ? train.features() : st.apply(train);
    float[] xvf = st == null ? val.features() : st.apply(val);
    try (t;
        tv) {
      NetworkTraining.Outcome out =
          NetworkTraining.run(
              k,
              cfg,
              xf,
              train,
              t,
              xvf,
              val,
              tv,
              run.seed(),
              run.reporter(),
              (trainLoss, ev) -> metrics(head, trainLoss, ev));
      try (var net = out.network()) {
        return new TrainingResult(
            new NetworkModel(NAME, cfg, out.modelTensors(), st),
            out.epochs(),
            out.stoppedEarly(),
            out.modelEpoch());
      }
    }
  }

  private static Map<String, Double> metrics(Head head, double trainLoss, Evaluation ev) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train:objective_loss", trainLoss);
    m.put("validation:objective_loss", ev.meanLoss());
    if (head == Head.SQUARED) {
      m.put("validation:rmse", Math.sqrt(ev.meanLoss()));
    } else {
      m.put("validation:accuracy", ev.accuracy());
    }
    return m;
  }

  private static float[] binary(Dataset d) {
    float[] l = d.labels();
    for (int i = 0; i < l.length; i++) {
      if (l[i] != 0 && l[i] != 1) {
        throw new InvalidInputException(
            d.name() + " row " + (i + 1) + " label",
            "predictor_type=binary_classifier needs labels 0 or 1",
            l[i]);
      }
    }
    return l;
  }

  @Override
  public Model load(ModelArtifact artifact) {
    return NetworkModel.fromArtifact(NAME, artifact);
  }
}
