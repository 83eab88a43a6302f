package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vernier tune ...}: tuning jobs on a running service. */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = "Submits and follows tuning jobs on a running service.",
    subcommands = {
      TuneCommand.Submit.class,
      TuneCommand.Watch.class,
      TuneCommand.Status.class,
      TuneCommand.Trials.class,
      TuneCommand.Best.class,
      TuneModelCommand.class,
      TuneCommand.Stop.class,
      TuneCommand.ListJobs.class
    })
public final class TuneCommand implements Runnable {
  static final ObjectMapper JSON = dev.vernier.core.json.Json.MAPPER;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the service is and how to authenticate. */
  static final class Connection {
    @Option(
        names = "--server",
        defaultValue = "${env:VERNIER_SERVER:-http://127.0.0.1:8080}",
        description = "The service's URL (default: $VERNIER_SERVER or http://127.0.0.1:8080).")
    String server;

    @Option(
        names = "--token",
        defaultValue = "${env:VERNIER_TOKEN}",
        description = "An API token (default: $VERNIER_TOKEN).")
    String token;

    ApiClient client() {
      return new ApiClient(server, token);
    }
  }

  /** Prints the server's JSON as is with {@code --output json}, else the human rendering. */
  static int show(
      CommandSpec spec,
      OutputFormat format,
      JsonNode j,
      java.util.function.BiConsumer<PrintWriter, JsonNode> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (format.json()) {
      out.println(j.toPrettyString());
    } else {
      text.accept(out, j);
    }
    return 0;
  }

