package dev.vernier.worker.algorithm;

/** What a reporter answers after an epoch: go on training, or stop now and keep this model. */
public enum Directive {
  CONTINUE,
  STOP
}
