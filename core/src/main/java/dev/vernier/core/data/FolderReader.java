package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads a folder as one dataset, as {@link DatasetReaders} documents: regular files in name order,
 * hidden ones skipped, one format, rows concatenated.
 */
final class FolderReader {
  private FolderReader() {}

  /** The files a folder contributes: regular, not hidden, in name order. */
  static List<Path> files(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(Files::isRegularFile)
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new DataFormatException(folder, 0, 0, "cannot be listed: " + e, null);
    }
  }

  static Dataset read(Path folder, Path labels, DatasetFormat format) {
    return read(folder, labels, format, UnaryOperator.identity());
  }

  /** Reads {@code folder}, each of its files opened at the path {@code eachFile} gives for it. */
  static Dataset read(
      Path folder, Path labels, DatasetFormat format, UnaryOperator<Path> eachFile) {
    List<Path> files = files(folder).stream().map(eachFile).toList();
    DatasetFormat f = check(folder, files, labels, format);
    return f == DatasetFormat.IDX ? idx(folder, files) : rows(folder, files, f);
  }

  /**
   * The folder's one format (the given one, or each file's recognised one, which must agree); fails
   * for a folder without data files or with a separate labels file.
   */
  static DatasetFormat check(Path folder, List<Path> files, Path labels, DatasetFormat format) {
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "file", "is a folder with no data files (hidden files are skipped)", folder.toString());
    }
    if (labels != null) {
      throw new InvalidInputException(
          "labels",
          "is not taken with a folder: CSV and libsvm rows carry their labels, and a folder's IDX"
              + " labels files lie beside the features",
          labels.toString());
    }
    if (format != null) {
      return format;
    }
    DatasetFormat f = null;
    Path first = null;
    for (Path file : files) {
      DatasetFormat g = DatasetFormat.detect(file);
      if (f == null) {
        f = g;
        first = file;
      } else if (g != f) {
        throw new InvalidInputException(
            "file",
            "a folder holds one format; "
                + first.getFileName()
                + " is "
                + name(f)
                + " and "
                + file.getFileName()
                + " is "
                + name(g),
            folder.toString());
      }
    }
    return f;
  }

  private static String name(DatasetFormat f) {
    return f.name().toLowerCase(Locale.ROOT);
  }

  private static Dataset rows(Path folder, List<Path> files, DatasetFormat f) {
    List<Dataset> parts = new ArrayList<>();
    for (Path file : files) {
      parts.add(DatasetReaders.read(file, null, f));
    }
    if (f == DatasetFormat.CSV) {
      for (Dataset d : parts) {
        if (d.cols() != parts.get(0).cols()) {
          throw new InvalidInputException(
              "file",
              "the CSV files of a folder must have the same columns; "
                  + Path.of(parts.get(0).name()).getFileName()
                  + " has "
                  + (parts.get(0).cols() + 1)
                  + " and "
                  + Path.of(d.name()).getFileName()
                  + " has "
                  + (d.cols() + 1),
              folder.toString());
        }
      }
    }
    return concat(folder, parts);
  }

  private static Dataset idx(Path folder, List<Path> files) {
    List<Path> features = new ArrayList<>();
    List<Path> labels = new ArrayList<>();
    for (Path file : files) {
      try {
        (IdxReader.dimensions(file) == 1 ? labels : features).add(file);
      } catch (IOException e) {
        throw new DataFormatException(file, 0, 0, "cannot be read: " + e, null);
      }
    }
    if (features.isEmpty()) {
      throw new InvalidInputException(
          "file",
          "an IDX folder needs a features file (more than one dimension)",
          folder.toString());
    }
    if (!labels.isEmpty() && labels.size() != features.size()) {
      throw new InvalidInputException(
          "file",
          "an IDX folder pairs features and labels files in name order; it has "
              + features.size()
              + " features files and "
              + labels.size()
              + " labels files",
          folder.toString());
    }
    List<Dataset> parts = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      parts.add(
          DatasetReaders.read(
              features.get(i), labels.isEmpty() ? null : labels.get(i), DatasetFormat.IDX));
    }
    for (Dataset d : parts) {
      if (d.cols() != parts.get(0).cols()) {
        throw new InvalidInputException(
            "file",
            "the IDX features files of a folder must have the same shape; "
                + Path.of(parts.get(0).name()).getFileName()
                + " has "
                + parts.get(0).cols()
                + " values a row and "
                + Path.of(d.name()).getFileName()
                + " has "
                + d.cols(),
            folder.toString());
      }
    }
    return concat(folder, parts);
  }

  /** The rows of every part in order; narrower rows are padded with 0 (libsvm). */
  private static Dataset concat(Path folder, List<Dataset> parts) {
    return concat(folder, parts, Dataset.maxValues());
  }

  /** As above, refusing a table of more than {@code maxValues} values. */
  static Dataset concat(Path folder, List<Dataset> parts, long maxValues) {
    if (parts.size() == 1) {
      Dataset d = parts.get(0);
      return new Dataset(folder.toString(), d.rows(), d.cols(), d.features(), labelsOf(d));
    }
    long rows = 0;
    int cols = 0;
    for (Dataset d : parts) {
      rows += d.rows();
      cols = Math.max(cols, d.cols());
    }
    if (rows * cols > maxValues) {
      // libsvm parts are padded to the widest: a folder may ask for more than its files hold
      throw new InvalidInputException(
          "file",
          "its files together make a table of "
              + rows
              + " rows x "
              + cols
              + " features, "
              + (rows * cols * Float.BYTES >> 20)
              + " MiB, more than the limit of "
              + maxValues
              + " values (renumber libsvm features densely from 1, or split the data)",
          folder.toString());
    }
    float[] f = new float[(int) (rows * cols)];
    float[] l = parts.get(0).hasLabels() ? new float[(int) rows] : null;
    int r = 0;
    for (Dataset d : parts) {
      for (int i = 0; i < d.rows(); i++, r++) {
        System.arraycopy(d.features(), i * d.cols(), f, r * cols, d.cols());
      }
      if (l != null) {
        System.arraycopy(d.labels(), 0, l, r - d.rows(), d.rows());
      }
    }
    return new Dataset(folder.toString(), (int) rows, cols, f, l);
  }

  private static float[] labelsOf(Dataset d) {
    return d.hasLabels() ? d.labels() : null;
  }
}
