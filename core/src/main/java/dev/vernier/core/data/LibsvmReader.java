package dev.vernier.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libsvm / svmlight text: {@code label index:value index:value ...}, indices 1-based and strictly
 * ascending, absent features 0, {@code #} starts a comment. The feature count is the largest index
 * seen unless a larger one is given (so a validation file can match its training file).
 *
 * <p>The rows are densified, so the rows times the largest index must stay within {@link
 * Dataset#maxValues()}, and at least one row must have a feature. A UTF-8 byte-order mark at the
 * start is skipped; a line may hold at most {@link CsvReader#MAX_LINE_CHARS} characters.
 */
final class LibsvmReader {
  private LibsvmReader() {}

  static Dataset read(Path file, int minFeatures) throws IOException {
    return read(file, minFeatures, CsvReader.MAX_LINE_CHARS, Dataset.maxValues());
  }

  /** {@link #read(Path, int)} with the limits given (for tests). */
  static Dataset read(Path file, int minFeatures, int maxLineChars, long maxValues)
      throws IOException {
    FloatList labels = new FloatList();
    List<int[]> indices = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    int maxIndex = minFeatures;
    long maxIndexLine = 0;
    long lineNo = 0;
    try (CsvReader.LineReader r = new CsvReader.LineReader(file, maxLineChars)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo = r.lineNo();
        int hash = line.indexOf('#');
        if (hash >= 0) {
          line = line.substring(0, hash);
        }
        String t = line.trim();
        if (t.isEmpty()) {
          continue;
        }
        String[] tok = t.split("\\s+");
        labels.add(number(file, lineNo, 1, tok[0], "the label must be a number"));
        int[] idx = new int[tok.length - 1];
        float[] val = new float[tok.length - 1];
        int prev = 0;
        for (int i = 1; i < tok.length; i++) {
          int colon = tok[i].indexOf(':');
          if (colon <= 0) {
            throw new DataFormatException(
                file, lineNo, i + 1, "features must be written index:value", tok[i]);
          }
          int index;
          try {
            index = Integer.parseInt(tok[i].substring(0, colon));
          } catch (NumberFormatException e) {
            throw new DataFormatException(
                file, lineNo, i + 1, "a feature index must be an integer", tok[i]);
          }
          if (index < 1) {
            throw new DataFormatException(
                file, lineNo, i + 1, "feature indices are 1-based and must be >= 1", index);
          }
          if (index <= prev) {
            throw new DataFormatException(
                file, lineNo, i + 1, "feature indices must be strictly ascending", index);
          }
          prev = index;
          idx[i - 1] = index - 1;
          val[i - 1] =
              number(file, lineNo, i + 1, tok[i].substring(colon + 1), "a value must be a number");
          if (index > maxIndex) {
            maxIndex = index;
            maxIndexLine = lineNo;
          }
        }
        indices.add(idx);
        values.add(val);
      }
    }
    if (indices.isEmpty()) {
      throw new DataFormatException(file, 0, 0, "holds no rows", null);
    }
    int rows = indices.size();
    int cols = maxIndex;
    if (cols == 0) {
      throw new DataFormatException(
          file,
          0,
          0,
          "has no features: every row holds only a label (rows are written label index:value"
              + " index:value ...)",
          rows + " rows");
    }
    // checked before allocating: one large index makes every row that wide
    if ((long) rows * cols > Math.min(maxValues, Integer.MAX_VALUE - 8)) {
      throw new DataFormatException(
          file,
          maxIndexLine,
          0,
          "is too large to densify: the largest feature index is "
              + cols
              + (maxIndexLine > 0 ? " (on this line)" : "")
              + " and there are "
              + rows
              + " rows; "
              + Dataset.tooLarge(rows, cols, Math.min(maxValues, Integer.MAX_VALUE - 8))
              + "; if the indices are ids or hashes, renumber the features densely from 1, or"
              + " train on fewer rows",
          cols);
    }
    float[] dense = new float[rows * cols];
    for (int row = 0; row < rows; row++) {
      int[] idx = indices.get(row);
      float[] val = values.get(row);
      for (int j = 0; j < idx.length; j++) {
        dense[row * cols + idx[j]] = val[j];
      }
    }
    return new Dataset(file.toString(), rows, cols, dense, labels.toArray());
  }

  private static float number(Path file, long line, int col, String s, String rule) {
    try {
      float v = Float.parseFloat(s);
      if (Float.isFinite(v) && CsvReader.plainDecimal(s)) { // not 5d, 5f or 0x1p3
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new DataFormatException(file, line, col, rule, s);
  }
}
