/**
 * The {@code linear-learner} algorithm (SageMaker's): logistic, softmax or least-squares models
 * trained by mini-batch SGD or Adam, as a network with no hidden layer ({@code worker.nn}).
 */
package dev.vernier.worker.linear;
