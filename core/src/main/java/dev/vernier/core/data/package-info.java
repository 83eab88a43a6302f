/**
 * Datasets and their files: the {@link dev.vernier.core.data.Dataset} table (dense float32
 * features, optional labels; immutable by contract, its arrays owned by it) and the readers of IDX,
 * CSV (label first) and libsvm files or folders of them ({@link
 * dev.vernier.core.data.DatasetReaders}), whose errors name {@code file:line:column}. {@link
 * dev.vernier.core.data.DataRoots} decides which files a user may name. Plain Java, no framework.
 */
package dev.vernier.core.data;
