package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.data.DatasetFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * File arguments: "-" as standard input (copied, within a limit, where a reader needs a file), and
 * the checks that a file or folder to write can be written, made before any work.
 */
final class FileArguments {
  private FileArguments() {}

  /** The text of {@code arg}, or of standard input for "-"; a missing file is bad input. */
  static String readText(CommandSpec spec, String field, String arg) throws IOException {
    if (arg.equals("-")) {
      return new String(stdin(spec, field).readAllBytes(), StandardCharsets.UTF_8);
    }
    Path p = Path.of(arg);
    if (Files.isDirectory(p)) {
      throw new InvalidInputException(field, "must be a file; it is a directory", arg);
    }
    if (!Files.isRegularFile(p)) {
      throw new InvalidInputException(field, "no such file", arg);
    }
    return Files.readString(p);
  }

  /**
   * The most bytes a "-" argument copies from standard input into a temporary file: 4 GiB, or less
   * when the temporary folder has less free space.
   */
  static final long MAX_STDIN_BYTES = 4L << 30;

  /**
   * A path to read {@code arg} from: the file itself, or for "-" a temporary copy of standard input
   * (readers that need a file, such as the model format), at most {@link #MAX_STDIN_BYTES}; the
   * copy is deleted by {@link #discard}, or when the JVM exits.
   *
   * @throws InvalidInputException naming {@code field} when standard input holds more
   */
  static Path readable(CommandSpec spec, String field, String arg) throws IOException {
    if (!arg.equals("-")) {
      return Path.of(arg);
    }
    return copyOfStdin(
        stdin(spec, field), field, Path.of(System.getProperty("java.io.tmpdir")), MAX_STDIN_BYTES);
  }

  /** As {@link #readable(CommandSpec, String, String)} for an optional path option. */
  static Path readable(CommandSpec spec, String field, Path arg) throws IOException {
    return arg == null ? null : readable(spec, field, arg.toString());
  }

  /**
   * Copies {@code in} to {@code tmpRoot/vernier-.../stdin}, refusing more than {@code limit} bytes
   * (or than {@code tmpRoot}'s free space); nothing is left behind when it fails.
   */
  static Path copyOfStdin(InputStream in, String field, Path tmpRoot, long limit)
      throws IOException {
    // named "stdin", so that an error's file:line:column says where the data came from
    Path dir = Files.createTempDirectory(tmpRoot, "vernier-");
    dir.toFile().deleteOnExit();
    Path tmp = dir.resolve("stdin");
    tmp.toFile().deleteOnExit();
    long free = Files.getFileStore(dir).getUsableSpace();
    // a file system that reports no free space may simply not know it
    long max = free > 0 ? Math.min(limit, free) : limit;
    boolean done = false;
    try (OutputStream out = Files.newOutputStream(tmp)) {
      // standard input stays open: it is not ours to close
      byte[] buf = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
        if (total > max) {
          throw new InvalidInputException(
              field,
              "standard input may hold at most "
                  + max
                  + " bytes ("
                  + (max == limit
                      ? "the limit for a copy of standard input"
                      : "the free space of " + tmpRoot)
                  + "); pass a file instead",
              null);
        }
        out.write(buf, 0, n);
      }
      done = true;
    } finally {
      if (!done) {
        deleteCopy(tmp);
      }
    }
    return tmp;
  }

  /**
   * Deletes the temporary copy {@link #readable} made for {@code arg} "-" once it has been read;
   * does nothing for another argument.
   */
  static void discard(String arg, Path readable) {
    if ("-".equals(arg) && readable != null) {
      deleteCopy(readable);
    }
  }

  /** As {@link #discard(String, Path)} for an optional path option. */
  static void discard(Path arg, Path readable) {
    discard(arg == null ? null : arg.toString(), readable);
  }

  private static void deleteCopy(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(tmp.getParent());
    } catch (IOException e) {
      // deleteOnExit is still registered
    }
  }

  /**
   * Checks, before any work, that a directory can be written at {@code dir}: it is not "-", not an
   * existing file, and it exists or its nearest existing parent is a writable directory.
   */
  static void requireWritableDirectory(String field, Path dir) {
    if (dir.toString().equals("-")) {
      throw new InvalidInputException(
          field, "a model is a folder; - (standard output) is not one", "-");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new InvalidInputException(
          field, "must be a directory; a file of that name exists", dir.toString());
    }
    requireCreatable(field, dir);
  }

  /**
   * Checks, before any work, that a file can be written at {@code file} ("-" is standard output):
   * it is not a directory, and its folder exists or can be created.
   */
  static void requireWritableFile(String field, Path file) {
    if (file.toString().equals("-")) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(
          field, "must be a file to write; it is a directory", file.toString());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      requireCreatable(field, parent);
    }
  }

  /** Fails unless {@code dir} is a writable directory or its nearest existing parent is one. */
  private static void requireCreatable(String field, Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return;
    }
    if (!Files.isDirectory(p)) {
      throw new InvalidInputException(
          field, "cannot be created: " + p + " is a file, not a directory", dir.toString());
    }
    if (!Files.isWritable(p)) {
      throw new InvalidInputException(
          field, "cannot be written: " + p + " is not writable", dir.toString());
    }
  }

  /** Data read from the command line, and the format it was read in. */
  record Data(Dataset dataset, DatasetFormat format) {}

  /**
   * Reads data as {@link DataOptions#read(CommandSpec, String, Path, Path, String)} does, deleting
   * the temporary copy of standard input ("-") once it is read.
   */
  static Data readData(CommandSpec spec, String option, Path features, Path labels, String format)
      throws IOException {
    Path f = readable(spec, option, features);
    try {
      Path l = readable(spec, option + "-labels", labels);
      Dataset d;
      try {
        d = DataOptions.read(option, f, l, format);
      } finally {
        discard(labels, l);
      }
      return new Data(
          d,
          "auto".equals(format)
              ? DatasetFormat.detect(f)
              : DatasetFormat.parse("--format", format));
    } finally {
      discard(features, f);
    }
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
