package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code vernier bench ...} in the production jar: the benchmarks live in the bench module's own
 * jar, which replaces this command through a {@link CommandExtension}. Here it only says where they
 * are, as bad input (exit 2).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks that print a table: kernels, strategies, fleet, decisions. They are not in",
      "this jar: build them with `mvn -pl bench -am package -DskipTests` and run",
      "`java -jar bench/target/vernier-bench.jar bench ...` (every vernier command is there too)."
    })
final class BenchNotBuiltCommand implements Callable<Integer> {
  /** The error's rule: where the benchmarks are and how to build them. */
  static final String WHERE =
      "the benchmarks are in the bench module's jar, not in this one; build it with `mvn -pl"
          + " bench -am package -DskipTests` and run `java -jar bench/target/vernier-bench.jar"
          + " bench ...`";

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    throw new InvalidInputException(
        "bench", WHERE, args.isEmpty() ? "bench" : "bench " + String.join(" ", args));
  }
}
