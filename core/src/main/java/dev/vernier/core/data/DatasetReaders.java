package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Reads datasets from files, recognising the format unless one is given.
 *
 * <p>Labels: IDX features take them from a separate IDX file; CSV and libsvm carry them in each
 * row, so a labels file with those formats is an error. Gzip-compressed files of any format are
 * read transparently.
 *
 * <p>Folders: {@code features} may name a folder, read as SageMaker's File mode does: its regular
 * files (not sub-folders; hidden files, whose names start with '.', skipped) in name order, each
 * file's format recognised on its own (or the given one), one format for the whole folder (mixed
 * formats are an error naming two files), rows concatenated. CSV files must agree on their column
 * count; libsvm files may differ (absent features are 0). IDX folders follow MNIST's layout: files
 * with one dimension are labels, the rest are features, and the i-th labels file in name order
 * belongs to the i-th features file ({@code train-images-idx3-ubyte.gz} with {@code
 * train-labels-idx1-ubyte.gz}); a separate labels path is not taken with a folder.
 */
public final class DatasetReaders {
  private DatasetReaders() {}

  /** Reads {@code features} (and {@code labels} for IDX, may be null) in the detected format. */
  public static Dataset read(Path features, Path labels) {
    return read(features, labels, null);
  }

  /** Reads with an explicit format, or the detected one when {@code format} is null. */
  public static Dataset read(Path features, Path labels, DatasetFormat format) {
    return read(features, labels, format, UnaryOperator.identity());
  }

  /**
   * Reads as {@link #read(Path, Path, DatasetFormat)} does, for a reader that confines data to
   * roots: every file (the features, the labels, each file of a folder) goes through {@code check}
   * just before it is read, which returns the file's real path or throws, and that path is opened
   * without following a link. A file swapped for a link after an earlier check (at submission, or
   * of the folder) is caught when it is opened.
   */
  public static Dataset readConfined(
      Path features, Path labels, DatasetFormat format, UnaryOperator<Path> check) {
    boolean outer = NO_FOLLOW.get();
    NO_FOLLOW.set(true);
    try {
      if (Files.isDirectory(features)) {
        return FolderReader.read(check.apply(features), labels, format, check);
      }
      return read(check.apply(features), labels == null ? null : check.apply(labels), format);
    } finally {
      NO_FOLLOW.set(outer);
    }
  }

  /** A folder's files each opened at the path {@code eachFile} gives for it. */
  private static Dataset read(
      Path features, Path labels, DatasetFormat format, UnaryOperator<Path> eachFile) {
    if (Files.isDirectory(features)) {
      return FolderReader.read(features, labels, format, eachFile);
    }
    requireFile("file", features);
    DatasetFormat f = format == null ? DatasetFormat.detect(features) : format;
    try {
      switch (f) {
        case IDX:
          return IdxReader.read(features, labels);
        case CSV:
          rejectLabels(labels, f);
          return CsvReader.read(features);
        case LIBSVM:
          rejectLabels(labels, f);
          return LibsvmReader.read(features, 0);
        default:
          throw new AssertionError(f);
      }
    } catch (IOException e) {
      throw new DataFormatException(features, 0, 0, "cannot be read: " + e, null);
    }
  }

  /**
   * The files of a folder that {@link #read} takes: regular files (links followed), not hidden, in
   * name order. Callers that check where data may come from check each of these.
   */
  public static java.util.List<Path> folderFiles(Path folder) {
    return FolderReader.files(folder);
  }

  /**
   * Checks a folder before it is read, cheaply (each file's first bytes): that it has data files,
   * one format (the given one when not null) and no separate labels file.
   *
   * @return the folder's format
   */
  public static DatasetFormat checkFolder(Path folder, Path labels, DatasetFormat format) {
    return FolderReader.check(folder, FolderReader.files(folder), labels, format);
  }

  private static void rejectLabels(Path labels, DatasetFormat f) {
    if (labels != null) {
      throw new InvalidInputException(
          "labels",
          f.name().toLowerCase(java.util.Locale.ROOT)
              + " files carry the label in the first column of each row; a separate labels file"
              + " is only for IDX",
          labels.toString());
    }
  }

  /**
   * Fails unless {@code file} is an existing regular file.
   *
   * @param field what to call the file in the error, e.g. {@code --train}
   */
  public static void requireFile(String field, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          field, Files.exists(file) ? "must be a regular file" : "no such file", file.toString());
    }
  }

  /** Opens a file for reading, decompressing gzip when the file starts with its magic. */
  static InputStream open(Path file) throws IOException {
    try {
      BufferedInputStream raw =
          new BufferedInputStream(
              NO_FOLLOW.get()
                  ? Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)
                  : Files.newInputStream(file),
              1 << 16);
      // gzip or not from the opened file's own first bytes, not from a second open of its path
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      return gzip ? DatasetFormat.gunzip(raw) : raw;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", "no such file", file.toString());
    } catch (IOException e) { // ELOOP comes as a plain IOException
      if (NO_FOLLOW.get() && Files.isSymbolicLink(file)) {
        // swapped for a link since it was checked: where the link points is not shown
        throw new InvalidInputException(
            file.getFileName().toString(), "became a link after it was checked; not read", null);
      }
      throw e;
    }
  }

  /** Whether this thread is reading for {@link #readConfined}: opens do not follow links. */
  private static final ThreadLocal<Boolean> NO_FOLLOW = ThreadLocal.withInitial(() -> false);
}
