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
      return new String(stdin(spec, field).readAllBytes(), StandardCharsets.UTF_8);
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
  static Path readable(CommandSpec spec, String field, String arg) throws IOException {
    if (!arg.equals("-")) {
      return Path.of(arg);
    }
    // named "stdin", so that an error's file:line:column says where the data came from
    Path dir = Files.createTempDirectory("vernier-");
    dir.toFile().deleteOnExit();
    Path tmp = dir.resolve("stdin");
    tmp.toFile().deleteOnExit();
    // standard input stays open: it is not ours to close
    Files.copy(stdin(spec, field), tmp);
    return tmp;
  }

  /** As {@link #readable(CommandSpec, String, String)} for an optional path option. */
  static Path readable(CommandSpec spec, String field, Path arg) throws IOException {
    return arg == null ? null : readable(spec, field, arg.toString());
  }

  /** Standard input, once per command: a second "-" would read nothing. */
  private static InputStream stdin(CommandSpec spec, String field) {
    if (!VernierCommand.claimStdin(spec)) {
      throw new InvalidInputException(
          field, "only one file argument may be - (standard input is read once)", "-");
    }
    return VernierCommand.stdin(spec);
  }
}
