/**
 * Model files: {@link dev.vernier.worker.artifact.ModelArtifact} (provenance, settings, metrics,
 * parameters) in the versioned binary {@link dev.vernier.worker.artifact.ArtifactFormat} ({@code
 * model.vernier}). {@link dev.vernier.worker.artifact.Provenance} records enough to retrain a model
 * and tell two apart. Plain Java, immutable values.
 */
package dev.vernier.worker.artifact;
