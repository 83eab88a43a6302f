package dev.vernier.worker.nn;

import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Directive;
import dev.vernier.worker.algorithm.EpochReport;
import dev.vernier.worker.algorithm.EpochReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The epoch loop shared by the network-based algorithms: upload the data once, shuffle with the
 * seed each epoch, train, evaluate on the validation data, report, obey a stop.
 */
public final class NetworkTraining {
  private NetworkTraining() {}

  /** Turns an epoch's figures into the metrics the algorithm declares. */
  @FunctionalInterface
  public interface MetricNamer {
    Map<String, Double> metrics(double trainLoss, Evaluation validation);
  }

  /**
   * The trained network (open: the caller closes it) and the reports.
   *
   * @param kept the weights after epoch {@code keptEpoch} when the reporter asked to keep them
   *     ({@link EpochReporter#keepModel}), else null: the final network is the model
   */
  public record Outcome(
      Network network,
      List<EpochReport> epochs,
      boolean stoppedEarly,
      dev.vernier.worker.artifact.Tensors kept,
      int keptEpoch) {

    /** The weights to store: the kept ones, or the final network's. */
    public dev.vernier.worker.artifact.Tensors modelTensors() {
      return kept != null ? kept : network.toTensors();
    }

    /** The epoch the stored weights are from. */
    public int modelEpoch() {
      return kept != null ? keptEpoch : epochs.size();
    }
  }

  public static Outcome run(
      Kernels k,
      NetworkConfig cfg,
      float[] trainFeatures,
      Dataset train,
      Targets trainTargets,
      float[] validationFeatures,
      Dataset validation,
      Targets validationTargets,
      long seed,
      EpochReporter reporter,
      MetricNamer namer) {
    List<EpochReport> reports = new ArrayList<>();
    boolean stopped = false;
    dev.vernier.worker.artifact.Tensors kept = null;
    int keptEpoch = 0;
    Network net = Network.init(k, cfg, seed);
    try (FloatMatrix x = k.upload(trainFeatures, train.rows(), train.cols());
        FloatMatrix xv = k.upload(validationFeatures, validation.rows(), validation.cols())) {
      SplittableRandom shuffle = new SplittableRandom(seed ^ 0x5DEECE66DL);
      int[] order = new int[train.rows()];
      for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
        long t0 = System.nanoTime();
        permute(order, shuffle);
        double trainLoss = net.trainEpoch(x, trainTargets, order);
        Evaluation ev = net.evaluate(xv, validationTargets);
        double secs = (System.nanoTime() - t0) / 1e9;
        EpochReport r = new EpochReport(epoch, namer.metrics(trainLoss, ev), secs);
        reports.add(r);
        Directive d = reporter.report(r);
        if (reporter.keepModel(r)) {
          kept = net.toTensors();
          keptEpoch = epoch;
        }
        if (d == Directive.STOP && epoch < cfg.epochs()) {
          stopped = true;
          break;
        }
      }
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
    return new Outcome(net, reports, stopped, kept, keptEpoch);
  }

  /** Fills {@code order} with a fresh random permutation of its indices (Fisher-Yates). */
  public static void permute(int[] order, SplittableRandom rnd) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
