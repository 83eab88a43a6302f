package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vernier monitor create|list|status|windows|alerts|delete}: monitors on a running service.
 */
final class MonitorCommands {
  private MonitorCommands() {}

  static String path(String id, String rest) {
    return "/api/v1/monitors/" + TuneCommand.enc(id) + rest;
  }

  static void printMonitor(PrintWriter out, JsonNode m) {
    JsonNode spec = m.path("spec");
    JsonNode c = m.path("counters");
    out.printf(
        Locale.ROOT,
        "%s  %s  %s (model %s%s)%n",
        m.path("id").asText(),
        m.path("state").asText(),
        m.path("name").asText(),
        spec.path("model").asText(),
        spec.has("jobId") ? ", job " + spec.path("jobId").asText() : "");
    out.printf(
        Locale.ROOT,
        "  events %d accepted, %d late; windows closed %d; alerts %d; counters %s%n",
        c.path("events_accepted").asLong(),
        c.path("events_late").asLong(),
        c.path("windows_closed").asLong(),
        c.path("alerts_raised").asLong(),
        c);
  }

  /** {@code vernier monitor create FILE}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates a monitor from a JSON spec: computes its baseline and starts consuming events.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TuneCommand.Connection c;
    @Mixin OutputFormat output;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "The monitor, as JSON; - reads it from standard input.")
    String file;

    @Override
    public Integer call() throws IOException {
      String body = FileArguments.readText(spec, "FILE", file);
      try {
        TuneCommand.JSON.readTree(body);
      } catch (IOException e) {
        throw new InvalidInputException(
            file.equals("-") ? "standard input" : file,
            "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
            null);
      }
      JsonNode r = c.client().post("/api/v1/monitors", body).body();
      return TuneCommand.show(
          spec, output, r, (out, m) -> out.println("created " + m.path("id").asText()));
    }
  }

  /** {@code vernier monitor list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists monitors.")
  static final class ListMonitors implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TuneCommand.Connection c;
    @Mixin OutputFormat output;

    @Override
    public Integer call() throws IOException {
      return TuneCommand.show(
          spec,
          output,
          c.client().get("/api/v1/monitors").body(),
          (out, j) -> j.path("monitors").forEach(m -> printMonitor(out, m)));
    }
  }

  /** {@code vernier monitor status ID}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a monitor.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TuneCommand.Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0")
    String id;

    @Override
    public Integer call() throws IOException {
      return TuneCommand.show(
          spec, output, c.client().get(path(id, "")).body(), MonitorCommands::printMonitor);
    }
  }

  /** {@code vernier monitor windows ID}. */
  @Command(
      name = "windows",
      mixinStandardHelpOptions = true,
      description = "Lists a monitor's latest windows with drift, quality and violations.")
  static final class Windows implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TuneCommand.Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0")
    String id;

    @Option(names = "--limit", defaultValue = "20", description = "Windows (default: 20).")
    int limit;

    @Override
    public Integer call() throws IOException {
      return TuneCommand.show(
          spec,
          output,
          c.client().get(path(id, "/windows?limit=" + limit)).body(),
          (out, j) -> {
            for (JsonNode w : j.path("windows")) {
              JsonNode r = w.path("result");
              out.printf(
                  Locale.ROOT,
                  "%6d  %-6s %7d events  drifted %5.1f%% (%s)  violations %s  alerts %s%n",
                  w.path("start").asLong(),
                  w.path("state").asText(),
                  w.path("events").asLong(),
                  100 * r.path("drift").path("driftedShare").asDouble(),
                  r.path("drift").path("decision").asText("-"),
                  r.path("violations"),
                  r.path("alerts"));
            }
          });
    }
  }

  /** {@code vernier monitor alerts ID}. */
  @Command(
      name = "alerts",
      mixinStandardHelpOptions = true,
      description = "Lists a monitor's alerts with their retraining.")
  static final class Alerts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TuneCommand.Connection c;
    @Mixin OutputFormat output;

    @Parameters(index = "0")
    String id;

    @Override
    public Integer call() throws IOException {
      return TuneCommand.show(
          spec,
          output,
          c.client().get(path(id, "/alerts")).body(),
          (out, j) -> {
            for (JsonNode a : j.path("alerts")) {
              JsonNode rt = a.path("retraining");
              out.printf(
                  Locale.ROOT,
                  "%4d  %-16s window %d  %s  retraining %s%s%n",
                  a.path("id").asLong(),
                  a.path("kind").asText(),
                  a.path("window").asLong(),
                  a.path("summary").asText(),
                  rt.path("state").asText(),
                  (rt.has("jobId") ? " " + rt.path("jobId").asText() : "") + retrainingNote(rt));
            }
          });
    }
  }

  /** What a retraining waits for, or for COOLDOWN until when and because of which alert. */
  static String retrainingNote(JsonNode rt) {
    if (rt.has("cooldownUntil")) {
      JsonNode cause = rt.path("cooldownCause");
      return " until "
          + java.time.Instant.ofEpochMilli(rt.path("cooldownUntil").asLong())
          + (cause.has("alertId") ? " (alert " + cause.path("alertId").asText() : "")
          + (cause.has("jobId") ? ", job " + cause.path("jobId").asText() : "")
          + (cause.has("alertId") ? ")" : "");
    }
    if ("WAITING_FOR_LABELS".equals(rt.path("state").asText()) && rt.has("detail")) {
      return ": " + rt.path("detail").asText();
    }
    return "";
  }

  /** {@code vernier monitor delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a monitor.")
  static final class DeleteMonitor implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TuneCommand.Connection c;

    @Parameters(index = "0")
    String id;

    @Override
    public Integer call() throws IOException {
      c.client().delete(path(id, ""));
      spec.commandLine().getOut().println("deleted " + id);
      return 0;
    }
  }
}
