package dev.vernier.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * CSV with the label in the first column and no header, the convention of SageMaker's built-in
 * algorithms. Blank lines are skipped; every other line must have the same number of cells, each a
 * finite number.
 */
final class CsvReader {
  private CsvReader() {}

  static Dataset read(Path file) throws IOException {
    FloatList features = new FloatList();
    FloatList labels = new FloatList();
    int width = -1;
    long lineNo = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(DatasetReaders.open(file), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int cells = 0;
        int start = 0;
        int len = line.length();
        while (true) {
          int end = line.indexOf(',', start);
          if (end < 0) {
            end = len;
          }
          cells++;
          if (width >= 0 && cells > width) {
            throw ragged(file, lineNo, line, width);
          }
          float v = parse(file, lineNo, cells, line, start, end);
          if (cells == 1) {
            labels.add(v);
          } else {
            features.add(v);
          }
          if (end == len) {
            break;
          }
          start = end + 1;
        }
        if (width < 0) {
          if (cells < 2) {
            throw new DataFormatException(
                file,
                lineNo,
                1,
                "a CSV row needs a label and at least one feature (label in the first column)",
                line);
          }
          width = cells;
        } else if (cells != width) {
          throw ragged(file, lineNo, line, width);
        }
      }
    }
    if (width < 0) {
      throw new DataFormatException(file, 0, 0, "holds no rows", null);
    }
    int rows = labels.size();
    return new Dataset(file.toString(), rows, width - 1, features.toArray(), labels.toArray());
  }

  private static DataFormatException ragged(Path file, long lineNo, String line, int width) {
    int cells = line.split(",", -1).length;
    return new DataFormatException(
        file,
        lineNo,
        Math.min(cells, width + 1),
        "every row must have " + width + " cells like the first row",
        cells + " cells");
  }

  private static float parse(Path file, long lineNo, int col, String line, int start, int end) {
    String cell = line.substring(start, end).trim();
    if (cell.isEmpty()) {
      throw new DataFormatException(
          file, lineNo, col, "cells must be numbers; missing values are not supported", "");
    }
    float v;
    try {
      v = Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new DataFormatException(
          file,
          lineNo,
          col,
          col == 1 && lineNo == 1
              ? "cells must be numbers (a CSV file has no header row)"
              : "cells must be numbers",
          cell);
    }
    if (!Float.isFinite(v)) {
      throw new DataFormatException(file, lineNo, col, "cells must be finite numbers", cell);
    }
    return v;
  }
}
