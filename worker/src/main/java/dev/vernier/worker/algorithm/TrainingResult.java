package dev.vernier.worker.algorithm;

import java.util.List;

/**
 * What a training run produced: the model, every epoch's report, and whether the reporter stopped
 * it before its configured end.
 *
 * @param modelEpoch the epoch whose model {@code model} is (1-based): the last one, unless the
 *     reporter asked to keep an earlier one ({@link EpochReporter#keepModel})
 */
public record TrainingResult(
    Model model, List<EpochReport> epochs, boolean stoppedEarly, int modelEpoch) {
  public TrainingResult {
    epochs = List.copyOf(epochs);
    if (modelEpoch < 1 || modelEpoch > epochs.size()) {
      modelEpoch = epochs.size();
    }
  }

  /** A result whose model is the last epoch's. */
  public TrainingResult(Model model, List<EpochReport> epochs, boolean stoppedEarly) {
    this(model, epochs, stoppedEarly, epochs.size());
  }

  /** The metrics of the epoch the model is from: its figures. */
  public EpochReport modelReport() {
    return epochs.get(modelEpoch - 1);
  }

  /** The last epoch's metrics, the model's final figures. */
  public EpochReport last() {
    return epochs.get(epochs.size() - 1);
  }
}
