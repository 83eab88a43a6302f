/**
 * SageMaker compatibility: translates a {@code CreateHyperParameterTuningJob} request into a
 * Vernier job document (validated afterwards like any job) and says what each documented built-in
 * hyperparameter does here. Pure functions of their input.
 */
package dev.vernier.tuner.sagemaker;
