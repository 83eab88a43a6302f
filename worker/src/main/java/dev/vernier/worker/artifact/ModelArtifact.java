package dev.vernier.worker.artifact;

import java.util.List;
import java.util.Map;

/**
 * A stored model: provenance, settings, final metrics and parameters. {@link ArtifactFormat} reads
 * and writes it.
 *
 * @param settings algorithm-specific values needed to rebuild the model (task, activation...)
 * @param metrics the final epoch's metrics
 * @param epochs how many epochs ran
 * @param outputColumns the names of the prediction columns
 */
public record ModelArtifact(
    int formatVersion,
    Provenance provenance,
    int features,
    Map<String, String> settings,
    Map<String, Double> metrics,
    int epochs,
    boolean stoppedEarly,
    List<String> outputColumns,
    Tensors tensors) {}
