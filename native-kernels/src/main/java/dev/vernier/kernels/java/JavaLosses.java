package dev.vernier.kernels.java;

import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.LossResult;
import dev.vernier.kernels.Shapes;

/** The oracle's loss kernels, in double precision. */
final class JavaLosses {
  private JavaLosses() {}

  static LossResult softmaxCrossEntropy(
      FloatMatrix logits, IntVector labels, FloatMatrix grad, float scale) {
    Shapes.same("softmaxCrossEntropy", logits, grad);
    Shapes.require(labels.length() == logits.rows(), "softmaxCrossEntropy labels", logits, labels);
    JavaFloatMatrix Z = JavaKernels.m(logits);
    JavaFloatMatrix G = JavaKernels.m(grad);
    JavaIntVector L = JavaKernels.v(labels);
    int k = logits.cols();
    double loss = 0;
    long correct = 0;
    double[] e = new double[k];
    for (int i = 0; i < logits.rows(); i++) {
      int zo = Z.offset + i * k;
      int go = G.offset + i * k;
      int y = L.data[L.offset + i];
      if (y < 0 || y >= k) {
        throw new IndexOutOfBoundsException(
            "softmaxCrossEntropy: label " + y + " of " + k + " classes");
      }
      int am = JavaKernels.argmax(Z.data, zo, k);
      float max = Z.data[zo + am];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        e[j] = Math.exp((double) Z.data[zo + j] - max);
        sum += e[j];
      }
      loss += Math.log(sum) - ((double) Z.data[zo + y] - max);
      if (am == y) {
        correct++;
      }
      for (int j = 0; j < k; j++) {
        double p = e[j] / sum;
        G.data[go + j] = (float) ((p - (j == y ? 1 : 0)) * scale);
      }
    }
    return new LossResult(loss, correct);
  }

  static LossResult logisticLoss(
      FloatMatrix logits, FloatMatrix targets, FloatMatrix grad, float scale) {
    Shapes.require(logits.cols() == 1, "logisticLoss", logits);
    Shapes.same("logisticLoss targets", logits, targets);
    Shapes.same("logisticLoss grad", logits, grad);
    JavaFloatMatrix Z = JavaKernels.m(logits);
    JavaFloatMatrix Y = JavaKernels.m(targets);
    JavaFloatMatrix G = JavaKernels.m(grad);
    double loss = 0;
    long correct = 0;
    for (int i = 0; i < logits.rows(); i++) {
      double z = Z.data[Z.offset + i];
      double y = Y.data[Y.offset + i];
      // log(1 + exp(-|z|)) + max(z, 0) - y z : the stable form of binary cross-entropy
      loss += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y * z;
      double p = 1 / (1 + Math.exp(-z));
      if ((z > 0) == (y > 0.5)) {
        correct++;
      }
      G.data[G.offset + i] = (float) ((p - y) * scale);
    }
    return new LossResult(loss, correct);
  }

  static LossResult squaredError(
      FloatMatrix pred, FloatMatrix targets, FloatMatrix grad, float scale) {
    Shapes.same("squaredError targets", pred, targets);
    Shapes.same("squaredError grad", pred, grad);
    JavaFloatMatrix P = JavaKernels.m(pred);
    JavaFloatMatrix Y = JavaKernels.m(targets);
    JavaFloatMatrix G = JavaKernels.m(grad);
    int len = pred.rows() * pred.cols();
    double loss = 0;
    for (int i = 0; i < len; i++) {
      double r = (double) P.data[P.offset + i] - Y.data[Y.offset + i];
      loss += r * r;
      G.data[G.offset + i] = (float) (r * scale);
    }
    return new LossResult(loss, 0);
  }
}
