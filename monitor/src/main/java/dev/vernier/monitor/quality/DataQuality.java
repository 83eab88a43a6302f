package dev.vernier.monitor.quality;

import dev.vernier.core.InvalidInputException;
import dev.vernier.monitor.baseline.Constraints;
import dev.vernier.monitor.baseline.FeatureConstraint;
import dev.vernier.monitor.baseline.FeatureSchema;
import dev.vernier.monitor.baseline.NumericRange;
import dev.vernier.monitor.baseline.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Counts a window's data-quality problems per feature and checks them against {@link Constraints}.
 *
 * <p>Rows come in as the event parser produced them, one float per schema feature:
 *
 * <ul>
 *   <li>NaN is a missing value;
 *   <li>a value the parser could not convert to the feature's type (text for a number, say) is
 *       passed as NaN <em>and</em> its feature index is listed in {@code mismatchedFeatures}: it is
 *       then counted as a type mismatch, never as missing;
 *   <li>a categorical value is the category's code in the schema, and -1 a category the schema does
 *       not know. Any value that is not the code of an allowed category counts as unseen.
 * </ul>
 *
 * <p>Not thread-safe: one accumulator per partition or batch, combined with {@link #merge}. The
 * state ({@link #toBytes}) is counts only; the schema, constraints and tolerances are given again
 * to {@link #fromBytes}. Counts already taken keep the range and categories in force when their
 * rows came, so restoring under edited constraints applies the edit to later rows only.
 */
public final class DataQuality {
  private static final int MAGIC = 0x31514456; // "VDQ1"
  private static final int VERSION = 1;
  private static final int[] NONE = {};

  /**
   * Shares of valid values that may break a check before it is a violation.
   *
   * @param outOfRange values outside a numeric feature's range
   * @param unseenCategory values outside a categorical feature's allowed categories
   */
  public record Tolerances(double outOfRange, double unseenCategory) {
    /** Nothing tolerated: one bad value is a violation. */
    public static final Tolerances NONE = new Tolerances(0, 0);

    public Tolerances {
      for (double t : new double[] {outOfRange, unseenCategory}) {
        if (!(t >= 0 && t <= 1)) {
          throw new InvalidInputException("tolerance", "must be between 0 and 1", t);
        }
      }
    }
  }

  private final Schema schema;
  private final Constraints constraints;
  private final Tolerances tolerances;
  private final int n;
  private final double[] lo;
  private final double[] hi;
  private final boolean[][] allowed;
  private long rows;
  private final long[] missing;
  private final long[] mismatches;
  private final long[] below;
  private final long[] above;
  private final long[] unseen;

  public DataQuality(Schema schema, Constraints constraints) {
    this(schema, constraints, Tolerances.NONE);
  }

  public DataQuality(Schema schema, Constraints constraints, Tolerances tolerances) {
    constraints.requireMatches(schema);
    this.schema = schema;
    this.constraints = constraints;
    this.tolerances = Objects.requireNonNull(tolerances, "tolerances");
    this.n = schema.size();
    this.lo = new double[n];
    this.hi = new double[n];
    this.allowed = new boolean[n][];
    for (int f = 0; f < n; f++) {
      FeatureSchema fs = schema.feature(f);
      FeatureConstraint c = constraints.feature(f);
      NumericRange r = c.range();
      lo[f] = r == null ? Double.NEGATIVE_INFINITY : r.min();
      hi[f] = r == null ? Double.POSITIVE_INFINITY : r.max();
      if (fs.isCategorical()) {
        Set<String> ok = new HashSet<>(c.allowedCategories());
        allowed[f] = new boolean[fs.categoryCount()];
        for (int code = 0; code < fs.categoryCount(); code++) {
          allowed[f][code] = ok.contains(fs.categories().get(code));
        }
      }
    }
    this.missing = new long[n];
    this.mismatches = new long[n];
    this.below = new long[n];
    this.above = new long[n];
    this.unseen = new long[n];
  }

  /** A row without type mismatches. */
  public void accept(float[] row) {
    accept(row, NONE);
  }

  /**
   * Counts one row.
   *
   * @param row one value per schema feature; not kept
   * @param mismatchedFeatures strictly increasing indices of features whose value could not be
   *     converted; each must be NaN in {@code row}
   */
  public void accept(float[] row, int[] mismatchedFeatures) {
    if (row.length != n) {
      throw new InvalidInputException(
          "row", "must hold one value per feature (" + n + ")", row.length);
    }
    int prev = -1;
    for (int f : mismatchedFeatures) {
      if (f <= prev || f >= n || !Float.isNaN(row[f])) {
        throw new IllegalArgumentException(
            "mismatched features must be strictly increasing indices below "
                + n
                + " whose values are NaN, got "
                + f
                + (f >= 0 && f < n ? " = " + row[f] : ""));
      }
      prev = f;
    }
    rows++;
    for (int f = 0; f < n; f++) {
      float v = row[f];
      if (v != v) {
        missing[f]++;
      } else if (allowed[f] != null) {
        int code = (int) v;
        if (code != v || code < 0 || code >= allowed[f].length || !allowed[f][code]) {
          unseen[f]++;
        }
      } else if (v < lo[f]) {
        below[f]++;
      } else if (v > hi[f]) {
        above[f]++;
      }
    }
    for (int f : mismatchedFeatures) {
      missing[f]--;
      mismatches[f]++;
    }
  }

  /** Adds another partition's counts; both must check the same schema and constraints. */
  public void merge(DataQuality other) {
    if (!schema.equals(other.schema)
        || !constraints.equals(other.constraints)
        || !tolerances.equals(other.tolerances)) {
      throw new IllegalArgumentException("cannot merge data quality of different constraints");
    }
    rows += other.rows;
    for (int f = 0; f < n; f++) {
      missing[f] += other.missing[f];
      mismatches[f] += other.mismatches[f];
      below[f] += other.below[f];
      above[f] += other.above[f];
      unseen[f] += other.unseen[f];
    }
  }

  public long rows() {
    return rows;
  }

  /** The counts so far and the constraints they break. */
  public DataQualityReport result() {
    List<FeatureQuality> features = new ArrayList<>(n);
    List<Violation> violations = new ArrayList<>();
    for (int f = 0; f < n; f++) {
      FeatureQuality q =
          new FeatureQuality(
              schema.feature(f).name(),
              rows,
              missing[f],
              mismatches[f],
              below[f],
              above[f],
              unseen[f]);
      features.add(q);
      check(q, constraints.feature(f), violations);
    }
    return new DataQualityReport(rows, features, violations);
  }

  private void check(FeatureQuality q, FeatureConstraint c, List<Violation> out) {
    String name = q.name();
    if (q.rows() > 0 && q.completeness() < c.minCompleteness()) {
      out.add(
          new Violation(
              name,
              Check.COMPLETENESS,
              q.completeness(),
              c.minCompleteness(),
              String.format(
                  "%s: completeness %.4f is below the minimum %.4f (%d of %d rows missing)",
                  name, q.completeness(), c.minCompleteness(), q.missing(), q.rows())));
    }
    if (q.typeMismatches() > 0) {
      out.add(
          new Violation(
              name,
              Check.TYPE,
              q.typeMismatches(),
              0,
              String.format(
                  "%s: %d of %d values could not be read as %s",
                  name,
                  q.typeMismatches(),
                  q.rows(),
                  c.allowedCategories() == null ? "numbers" : "categories")));
    }
    long out0 = q.belowMin() + q.aboveMax();
    if (out0 > 0 && q.outOfRangeShare() > tolerances.outOfRange()) {
      out.add(
          new Violation(
              name,
              Check.RANGE,
              q.outOfRangeShare(),
              tolerances.outOfRange(),
              String.format(
                  "%s: %d of %d values (%s) outside [%s, %s] (%d below, %d above); tolerated %s",
                  name,
                  out0,
                  q.valid(),
                  percent(q.outOfRangeShare()),
                  c.range().min(),
                  c.range().max(),
                  q.belowMin(),
                  q.aboveMax(),
                  percent(tolerances.outOfRange()))));
    }
    if (q.unseenCategories() > 0 && q.unseenCategoryShare() > tolerances.unseenCategory()) {
      out.add(
          new Violation(
              name,
              Check.CATEGORY,
              q.unseenCategoryShare(),
              tolerances.unseenCategory(),
              String.format(
                  "%s: %d of %d values (%s) are not allowed categories; tolerated %s",
                  name,
                  q.unseenCategories(),
                  q.valid(),
                  percent(q.unseenCategoryShare()),
                  percent(tolerances.unseenCategory()))));
    }
  }

  private static String percent(double share) {
    return String.format("%.2f%%", 100 * share);
  }

  /** The counts, compactly (varints: a few bytes per feature when counts are small). */
  public byte[] toBytes() {
    StateBytes.Writer w = new StateBytes.Writer(MAGIC, VERSION).varlong(n).varlong(rows);
    for (int f = 0; f < n; f++) {
      w.varlong(missing[f]).varlong(mismatches[f]).varlong(below[f]).varlong(above[f]);
      w.varlong(unseen[f]);
    }
    return w.bytes();
  }

  /** Restores {@link #toBytes} state under the given (possibly edited) constraints. */
  public static DataQuality fromBytes(
      byte[] state, Schema schema, Constraints constraints, Tolerances tolerances) {
    DataQuality q = new DataQuality(schema, constraints, tolerances);
    StateBytes.Reader r = new StateBytes.Reader(state, MAGIC, VERSION, "data quality state");
    long features = r.varlong();
    if (features != q.n) {
      throw new InvalidInputException(
          "data quality state", "must count the schema's " + q.n + " features", features);
    }
    q.rows = r.varlong();
    for (int f = 0; f < q.n; f++) {
      q.missing[f] = r.varlong();
      q.mismatches[f] = r.varlong();
      q.below[f] = r.varlong();
      q.above[f] = r.varlong();
      q.unseen[f] = r.varlong();
      if (q.missing[f] + q.mismatches[f] + q.below[f] + q.above[f] > q.rows
          || q.unseen[f] + q.missing[f] + q.mismatches[f] > q.rows) {
        throw new InvalidInputException(
            "data quality state", "counts more problems than rows for feature " + f, q.rows);
      }
    }
    r.end();
    return q;
  }
}
