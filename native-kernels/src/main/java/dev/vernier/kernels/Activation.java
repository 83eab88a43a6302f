package dev.vernier.kernels;

/** Element-wise activations, applied after adding a bias. */
public enum Activation {
  IDENTITY,
  RELU,
  TANH
}
