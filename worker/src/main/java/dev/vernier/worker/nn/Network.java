package dev.vernier.worker.nn;

import dev.vernier.kernels.Activation;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.LossResult;
import dev.vernier.worker.artifact.Tensors;
import java.util.SplittableRandom;

/**
 * A fully connected network trained with mini-batch gradient descent, every step on {@link
 * Kernels}. Layer l computes {@code a[l+1] = act(a[l] W[l] + b[l])}, with W stored input-major
 * ({@code in x out}) so the forward pass is one GEMM without transposes; the last layer has no
 * activation and feeds the {@link Head}'s loss. Every gemm, forward and backward, runs in the
 * configured {@link NetworkConfig#precision()}; the weights themselves stay float32 (with BF16, the
 * float32 master copy that each step's update is added to).
 *
 * <p>Owns its matrices; close it to free them. Not thread-safe.
 */
public final class Network implements AutoCloseable {
  private static final int EVAL_CHUNK = 4096;

  private final Kernels k;
  private final NetworkConfig cfg;
  private final int[] widths;
  private final int layers;
  private final FloatMatrix[] w;
  private final FloatMatrix[] b;
  // training state, allocated on the first step
  private FloatMatrix[] dw;
  private FloatMatrix[] db;
  private FloatMatrix[] mw;
  private FloatMatrix[] vw;
  private FloatMatrix[] mb;
  private FloatMatrix[] vb;
  private Buffers train;
  private Buffers eval;
  private IntVector batchIndex;
  private IntVector batchClasses;
  private FloatMatrix batchValues;
  private int[] hostClasses;
  private float[] hostValues;
  private int step;

  private Network(Kernels k, NetworkConfig cfg) {
    this.k = k;
    this.cfg = cfg;
    this.widths = cfg.widths();
    this.layers = widths.length - 1;
    this.w = new FloatMatrix[layers];
    this.b = new FloatMatrix[layers];
  }

