package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads datasets from files, recognising the format unless one is given.
 *
 * <p>Labels: IDX features take them from a separate IDX file; CSV and libsvm carry them in each
 * row, so a labels file with those formats is an error. Gzip-compressed files of any format are
 * read transparently, every member of a file of concatenated members; bytes after the last member
 * that are not another member are an error naming the file and the byte offset.
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
   * without following a link anywhere on it, walked from the filesystem's root. Prefer {@link
   * #readConfined(Path, Path, DatasetFormat, List, UnaryOperator)}, which walks from the data root
   * and so needs no read permission on the folders above it.
   */
  public static Dataset readConfined(
      Path features, Path labels, DatasetFormat format, UnaryOperator<Path> check) {
    return readConfined(features, labels, format, List.of(), check);
  }

  /**
   * Reads as {@link #read(Path, Path, DatasetFormat)} does, for a reader that confines data to
   * {@code roots}: every file (the features, the labels, each file of a folder) goes through {@code
   * check} just before it is read, which returns the file's real path or throws, and that path is
   * opened without following a link anywhere on it.
   *
   * <p>How: on platforms with {@code openat} (Linux, macOS) the file is opened one path component
   * at a time from the root it lies under (real paths; from the filesystem's root when under none),
   * each folder relative to the one before with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}),
   * then the file relative to its folder with {@code O_NOFOLLOW}. So a file, or any folder between
   * the root and it, swapped for a link after the check (at submission, of the folder, or just now)
   * is refused when it is opened, without showing where the link points. Every folder on the way
   * must be readable (listable) by this process. Where the platform has no {@code openat}, only the
   * file's own name is opened without following a link.
   *
   * @param roots real paths of the folders the check confines to: the walk starts at the deepest
   *     one that holds the file; the folders above a root are trusted as the administrator's
   */
  public static Dataset readConfined(
      Path features,
      Path labels,
      DatasetFormat format,
      List<Path> roots,
      UnaryOperator<Path> check) {
    List<Path> outer = CONFINED.get();
    CONFINED.set(List.copyOf(roots));
    try {
      if (Files.isDirectory(features)) {
        return FolderReader.read(check.apply(features), labels, format, check);
      }
      return read(check.apply(features), labels == null ? null : check.apply(labels), format);
    } finally {
      CONFINED.set(outer);
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

  /**
   * A data file opened for reading: its bytes (decompressed, every member, when the file is gzip),
   * whether it is gzip and its size, all taken from the opened file, never from a second open of
   * its path. The caller closes it.
   */
  static final class Opened extends FilterInputStream {
    private final boolean gzip;
    private final long size;

    private Opened(InputStream in, boolean gzip, long size) {
      super(in);
      this.gzip = gzip;
      this.size = size;
    }

    /** Whether the file is gzip-compressed (starts with gzip's magic bytes). */
    boolean gzip() {
      return gzip;
    }

    /** The file's size in bytes as stored (compressed when gzip). */
    long size() {
      return size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len); // FilterInputStream's would go byte by byte through read()
    }
  }

  /**
   * Opens a file for reading, decompressing gzip when the file starts with its magic; within {@link
   * #readConfined}, without following a link on its path.
   */
  static Opened open(Path file) throws IOException {
    List<Path> roots = CONFINED.get();
    SeekableByteChannel ch;
    try {
      ch =
          roots == null
              ? Files.newByteChannel(file, StandardOpenOption.READ)
              : ConfinedOpen.open(file, roots);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", "no such file", file.toString());
    }
    try {
      long size = ch.size();
      BufferedInputStream raw = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
      // gzip or not from the opened file's own first bytes, not from a second open of its path
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      return new Opened(gzip ? DatasetFormat.gunzip(file, raw) : raw, gzip, size);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * The folders confined reads on this thread start from ({@link #readConfined}); null when this
   * thread is not reading confined, and opens follow links as usual.
   */
  private static final ThreadLocal<List<Path>> CONFINED = new ThreadLocal<>();
}
