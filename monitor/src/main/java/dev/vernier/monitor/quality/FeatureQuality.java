package dev.vernier.monitor.quality;

/**
 * One feature's data-quality counts over a window. Every row is exactly one of: missing, type
 * mismatch, or valid; a valid value may further be below the minimum, above the maximum (numeric)
 * or an unseen category (categorical).
 */
public record FeatureQuality(
    String name,
    long rows,
    long missing,
    long typeMismatches,
    long belowMin,
    long aboveMax,
    long unseenCategories) {

  /** Rows whose value was read: neither missing nor a type mismatch. */
  public long valid() {
    return rows - missing - typeMismatches;
  }

  /**
   * The share of rows that were not missing (a type-mismatched value was present, so it counts as
   * complete; {@link Check#TYPE} reports it); 1 for no rows.
   */
  public double completeness() {
    return rows == 0 ? 1.0 : (double) (rows - missing) / rows;
  }

  /** Values outside the range as a share of valid values; 0 when there are none. */
  public double outOfRangeShare() {
    return share(belowMin + aboveMax);
  }

  /** Unseen categories as a share of valid values; 0 when there are none. */
  public double unseenCategoryShare() {
    return share(unseenCategories);
  }

  private double share(long n) {
    long v = valid();
    return v == 0 ? 0.0 : (double) n / v;
  }
}