  /** A new network with weights and biases drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  public static Network init(Kernels k, NetworkConfig cfg, long seed) {
    Network n = new Network(k, cfg);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int l = 0; l < n.layers; l++) {
      int in = n.widths[l];
      int out = n.widths[l + 1];
      float bound = (float) (1 / Math.sqrt(in));
      float[] wv = new float[in * out];
      float[] bv = new float[out];
      if (!cfg.zeroInit()) {
        uniform(wv, rnd, bound);
        uniform(bv, rnd, bound);
      }
      n.w[l] = k.upload(wv, in, out);
      n.b[l] = k.upload(bv, 1, out);
    }
    return n;
  }

  /** Fills {@code v} with U(-bound, bound) draws, in order. */
  private static void uniform(float[] v, SplittableRandom rnd, float bound) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
  }

  /** Rebuilds a network from {@link #toTensors()}'s output. */
  public static Network fromTensors(Kernels k, NetworkConfig cfg, Tensors t) {
    Network n = new Network(k, cfg);
    for (int l = 0; l < n.layers; l++) {
      Tensors.Tensor tw = t.get("w" + l);
      Tensors.Tensor tb = t.get("b" + l);
      if (tw.rows() != n.widths[l]
          || tw.cols() != n.widths[l + 1]
          || tb.cols() != n.widths[l + 1]) {
        throw new IllegalArgumentException(
            "stored layer " + l + " does not match widths " + java.util.Arrays.toString(n.widths));
      }
      n.w[l] = k.upload(tw.values(), tw.rows(), tw.cols());
      n.b[l] = k.upload(tb.values(), 1, tb.cols());
    }
    return n;
  }

  public Tensors toTensors() {
    Tensors t = new Tensors();
    for (int l = 0; l < layers; l++) {
      t.put("w" + l, w[l].rows(), w[l].cols(), w[l].toArray());
      t.put("b" + l, 1, b[l].cols(), b[l].toArray());
    }
    return t;
  }

  public NetworkConfig config() {
    return cfg;
  }

  /** Activations of every layer for up to {@code rows} rows; index 0 is the input. */
  private final class Buffers implements AutoCloseable {
    final FloatMatrix[] a = new FloatMatrix[layers + 1];
    final FloatMatrix[] g = new FloatMatrix[layers + 1];

    Buffers(int rows, boolean withGradients) {
      for (int l = 0; l <= layers; l++) {
        if (l == 0 && !withGradients) {
          continue; // evaluation reads its input as views of the data
        }
        a[l] = k.matrix(rows, widths[l]);
        if (withGradients && l > 0) {
          g[l] = k.matrix(rows, widths[l]);
        }
      }
      if (!withGradients) {
        g[layers] = k.matrix(rows, widths[layers]);
      }
    }

    @Override
    public void close() {
      for (int l = 0; l <= layers; l++) {
        if (a[l] != null) {
          a[l].close();
        }
        if (g[l] != null) {
          g[l].close();
        }
      }
    }
  }

  /**
   * Runs the forward pass on {@code n} rows already in {@code buf.a[0]}; returns the logits view.
   */
  private FloatMatrix forward(Buffers buf, FloatMatrix input, int n) {
    FloatMatrix prev = input;
    for (int l = 0; l < layers; l++) {
      FloatMatrix z = first(buf.a[l + 1], n);
      k.gemm(false, false, 1f, prev, w[l], 0f, z, cfg.precision());
      k.addBiasActivate(z, b[l], l < layers - 1 ? cfg.activation() : Activation.IDENTITY);
      prev = z;
    }
    return prev;
  }

  private LossResult loss(
      FloatMatrix out, FloatMatrix grad, IntVector classes, FloatMatrix values, float scale) {
    return switch (cfg.head()) {
      case SOFTMAX -> k.softmaxCrossEntropy(out, classes, grad, scale);
      case LOGISTIC -> k.logisticLoss(out, values, grad, scale);
      case SQUARED -> k.squaredError(out, values, grad, scale);
    };
  }

  private void allocateTraining() {
    if (train != null) {
      return;
    }
    int bs = cfg.batchSize();
    train = new Buffers(bs, true);
    dw = new FloatMatrix[layers];
    db = new FloatMatrix[layers];
    for (int l = 0; l < layers; l++) {
      if (cfg.optimizer() == Optimizer.ADAM) {
        dw[l] = k.matrix(widths[l], widths[l + 1]);
      }
      db[l] = k.matrix(1, widths[l + 1]);
    }
    if (cfg.optimizer() == Optimizer.ADAM) {
      mw = new FloatMatrix[layers];
      vw = new FloatMatrix[layers];
      mb = new FloatMatrix[layers];
      vb = new FloatMatrix[layers];
      for (int l = 0; l < layers; l++) {
        mw[l] = k.matrix(widths[l], widths[l + 1]);
        vw[l] = k.matrix(widths[l], widths[l + 1]);
        mb[l] = k.matrix(1, widths[l + 1]);
        vb[l] = k.matrix(1, widths[l + 1]);
      }
    }
    batchIndex = k.ints(bs);
    if (cfg.head() == Head.SOFTMAX) {
      batchClasses = k.ints(bs);
      hostClasses = new int[bs];
    } else {
      batchValues = k.matrix(bs, 1);
      hostValues = new float[bs];
    }
  }

  /**
   * One pass over {@code x} in the order given, in mini-batches of the configured size (the last
   * one smaller).
   *
   * @return the mean training loss over the epoch
   */
  public double trainEpoch(FloatMatrix x, Targets targets, int[] order) {
    allocateTraining();
    int total = order.length;
    int bs = cfg.batchSize();
    double lossSum = 0;
    for (int start = 0; start < total; start += bs) {
      lossSum += trainBatch(x, targets, order, start, Math.min(bs, total - start));
    }
    return lossSum / total;
  }

  /**
   * One step on rows {@code order[start .. start + n)}; returns their summed loss. Its own method,
   * called once per batch, so the JIT compiles the step once rather than the whole epoch loop.
   */
  private double trainBatch(FloatMatrix x, Targets targets, int[] order, int start, int n) {
    IntVector idx = first(batchIndex, n);
    idx.copyFrom(order, start);
    FloatMatrix in = first(train.a[0], n);
    k.gatherRows(x, idx, in);
    IntVector cls = null;
    FloatMatrix vals = null;
    if (targets.classes != null) {
      targets.gatherClasses(order, start, n, hostClasses);
      cls = first(batchClasses, n);
      cls.copyFrom(hostClasses, 0);
    } else {
      targets.gatherValues(order, start, n, hostValues);
      vals = first(batchValues, n);
      vals.copyFrom(hostValues, 0);
    }
    FloatMatrix out = forward(train, in, n);
    FloatMatrix g = first(train.g[layers], n);
    double loss = loss(out, g, cls, vals, 1f / n).lossSum();
    backwardAndUpdate(in, n);
    return loss;
  }

  /** The first {@code n} rows of {@code m}: m itself when that is all of it. */
  private static FloatMatrix first(FloatMatrix m, int n) {
    return n == m.rows() ? m : m.rowsView(0, n);
  }

  private static IntVector first(IntVector v, int n) {
    return n == v.length() ? v : v.view(0, n);
  }

  /**
   * Back-propagates the loss gradient in {@code train.g[layers]} and updates the parameters. Plain
   * SGD folds the weight update into the gradient GEMM ({@code W = (1 - lr l2) W - lr a^T g}), so
   * the weight gradient is never materialised; each layer's input gradient is taken from the old
   * weights before they change. Adam keeps the gradients for its moment estimates.
   */
  private void backwardAndUpdate(FloatMatrix in, int n) {
    step++;
    float lr = cfg.learningRate();
    boolean sgd = cfg.optimizer() == Optimizer.SGD;
    for (int l = layers - 1; l >= 0; l--) {
      FloatMatrix g = first(train.g[l + 1], n);
      FloatMatrix a = l == 0 ? in : first(train.a[l], n);
      if (l > 0) {
        FloatMatrix gPrev = first(train.g[l], n);
        k.gemm(false, true, 1f, g, w[l], 0f, gPrev, cfg.precision());
        k.activationBackward(a, gPrev, cfg.activation());
      }
      k.columnSums(g, db[l]);
      if (sgd) {
        k.gemm(true, false, -lr, a, g, 1f - lr * cfg.l2(), w[l], cfg.precision());
        k.axpy(-lr, db[l], b[l]);
      } else {
        k.gemm(true, false, 1f, a, g, 0f, dw[l], cfg.precision());
        if (cfg.l2() > 0) {
          k.axpy(cfg.l2(), w[l], dw[l]);
        }
        k.adamStep(
            w[l],
            dw[l],
            mw[l],
            vw[l],
            lr,
            NetworkConfig.BETA1,
            NetworkConfig.BETA2,
            NetworkConfig.EPS,
            step);
        k.adamStep(
            b[l],
            db[l],
            mb[l],
            vb[l],
            lr,
            NetworkConfig.BETA1,
            NetworkConfig.BETA2,
            NetworkConfig.EPS,
            step);
      }
      if (cfg.l1() > 0) {
        k.softThreshold(w[l], lr * cfg.l1());
      }
    }
  }

  /** Loss and accuracy over all rows of {@code x}, in chunks. */
  public Evaluation evaluate(FloatMatrix x, Targets targets) {
    int total = x.rows();
    double lossSum = 0;
    long correct = 0;
    Buffers buf = evalBuffers(total);
    for (int from = 0; from < total; from += EVAL_CHUNK) {
      int n = Math.min(EVAL_CHUNK, total - from);
      FloatMatrix out = forward(buf, x.rowsView(from, n), n);
      LossResult r =
          loss(
              out,
              buf.g[layers].rowsView(0, n),
              targets.deviceClasses == null ? null : targets.deviceClasses.view(from, n),
              targets.deviceValues == null ? null : targets.deviceValues.rowsView(from, n),
              0f);
      lossSum += r.lossSum();
      correct += r.correct();
    }
    double acc = cfg.head() == Head.SQUARED ? Double.NaN : (double) correct / total;
    return new Evaluation(lossSum / total, acc);
  }

  /** Receives each chunk's output rows. */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(int from, int n, FloatMatrix out);
  }

  /** Runs the forward pass over {@code x} in chunks and hands each chunk's outputs over. */
  public void forEachChunk(FloatMatrix x, ChunkConsumer consumer) {
    int total = x.rows();
    Buffers buf = evalBuffers(total);
    for (int from = 0; from < total; from += EVAL_CHUNK) {
      int n = Math.min(EVAL_CHUNK, total - from);
      consumer.accept(from, n, forward(buf, x.rowsView(from, n), n));
    }
  }

  private Buffers evalBuffers(int total) {
    if (eval == null) {
      eval = new Buffers(Math.max(1, Math.min(EVAL_CHUNK, total)), false);
    } else if (eval.a[layers].rows() < Math.min(EVAL_CHUNK, total)) {
      eval.close();
      eval = new Buffers(Math.min(EVAL_CHUNK, total), false);
    }
    return eval;
  }

  @Override
  public void close() {
    closeAll(w);
    closeAll(b);
    closeAll(dw);
    closeAll(db);
    closeAll(mw);
    closeAll(vw);
    closeAll(mb);
    closeAll(vb);
    if (train != null) {
      train.close();
    }
    if (eval != null) {
      eval.close();
    }
    if (batchIndex != null) {
      batchIndex.close();
    }
    if (batchClasses != null) {
      batchClasses.close();
    }
    if (batchValues != null) {
      batchValues.close();
    }
  }

  private static void closeAll(FloatMatrix[] ms) {
    if (ms != null) {
      for (FloatMatrix m : ms) {
        if (m != null) {
          m.close();
        }
      }
    }
  }
}