  /**
   * {@code s} percent-encoded for a URL's path segment or query value: a space is {@code %20}, not
   * the form encoding's {@code +} (which a path reads as a plus sign).
   */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The API path of job {@code id}, {@code /api/v1/tuning-jobs/<id>}. An empty or blank JOB is
   * refused: its path would be the list of jobs ({@code tune status ''} printed the list, {@code
   * tune watch ''} never ended).
   *
   * @throws InvalidInputException naming JOB
   */
  static String jobPath(String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("JOB", "must be a non-empty job name", id);
    }
    return "/api/v1/tuning-jobs/" + enc(id);
  }

  static void printJob(PrintWriter out, JsonNode j) {
    out.printf(
        Locale.ROOT,
        "%s  %s%s%n",
        j.path("id").asText(),
        j.path("state").asText(),
        j.hasNonNull("stateReason") ? " (" + j.get("stateReason").asText() + ")" : "");
    JsonNode t = j.path("trials");
    out.printf(
        Locale.ROOT,
        "  strategy %s, objective %s %s%n",
        j.path("strategy").asText(),
        j.path("objective").path("type").asText(),
        j.path("objective").path("metric").asText());
    out.printf(
        Locale.ROOT,
        "  trials %d/%d created, by state %s%n",
        t.path("created").asInt(),
        t.path("max").asInt(),
        t.path("byState"));
    if (j.has("best")) {
      JsonNode b = j.get("best");
      out.printf(
          Locale.ROOT,
          "  best trial %s: %s %s%n",
          b.path("trialNumber").asText("?"),
          b.path("objective").asText(),
          b.path("hyperparameters"));
    }
  }

  static void printTrial(PrintWriter out, JsonNode t) {
    out.printf(
        Locale.ROOT,
        "%4d  %-11s objective=%-12s epochs=%-3d %s%s%n",
        t.path("number").asInt(),
        t.path("state").asText(),
        t.path("objective").isNull() ? "-" : t.path("objective").asText(),
        t.path("epochs").asInt(),
        t.path("hyperparameters"),
        t.hasNonNull("stateReason") ? "  (" + t.get("stateReason").asText() + ")" : "");
  }

  /** {@code vernier tune submit FILE}. */
  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = "Submits a job from a JSON file.")
  static final class Submit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "The job, as JSON; - reads it from standard input.")
    String file;

    @Option(
        names = "--format",
        defaultValue = "vernier",
        description = "vernier, or sagemaker for a CreateHyperParameterTuningJob request.")
    String format;

    @Option(
        names = "--wait",
        description =
            "Follow the job until it ends, as `vernier tune watch` does; exit 0 when it completes,"
                + " 1 when it fails or is stopped.")
    boolean wait;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        defaultValue = "1",
        description = "With --wait, seconds between polls (default: ${DEFAULT-VALUE}).")
    double interval;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Duration every = JobProgress.interval(interval);
      boolean json = output.json();
      String body = FileArguments.readText(spec, "FILE", file);
      try {
        JSON.readTree(body);
      } catch (IOException e) {
        throw new InvalidInputException(
            file.equals("-") ? "standard input" : file,
            "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
            null);
      }
      ApiClient api = c.client();
      JsonNode r = api.post("/api/v1/tuning-jobs?format=" + enc(format), body).body();
      if (wait && json) {
        // one JSON document: the job as it ended
        return Watch.follow(spec, api, r.path("id").asText(), true, every);
      }
      show(
          spec,
          output,
          r,
          (out, j) -> {
            out.println("submitted " + j.path("id").asText());
            if (j.path("ignoredFields").size() > 0) {
              out.println("ignored SageMaker fields:");
              j.get("ignoredFields").forEach(f -> out.println("  " + f.asText()));
            }
          });
      return wait ? Watch.follow(spec, api, r.path("id").asText(), false, every) : 0;
    }
  }

  /** {@code vernier tune watch JOB}. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = {
        "Follows a job until it ends: trials done, failed and running of the maximum, the best so"
            + " far, each running trial's epoch and objective metric. On a terminal the block is"
            + " redrawn in place; elsewhere a line is printed whenever something changed.",
        "Exits 0 when the job completes, 1 when it fails or is stopped."
      })
  static final class Watch implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0", paramLabel = "JOB")
    String id;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        defaultValue = "1",
        description = "Seconds between polls (default: ${DEFAULT-VALUE}).")
    double interval;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Duration every = JobProgress.interval(interval);
      jobPath(id); // refused before any call
      return follow(spec, c.client(), id, output.json(), every);
    }

    /**
     * Follows {@code id} to its end: progress then a closing line, or with {@code json} only the
     * job's final JSON; returns 0 for COMPLETED, 1 otherwise.
     */
    static int follow(CommandSpec spec, ApiClient api, String id, boolean json, Duration every)
        throws IOException, InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      JobProgress p = new JobProgress(api, id);
      JobProgress.Snapshot end =
          p.follow(json ? null : out, VernierCommand.ansiTerminal(spec), every);
      if (json) {
        out.println(api.get(jobPath(id)).body().toPrettyString());
        out.flush();
        return JobProgress.exitCode(end);
      }
      return JobProgress.report(out, end);
    }
  }

  /** {@code vernier tune status ID}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a job.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0", paramLabel = "JOB")
    String id;

    @Override
    public Integer call() throws IOException {
      return show(spec, output, c.client().get(jobPath(id)).body(), TuneCommand::printJob);
    }
  }

  /** {@code vernier tune trials ID}. */
  @Command(name = "trials", mixinStandardHelpOptions = true, description = "Lists a job's trials.")
  static final class Trials implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0", paramLabel = "JOB")
    String id;

    @Override
    public Integer call() throws IOException {
      return show(
          spec,
          output,
          c.client().get(jobPath(id) + "/trials").body(),
          (out, j) -> j.path("trials").forEach(t -> printTrial(out, t)));
    }
  }

  /** {@code vernier tune best ID}. */
  @Command(
      name = "best",
      mixinStandardHelpOptions = true,
      description = "Shows a job's best trial and its model.")
  static final class Best implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0", paramLabel = "JOB")
    String id;

    @Override
    public Integer call() throws IOException {
      return show(
          spec,
          output,
          c.client().get(jobPath(id) + "/best").body(),
          (out, t) -> {
            printTrial(out, t);
            out.println("model: " + t.path("artifactPath").asText("(none)"));
          });
    }
  }

  /** {@code vernier tune stop ID}. */
  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a job.")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0", paramLabel = "JOB")
    String id;

    @Override
    public Integer call() throws IOException {
      JsonNode j = c.client().post(jobPath(id) + "/stop", "{}").body();
      return show(spec, output, j, (out, r) -> out.println("stopping " + r.path("id").asText()));
    }
  }

  /** {@code vernier tune list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists jobs, newest first.")
  static final class ListJobs implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection c;
    @Mixin OutputFormat output;

    @Option(names = "--state", description = "Only jobs in this state.")
    String state;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    public Integer call() throws IOException {
      String q =
          "/api/v1/tuning-jobs?limit=" + limit + (state == null ? "" : "&state=" + enc(state));
      return show(
          spec,
          output,
          c.client().get(q).body(),
          (out, p) -> {
            p.path("jobs")
                .forEach(
                    j ->
                        out.printf(
                            Locale.ROOT,
                            "%-32s %-11s %d/%d trials%n",
                            j.path("id").asText(),
                            j.path("state").asText(),
                            j.path("trials").path("created").asInt(),
                            j.path("trials").path("max").asInt()));
            out.println(p.path("total").asInt() + " job(s)");
          });
    }
  }
}
