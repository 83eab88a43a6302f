package dev.vernier.tuner.job;

import java.nio.file.Path;

/**
 * One input channel of a job ({@code train}, {@code validation}): a data file or a folder of them
 * (read as one dataset, see {@link dev.vernier.core.data.DatasetReaders}), the labels file for IDX
 * data, and the format ({@code auto} to recognise it). Paths are absolute and normalised, checked
 * to lie under a configured data root.
 */
public record Channel(Path path, Path labels, String format) {}
