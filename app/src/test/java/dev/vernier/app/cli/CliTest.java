package dev.vernier.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared helpers of the CLI tests: running the command line in process ({@link #run}, {@link
 * #runIn}), generated data files ({@link #csv}), a default {@link #train} call and the exit-2 check
 * {@link #assertBadInput}. The CLI test classes of this package extend it; others call its static
 * helpers as {@code CliTest.run}.
 */
abstract class CliTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  /** Runs the CLI with {@code args}, capturing the exit code and both output streams. */
  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        VernierCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** As {@link #run}, with {@code stdin} as standard input. */
  static Result runIn(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        VernierCommand.run(
            args,
            new java.io.ByteArrayInputStream(stdin),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Two well separated classes in 4 features, label first. */
  Path csv(String name, int rows, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    String body =
        IntStream.range(0, rows)
            .mapToObj(
                i -> {
                  int y = r.nextInt(2);
                  StringBuilder sb = new StringBuilder().append(y);
                  for (int j = 0; j < 4; j++) {
                    sb.append(',')
                        .append(
                            String.format(
                                Locale.ROOT, "%.4f", (y == 0 ? -2 : 2) + r.nextGaussian()));
                  }
                  return sb.toString();
                })
            .collect(Collectors.joining("\n"));
    Path p = dir.resolve(name);
    Files.writeString(p, body + "\n");
    return p;
  }

  /** Asserts exit 2 with one "error: " message that has every fragment and no stack trace. */
  static void assertBadInput(Result r, String... fragments) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
  }

  /** Trains mlp on {@code file}, java backend, into {@code dir/out} unless {@code extra} says. */
  Result train(Path file, String... extra) {
    List<String> given = List.of(extra);
    List<String> args =
        new java.util.ArrayList<>(
            List.of("train", "--algorithm", "mlp", "--train", file.toString()));
    if (!given.contains("--backend")) {
      args.addAll(List.of("--backend", "java"));
    }
    if (!given.contains("--model-dir") && !given.contains("--output")) {
      args.addAll(List.of("--model-dir", dir.resolve("out").toString()));
    }
    args.addAll(given);
    return run(args.toArray(String[]::new));
  }
}
