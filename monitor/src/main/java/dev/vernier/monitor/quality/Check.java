package dev.vernier.monitor.quality;

/** The data-quality check a {@link Violation} broke. */
public enum Check {
  /** Fewer rows had a value than the constraint's minimum completeness. */
  COMPLETENESS,
  /** Values the event parser could not convert to the feature's type. */
  TYPE,
  /** A larger share of numeric values outside the constraint's range than tolerated. */
  RANGE,
  /** A larger share of categorical values outside the allowed categories than tolerated. */
  CATEGORY
}
