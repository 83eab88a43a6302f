package dev.vernier.worker.nn;

/** How gradients update the parameters. */
public enum Optimizer {
  /** Plain mini-batch SGD, no momentum. */
  SGD,
  /** Adam with bias correction. */
  ADAM
}
