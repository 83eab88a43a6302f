package dev.vernier.monitor.baseline;

import java.util.Arrays;

/**
 * Equal-width bins between a feature's baseline minimum and maximum, for display.
 *
 * <p>Bin {@code i} covers {@code [lo + i*w, lo + (i+1)*w)} with {@code w = (hi - lo) / bins}; the
 * last bin also holds {@code hi} (numpy's {@code histogram} convention). When {@code lo == hi}
 * there is one bin. The counts are estimated from the feature's KLL sketch (its PMF at the bin
 * edges), so each bin boundary carries the sketch's rank error (about 1.3% of the count for k =
 * 200) and the counts may not add up to the feature's count exactly; below k values the sketch, and
 * so the histogram, is exact.
 */
public record Histogram(double lo, double hi, long[] counts) {
  public Histogram {
    if (!(lo <= hi) || counts.length == 0) {
      throw new IllegalArgumentException(
          "a histogram needs lo <= hi and a bin, got " + lo + ", " + hi + ", " + counts.length);
    }
    counts = counts.clone();
  }

  public int bins() {
    return counts.length;
  }

  /** The lower edge of bin {@code i}; {@code edge(bins())} is {@code hi}. */
  public double edge(int i) {
    return i == counts.length ? hi : lo + i * (hi - lo) / counts.length;
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h
        && Double.compare(lo, h.lo) == 0
        && Double.compare(hi, h.hi) == 0
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Double.hashCode(lo) + Double.hashCode(hi)) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram[" + lo + ", " + hi + ", " + Arrays.toString(counts) + "]";
  }
}
