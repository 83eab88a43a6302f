package dev.vernier.core.data;

import dev.vernier.core.InvalidInputException;
import java.nio.file.Path;

/**
 * A data file that does not follow its format. The field is {@code file:line:column} (line and
 * column 1-based; 0 when they do not apply, e.g. a binary header), so an editor can jump to it.
 */
public final class DataFormatException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final int column;

  public DataFormatException(Path file, long line, int column, String rule, Object value) {
    super(location(file, line, column), rule, value);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  private static String location(Path file, long line, int column) {
    StringBuilder sb = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.toString();
  }

  public Path file() {
    return file;
  }

  public long line() {
    return line;
  }

  public int column() {
    return column;
  }
}
