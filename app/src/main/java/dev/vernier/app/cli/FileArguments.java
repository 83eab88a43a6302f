package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** File arguments where "-" means standard input. */
final class FileArguments {
  private FileArguments() {}

  /** The text of {@code arg}, or of standard input for "-"; a missing file is bad input. */
  static String readText(CommandSpec spec, String field, String arg) throws IOException {
    if (arg.equals("-")) {
      return new String(VernierCommand.stdin(spec).readAllBytes(), StandardCharsets.UTF_8);
    }
    Path p = Path.of(arg);
    if (!Files.isRegularFile(p)) {
      throw new InvalidInputException(field, "no such file", arg);
    }
    return Files.readString(p);
  }

  /**
   * A path to read {@code arg} from: the file itself, or for "-" a temporary copy of standard
   * input, deleted when the JVM exits (readers that need a file, such as the model format).
   */
  static Path readable(CommandSpec spec, String arg) throws IOException {
    if (!arg.equals("-")) {
      return Path.of(arg);
    }
    Path tmp = Files.createTempFile("vernier-stdin-", ".tmp");
    tmp.toFile().deleteOnExit();
    // standard input stays open: it is not ours to close
    InputStream in = VernierCommand.stdin(spec);
    Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return tmp;
  }
}
