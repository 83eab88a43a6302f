package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.Version;
import dev.vernier.core.data.Dataset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Baseline} from a dataset and, optionally, the model's predictions on its rows.
 *
 * <p>One pass over the row-major features: rows are read in blocks of {@value #BLOCK}, transposed
 * into a small per-column buffer that stays in cache, and each column's block is added to its
 * profile at once (moments, then a batch update of the KLL sketch). KLL updates dominate (about 25
 * ns a value), so {@link #threads} threads each profile a range of columns. Values must be finite
 * or NaN (missing); a categorical column must hold category codes of its schema; the first refused
 * value in row-major order is reported with its row and column.
 *
 * <p>Everything but the sketches is deterministic: DataSketches compacts KLL sketches with its own
 * unseeded random source, so two builds of the same data differ slightly in their sketches (always
 * within the rank error). A builder is configured and built by one thread.
 *
 * <pre>{@code
 * Baseline b = new BaselineBuilder(train, clock)
 *     .predictions(p, PredictionSchema.classes(10))
 *     .model("m-42", "mlp")
 *     .build();
 * }</pre>
 */
public final class BaselineBuilder {
  /** Rows transposed at a time: 64 rows of 784 float features are 200 KB. */
  static final int BLOCK = 64;

  /** Fewer columns than this per thread are not worth a thread. */
  static final int MIN_COLUMNS_PER_THREAD = 32;

  private final Dataset data;
  private final Clock clock;
  private Schema schema;
  private double[] predictions;
  private PredictionSchema predictionSchema;
  private String modelId;
  private String modelAlgorithm;
  private Constraints.Margins margins = Constraints.Margins.DEFAULT;
  private int threads = Runtime.getRuntime().availableProcessors();

  /**
   * @param clock gives the baseline's creation time
   */
  public BaselineBuilder(Dataset data, Clock clock) {
    this.data = Objects.requireNonNull(data, "data");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The feature schema; by default every column is numeric and named {@code f0 ..}. Its prediction
   * column is ignored: the baseline's is the one given to {@link #predictions}, or none.
   */
  public BaselineBuilder schema(Schema s) {
    if (s.size() != data.cols()) {
      throw new InvalidInputException(
          "schema", "must describe the " + data.cols() + " columns of " + data.name(), s.size());
    }
    this.schema = s;
    return this;
  }

  /**
   * The model's predictions, one per row: class indices for {@link PredictionType#CLASS}, numbers
   * for {@link PredictionType#NUMERIC}; NaN for a row without a prediction. Profiled as float32 (as
   * the features are). The array is read during {@link #build} and not kept.
   */
  public BaselineBuilder predictions(double[] values, PredictionSchema kind) {
    if (values.length != data.rows()) {
      throw new InvalidInputException(
          "predictions",
          "must hold one per row of " + data.name() + " (" + data.rows() + ")",
          values.length);
    }
    this.predictions = values;
    this.predictionSchema = Objects.requireNonNull(kind, "kind");
    return this;
  }

  /** The model the predictions came from, for provenance; either may be null. */
  public BaselineBuilder model(String id, String algorithm) {
    this.modelId = id;
    this.modelAlgorithm = algorithm;
    return this;
  }

  /** Margins for the suggested constraints; {@link Constraints.Margins#DEFAULT} by default. */
  public BaselineBuilder margins(Constraints.Margins m) {
    this.margins = Objects.requireNonNull(m, "margins");
    return this;
  }

  /**
   * Threads that profile disjoint column ranges (the caller's thread is one of them); all cores by
   * default, fewer when there are few columns. The profiles do not depend on it.
   */
  public BaselineBuilder threads(int n) {
    if (n < 1) {
      throw new InvalidInputException("threads", "must be at least 1", n);
    }
    this.threads = n;
    return this;
  }

  public Baseline build() {
    Schema s =
        (schema == null ? Schema.numeric(data.cols()) : schema).withPrediction(predictionSchema);
    List<FeatureProfile> profiles = profileFeatures(s);
    FeatureProfile prediction = predictions == null ? null : profilePredictions();
    Constraints constraints = Constraints.suggest(s, profiles, margins);
    BaselineProvenance provenance =
        new BaselineProvenance(
            data.name(),
            data.sha256(),
            data.rows(),
            modelId,
            modelAlgorithm,
            Version.get(),
            clock.instant());
    return new Baseline(s, profiles, prediction, constraints, provenance);
  }

  private List<FeatureProfile> profileFeatures(Schema s) {
    int cols = data.cols();
    ColumnProfiler[] p = new ColumnProfiler[cols];
    for (int c = 0; c < cols; c++) {
      p[c] = ColumnProfiler.of(s.feature(c));
    }
    int parts = Math.max(1, Math.min(threads, cols / MIN_COLUMNS_PER_THREAD));
    InvalidInputException[] failures = new InvalidInputException[parts];
    long[] failedAt = new long[parts];
    Throwable[] crashes = new Throwable[parts];
    Runnable[] work = new Runnable[parts];
    for (int t = 0; t < parts; t++) {
      int part = t;
      int c0 = (int) ((long) cols * t / parts);
      int c1 = (int) ((long) cols * (t + 1) / parts);
      work[t] =
          () -> {
            try {
              profileColumns(s, p, c0, c1);
            } catch (BadValue e) {
              failures[part] = e.error;
              failedAt[part] = e.position;
            } catch (RuntimeException | Error e) {
              crashes[part] = e;
            }
          };
    }
    Thread[] helpers = new Thread[parts - 1];
    for (int t = 1; t < parts; t++) {
      helpers[t - 1] = new Thread(work[t], "baseline-profile-" + t);
      helpers[t - 1].setDaemon(true);
      helpers[t - 1].start();
    }
    work[0].run();
    join(helpers);
    for (Throwable crash : crashes) {
      if (crash instanceof RuntimeException e) {
        throw e;
      } else if (crash instanceof Error e) {
        throw e;
      }
    }
    InvalidInputException first = null;
    long firstAt = Long.MAX_VALUE;
    for (int t = 0; t < parts; t++) {
      if (failures[t] != null && failedAt[t] < firstAt) {
        first = failures[t];
        firstAt = failedAt[t];
      }
    }
    if (first != null) {
      throw first;
    }
    List<FeatureProfile> out = new ArrayList<>(cols);
    for (ColumnProfiler c : p) {
      out.add(c.finish());
    }
    return out;
  }

  /** Profiles columns {@code [c0, c1)} over all rows, a block of rows at a time. */
  private void profileColumns(Schema s, ColumnProfiler[] p, int c0, int c1) {
    int rows = data.rows();
    int cols = data.cols();
    float[] x = data.features();
    float[] buf = new float[(c1 - c0) * BLOCK];
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      int n = Math.min(BLOCK, rows - r0);
      for (int r = 0; r < n; r++) {
        int base = (r0 + r) * cols;
        for (int c = c0, at = r; c < c1; c++, at += BLOCK) {
          buf[at] = x[base + c];
        }
      }
      for (int c = c0; c < c1; c++) {
        if (!p[c].add(buf, (c - c0) * BLOCK, n)) {
          for (int r = r0; r < r0 + n; r++) {
            float v = x[r * cols + c];
            String rule = p[c].rule(v);
            if (rule != null) {
              throw new BadValue(
                  new InvalidInputException(
                      data.name() + " row " + (r + 1) + " column " + s.feature(c).name(), rule, v),
                  (long) r * cols + c);
            }
          }
        }
      }
    }
  }

  private static void join(Thread[] threads) {
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A refused value and its row-major position, so the earliest one is reported. */
  private static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient InvalidInputException error;
    final long position;

    BadValue(InvalidInputException error, long position) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.position = position;
    }
  }

  private FeatureProfile profilePredictions() {
    boolean classes = predictionSchema.type() == PredictionType.CLASS;
    ColumnProfiler p =
        new ColumnProfiler(
            "prediction",
            classes ? FeatureType.CATEGORICAL : FeatureType.NUMERIC,
            predictionSchema.classCount());
    float[] buf = new float[BLOCK];
    for (int r0 = 0; r0 < predictions.length; r0 += BLOCK) {
      int n = Math.min(BLOCK, predictions.length - r0);
      for (int r = 0; r < n; r++) {
        buf[r] = (float) predictions[r0 + r];
      }
      if (!p.add(buf, 0, n)) {
        for (int r = r0; r < r0 + n; r++) {
          String rule = p.rule((float) predictions[r]);
          if (rule != null) {
            throw new InvalidInputException(
                "predictions row " + (r + 1),
                classes ? rule.replace("category code", "class index") : rule,
                predictions[r]);
          }
        }
      }
    }
    return p.finish();
  }
}
