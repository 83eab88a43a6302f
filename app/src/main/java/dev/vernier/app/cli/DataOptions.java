package dev.vernier.app.cli;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.core.data.DatasetReaders;
import java.nio.file.Path;

/** Reads data files named on the command line. */
final class DataOptions {
  private DataOptions() {}

  static Dataset read(String option, Path features, Path labels, String format) {
    DatasetReaders.requireFile(option, features);
    if (labels != null) {
      DatasetReaders.requireFile(option + "-labels", labels);
    }
    DatasetFormat f = "auto".equals(format) ? null : DatasetFormat.parse("--format", format);
    return DatasetReaders.read(features, labels, f);
  }
}
