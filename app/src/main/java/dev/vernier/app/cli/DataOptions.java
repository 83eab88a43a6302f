package dev.vernier.app.cli;

import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import dev.vernier.core.data.DatasetReaders;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Reads data files named on the command line. */
final class DataOptions {
  private DataOptions() {}

  /** Reads the data; "-" for the features or labels reads standard input. */
  static Dataset read(CommandSpec spec, String option, Path features, Path labels, String format)
      throws IOException {
    return read(
        option,
        FileArguments.readable(spec, option, features),
        FileArguments.readable(spec, option + "-labels", labels),
        format);
  }

  static Dataset read(String option, Path features, Path labels, String format) {
    DatasetReaders.requireFile(option, features);
    if (labels != null) {
      DatasetReaders.requireFile(option + "-labels", labels);
    }
    DatasetFormat f = "auto".equals(format) ? null : DatasetFormat.parse("--format", format);
    return DatasetReaders.read(features, labels, f);
  }
}
