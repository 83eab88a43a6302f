package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The file formats Vernier reads, and how a file's format is recognised. */
public enum DatasetFormat {
  /** IDX (the MNIST format), optionally gzip-compressed; labels come from a second IDX file. */
  IDX,
  /** Comma-separated numbers, label in the first column, no header (SageMaker's convention). */
  CSV,
  /** {@code label index:value ...} with 1-based ascending indices; absent features are 0. */
  LIBSVM;

  /** Parses a user-given format name, case-insensitively. */
  public static DatasetFormat parse(String field, String name) {
    for (DatasetFormat f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new InvalidInputException(
        field, "must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT), name);
  }

  /**
   * Recognises a file's format: IDX by its magic number (after gunzip), otherwise libsvm when the
   * first non-empty line that is not a {@code #} comment has an {@code index:value} token,
   * otherwise CSV.
   */
  public static DatasetFormat detect(Path file) {
    byte[] head = new byte[512];
    int n;
    try (InputStream in = DatasetReaders.open(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new DataFormatException(file, 0, 0, "cannot be read: " + e.getMessage(), null);
    }
    if (n >= 4 && head[0] == 0 && head[1] == 0 && head[3] >= 1 && head[3] <= 4) {
      return IDX;
    }
    String text = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String line : text.split("\n")) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        return t.matches("^\\S+(\\s+\\d+:\\S+)+.*|^\\S+\\s*$") && t.contains(":") ? LIBSVM : CSV;
      }
    }
    return CSV;
  }

  static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * {@code file}'s decompressed bytes from {@code in} (its compressed bytes from the first): every
   * gzip member, and nothing else after them ({@link GzipMembers}).
   */
  static InputStream gunzip(Path file, InputStream in) throws IOException {
    return new GzipMembers(file, in);
  }
}
