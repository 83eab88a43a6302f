package dev.vernier.app.cli;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier tune model ID [--trial N] --to FILE}. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads a trial's model file (the best trial's without --trial).",
      "`vernier predict --model FILE` and `vernier model inspect FILE` read it."
    })
final class TuneModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TuneCommand.Connection c;
  @Mixin OutputFormat output;

  @Parameters(index = "0", paramLabel = "JOB")
  String id;

  @Option(names = "--trial", paramLabel = "N", description = "The trial's number.")
  Integer trial;

  @Option(
      names = "--to",
      paramLabel = "FILE",
      description =
          "Where to write the model (required; once --output); - for standard output (and the"
              + " --output json summary to standard error).")
  String to;

  @Override
  public Integer call() throws IOException {
    to = output.legacyFile(spec, "--to", to, s -> s);
    if (to == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--to=FILE'");
    }
    boolean json = output.json();
    String path =
        TuneCommand.jobPath(id) + (trial == null ? "/best/model" : "/trials/" + trial + "/model");
    ApiClient api = c.client();
    if (to.equals("-")) {
      java.io.PrintStream out = VernierCommand.stdout(spec);
      long n = api.download(path, out);
      out.flush();
      if (json) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(summary(n).toPrettyString());
        err.flush();
      }
      return 0;
    }
    Path file = Path.of(to).toAbsolutePath();
    if (!Files.isDirectory(file.getParent())) {
      throw new InvalidInputException("--to", "must be a file in an existing folder", to);
    }
    // a failed download leaves nothing under the final name
    Path tmp = Files.createTempFile(file.getParent(), ".download-", ".tmp");
    try {
      long n;
      try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
        n = api.download(path, out);
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(summary(n).toPrettyString());
      } else {
        out.println(
            "wrote "
                + to
                + " ("
                + n
                + " bytes, "
                + (trial == null ? "the best trial" : "trial " + trial)
                + " of "
                + id
                + ")");
      }
      out.flush();
    } finally {
      Files.deleteIfExists(tmp);
    }
    return 0;
  }

  private com.fasterxml.jackson.databind.node.ObjectNode summary(long bytes) {
    com.fasterxml.jackson.databind.node.ObjectNode o = TuneCommand.JSON.createObjectNode();
    o.put("job", id);
    if (trial == null) {
      o.putNull("trial");
    } else {
      o.put("trial", trial);
    }
    o.put("best", trial == null);
    o.put("file", to);
    o.put("bytes", bytes);
    return o;
  }
}
