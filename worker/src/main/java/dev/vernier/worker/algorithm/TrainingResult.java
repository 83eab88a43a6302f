package dev.vernier.worker.algorithm;

import java.util.List;

/**
 * What a training run produced: the model, every epoch's report, and whether the reporter stopped
 * it before its configured end.
 */
public record TrainingResult(Model model, List<EpochReport> epochs, boolean stoppedEarly) {
  public TrainingResult {
    epochs = List.copyOf(epochs);
  }

  /** The last epoch's metrics, the model's final figures. */
  public EpochReport last() {
    return epochs.get(epochs.size() - 1);
  }
}
