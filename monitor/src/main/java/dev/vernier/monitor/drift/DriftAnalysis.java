package dev.vernier.monitor.drift;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.stats.FloatRadixSort;
import dev.vernier.monitor.drift.stats.SortedSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drift of every feature of a dataset: {@link #fit} fits the chosen methods on each column of a
 * baseline, and the returned {@link Baseline} scores current windows, in parallel over features.
 *
 * <p>Columns are read out of the row-major float32 data a band at a time ({@link Columns}) as the
 * float sort keys of {@link FloatRadixSort}; each column is sorted once ({@link SortedSample}, its
 * values widened to double, as {@code astype(np.float64)} does) and shared by every method that
 * scores it. Each feature gets the methods of its {@link FeatureKind} (numeric unless declared
 * categorical). After scoring, the decisions of each p-value method are corrected across the
 * features it scored ({@link MultipleTesting}) at its threshold's alpha.
 *
 * <p>Immutable; a {@link Baseline} may score several windows at once from different threads.
 */
public final class DriftAnalysis {
  private final List<DriftMethod> methods;
  private final Map<String, Threshold> thresholds;
  private final MultipleTesting correction;
  private final int threads;
  private final Set<Integer> categorical;
  private final List<String> featureNames;

  private DriftAnalysis(Builder b) {
    this.methods = List.copyOf(b.methods);
    this.thresholds = Map.copyOf(b.thresholds);
    this.correction = b.correction;
    this.threads = b.threads;
    this.categorical = Set.copyOf(b.categorical);
    this.featureNames = b.featureNames == null ? null : List.copyOf(b.featureNames);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The methods, in the order each feature's scores list them. */
  public List<DriftMethod> methods() {
    return methods;
  }

  public MultipleTesting correction() {
    return correction;
  }

  /** The threshold {@code method} is fitted with, before any baseline resolves it. */
  public Threshold threshold(DriftMethod method) {
    return thresholds.getOrDefault(method.name(), method.defaultThreshold());
  }

  public int threads() {
    return threads;
  }

  /** Fits every applicable method on every column of {@code baseline}. */
  public Baseline fit(Dataset baseline) {
    long t0 = System.nanoTime();
    int cols = baseline.cols();
    if (featureNames != null && featureNames.size() != cols) {
      throw new InvalidInputException(
          "featureNames",
          "must name every column of the baseline (" + cols + ")",
          featureNames.size());
    }
    for (int c : categorical) {
      if (c >= cols) {
        throw new InvalidInputException(
            "categorical", "columns must be below the baseline's " + cols, c);
      }
    }
    String[] names = new String[cols];
    FeatureKind[] kinds = new FeatureKind[cols];
    for (int j = 0; j < cols; j++) {
      names[j] = featureNames == null ? "f" + j : featureNames.get(j);
      kinds[j] = categorical.contains(j) ? FeatureKind.CATEGORICAL : FeatureKind.NUMERIC;
    }
    DriftMethod.Fitted[][] fitted = new DriftMethod.Fitted[cols][];
    int rows = baseline.rows();
    int width = Columns.width(cols, threads);
    int bands = (cols + width - 1) / width;
    Parallel.forEach(
        bands,
        threads,
        band -> {
          int from = band * width;
          int to = Math.min(cols, from + width);
          int[][] columns = new int[to - from][rows];
          Columns.bandKeys(baseline, from, to, columns);
          for (int j = from; j < to; j++) {
            SortedSample b =
                SortedSample.ofKeys("baseline column " + names[j], columns[j - from], rows);
            columns[j - from] = null;
            List<DriftMethod.Fitted> fs = new ArrayList<>();
            for (DriftMethod m : methods) {
              if (m.kind() == kinds[j]) {
                fs.add(m.fit(b, threshold(m)));
              }
            }
            fitted[j] = fs.toArray(DriftMethod.Fitted[]::new);
          }
        });
    return new Baseline(rows, names, kinds, fitted, (System.nanoTime() - t0) / 1e9);
  }

  /** The methods fitted on every column of one baseline; immutable. */
  public final class Baseline {
    private final int rows;
    private final String[] names;
    private final FeatureKind[] kinds;
    private final DriftMethod.Fitted[][] fitted;
    private final double fitSeconds;

    private Baseline(
        int rows,
        String[] names,
        FeatureKind[] kinds,
        DriftMethod.Fitted[][] fitted,
        double fitSeconds) {
      this.rows = rows;
      this.names = names;
      this.kinds = kinds;
      this.fitted = fitted;
      this.fitSeconds = fitSeconds;
    }

    /** The analysis this baseline was fitted for. */
    public DriftAnalysis analysis() {
      return DriftAnalysis.this;
    }

    public int rows() {
      return rows;
    }

    public int features() {
      return names.length;
    }

    /** The features' names, in column order. */
    public List<String> featureNames() {
      return List.of(names);
    }

    /** Elapsed seconds {@link DriftAnalysis#fit} took. */
    public double fitSeconds() {
      return fitSeconds;
    }

    /**
     * Scores a current window.
     *
     * @throws InvalidInputException naming {@code current} when its column count differs from the
     *     baseline's, or naming a column that has no value
     */
    public DriftResults score(Dataset current) {
      long t0 = System.nanoTime();
      int cols = names.length;
      if (current.cols() != cols) {
        throw new InvalidInputException(
            "current",
            "must have as many columns as the baseline (" + cols + ")",
            current.cols() + " columns");
      }
      int n = current.rows();
      DriftScore[][] scores = new DriftScore[cols][];
      Map<String, LongAdder> methodNanos = new HashMap<>();
      for (DriftMethod m : methods) {
        methodNanos.put(m.name(), new LongAdder());
      }
      LongAdder prepareNanos = new LongAdder();
      int width = Columns.width(cols, threads);
      int bands = (cols + width - 1) / width;
      Parallel.forEach(
          bands,
          threads,
          band -> {
            long p0 = System.nanoTime();
            int from = band * width;
            int to = Math.min(cols, from + width);
            int[][] columns = new int[to - from][n];
            Columns.bandKeys(current, from, to, columns);
            prepareNanos.add(System.nanoTime() - p0);
            for (int j = from; j < to; j++) {
              long s0 = System.nanoTime();
              SortedSample c =
                  SortedSample.ofKeys("current column " + names[j], columns[j - from], n);
              long s1 = System.nanoTime();
              prepareNanos.add(s1 - s0);
              DriftScore[] out = new DriftScore[fitted[j].length];
              for (int k = 0; k < out.length; k++) {
                out[k] = fitted[j][k].score(c);
                long s2 = System.nanoTime();
                methodNanos.get(out[k].method()).add(s2 - s1);
                s1 = s2;
              }
              scores[j] = out;
            }
          });
      correct(scores);
      List<FeatureDrift> features = new ArrayList<>(cols);
      for (int j = 0; j < cols; j++) {
        features.add(new FeatureDrift(j, names[j], kinds[j], Arrays.asList(scores[j])));
      }
      Map<String, Double> seconds = new LinkedHashMap<>();
      for (DriftMethod m : methods) {
        seconds.put(m.name(), methodNanos.get(m.name()).sum() / 1e9);
      }
      DriftResults.Timings timings =
          new DriftResults.Timings(
              prepareNanos.sum() / 1e9, seconds, (System.nanoTime() - t0) / 1e9, threads);
      return new DriftResults(
          methods.stream().map(DriftMethod::name).toList(), correction, rows, n, features, timings);
    }

    /** Replaces p-value decisions by the corrected ones, method by method. */
    private void correct(DriftScore[][] scores) {
      if (correction == MultipleTesting.NONE) {
        return;
      }
      for (DriftMethod m : methods) {
        List<int[]> where = new ArrayList<>();
        for (int j = 0; j < scores.length; j++) {
          for (int k = 0; k < scores[j].length; k++) {
            DriftScore s = scores[j][k];
            if (s.method().equals(m.name()) && s.threshold().usesPValue()) {
              where.add(new int[] {j, k});
            }
          }
        }
        if (where.isEmpty()) {
          continue;
        }
        double[] p = new double[where.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = scores[where.get(i)[0]][where.get(i)[1]].pValue();
        }
        int[] first = where.get(0);
        boolean[] drifted = correction.apply(p, scores[first[0]][first[1]].threshold().value());
        for (int i = 0; i < p.length; i++) {
          int[] at = where.get(i);
          scores[at[0]][at[1]] = scores[at[0]][at[1]].withDrifted(drifted[i]);
        }
      }
    }
  }

  /** Settings of an analysis; every one has a default. */
  public static final class Builder {
    private List<DriftMethod> methods = DriftMethods.all();
    private final Map<String, Threshold> thresholds = new HashMap<>();
    private MultipleTesting correction = MultipleTesting.NONE;
    private int threads = Runtime.getRuntime().availableProcessors();
    private final Set<Integer> categorical = new TreeSet<>();
    private List<String> featureNames;

    private Builder() {}

    /** The methods to run (default: every registered one); each feature gets those of its kind. */
    public Builder methods(List<DriftMethod> m) {
      if (m == null || m.isEmpty()) {
        throw new InvalidInputException("methods", "must name at least one method", null);
      }
      this.methods = List.copyOf(m);
      return this;
    }

    /** The methods by name, e.g. {@code ks, psi}; an unknown name lists the ones that exist. */
    public Builder methodNames(List<String> names) {
      return methods(names.stream().map(DriftMethods::byName).distinct().toList());
    }

    /** A threshold for one method instead of its default. */
    public Builder threshold(String method, Threshold threshold) {
      DriftMethods.byName(method);
      thresholds.put(method, threshold);
      return this;
    }

    /** The correction for p-value methods across features (default {@code NONE}). */
    public Builder correction(MultipleTesting c) {
      this.correction = c == null ? MultipleTesting.NONE : c;
      return this;
    }

    /** Threads for fitting and scoring (default: the number of processors). */
    public Builder threads(int n) {
      if (n < 1 || n > 1024) {
        throw new InvalidInputException("threads", "must be between 1 and 1024", n);
      }
      this.threads = n;
      return this;
    }

    /** Columns holding category codes (default: none, every column numeric). */
    public Builder categorical(int... columns) {
      for (int c : columns) {
        if (c < 0) {
          throw new InvalidInputException("categorical", "columns must be >= 0", c);
        }
        categorical.add(c);
      }
      return this;
    }

    /** One name per column (default {@code f0, f1, ...}). */
    public Builder featureNames(List<String> names) {
      this.featureNames = names == null ? null : List.copyOf(names);
      return this;
    }

    public DriftAnalysis build() {
      return new DriftAnalysis(this);
    }
  }
}
