package dev.vernier.monitor.alert;

import java.util.Arrays;

/**
 * What a closed window can violate; each kind can become an incident and raise an alert. Stored and
 * shown by {@link #id()} (in a window's result arrays and as an alert's kind).
 */
public enum ViolationKind {
  /** A share of features drifted from the baseline at or above the monitor's threshold. */
  DRIFT("drift"),
  /** Values broke the baseline's constraints (missing, out of range, wrong type, new category). */
  DATA_QUALITY("data_quality"),
  /** The distribution of the model's predictions drifted. */
  PREDICTION_DRIFT("prediction_drift"),
  /** The model's quality on joined labels fell outside the baseline's tolerance. */
  MODEL_QUALITY("model_quality");

  private final String id;

  ViolationKind(String id) {
    this.id = id;
  }

  /** The name stored and shown: {@code drift}, {@code data_quality}, ... */
  public String id() {
    return id;
  }

  /**
   * The kind named {@code id}.
   *
   * @throws IllegalArgumentException naming the kinds that exist
   */
  public static ViolationKind of(String id) {
    for (ViolationKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "violation kind must be one of "
            + Arrays.stream(values()).map(ViolationKind::id).toList()
            + ", got "
            + id);
  }

  @Override
  public String toString() {
    return id;
  }
}
