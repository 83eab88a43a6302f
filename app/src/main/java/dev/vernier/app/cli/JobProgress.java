package dev.vernier.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Follows a tuning job over the REST API until it ends, for {@code tune watch}, {@code tune submit
 * --wait} and {@code demo}.
 *
 * <p>Each poll reads the job and, while trials run, each running trial's latest epoch. On a
 * terminal the progress is a small block redrawn in place (ANSI: cursor up, clear line); anywhere
 * else it is one plain line, printed only when it differs from the last. Polls are {@code interval}
 * apart; the caller's thread sleeps in between, so Ctrl-C ends it as any command.
 */
final class JobProgress {
  /** At most this many running trials get a line of their own; the rest are counted. */
  static final int SHOWN_TRIALS = 8;

  /** A running trial's latest epoch and its value of the objective metric (null before one). */
  record RunningTrial(int number, int epoch, Double value) {}

  /** What one poll saw. */
  record Snapshot(
      String id,
      String state,
      String reason,
      int done,
      int failed,
      int running,
      int max,
      String metric,
      JsonNode best,
      List<RunningTrial> trials) {
    boolean ended() {
      return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("STOPPED");
    }

    String bestText() {
      return best == null
          ? "-"
          : String.format(
              Locale.ROOT,
              "%s (trial %s)",
              number(best.path("objective").asDouble()),
              best.path("trialNumber").asText("?"));
    }

    /** The whole poll on one line: what a log or a pipe gets. */
    String line() {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%s %s: trials done %d/%d (%d failed), running %d, best %s %s",
                  id,
                  state,
                  done,
                  max,
                  failed,
                  running,
                  metric,
                  bestText()));
      for (RunningTrial t : trials) {
        sb.append("; ").append(trialText(t));
      }
      return sb.toString();
    }

    /** The lines a terminal shows, redrawn in place. */
    List<String> block() {
      List<String> lines = new ArrayList<>();
      lines.add(id + "  " + state + (ended() && reason != null ? " (" + reason + ")" : ""));
      lines.add(
          String.format(
              Locale.ROOT,
              "  trials   %d/%d done, %d failed, %d running",
              done,
              max,
              failed,
              running));
      lines.add(
          "  best     "
              + metric
              + " "
              + bestText()
              + (best != null && best.has("hyperparameters")
                  ? " " + best.get("hyperparameters")
                  : ""));
      for (RunningTrial t : trials) {
        lines.add("  running  " + trialText(t));
      }
      if (running > trials.size()) {
        lines.add("  running  and " + (running - trials.size()) + " more");
      }
      return lines;
    }

    private String trialText(RunningTrial t) {
      return "trial "
          + t.number()
          + (t.epoch() == 0
              ? " starting"
              : " epoch " + t.epoch() + (t.value() == null ? "" : " " + number(t.value())));
    }
  }

  private final ApiClient api;
  private final String id;

  /**
   * @throws InvalidInputException for an empty or blank {@code id} ({@link TuneCommand#jobPath}):
   *     its polls would read the list of jobs, which never ends
   */
  JobProgress(ApiClient api, String id) {
    TuneCommand.jobPath(id);
    this.api = api;
    this.id = id;
  }

  static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** The poll interval from {@code --interval} seconds: 0.1 to 60. */
  static Duration interval(double seconds) {
    if (!(seconds >= 0.1 && seconds <= 60)) {
      throw new InvalidInputException("--interval", "must be between 0.1 and 60 seconds", seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** One poll: the job, then each running trial's detail (the first {@link #SHOWN_TRIALS}). */
  Snapshot poll() throws IOException {
    String path = TuneCommand.jobPath(id);
    JsonNode j = api.get(path).body();
    JsonNode by = j.path("trials").path("byState");
    int running = by.path("IN_PROGRESS").asInt() + by.path("STOPPING").asInt();
    String metric = j.path("objective").path("metric").asText();
    int done =
        by.path("COMPLETED").asInt() + by.path("STOPPED").asInt() + by.path("FAILED").asInt();
    int failed = by.path("FAILED").asInt();
    List<RunningTrial> shown = new ArrayList<>();
    if (running > 0) {
      // counts and running trials from the same list, so that they agree
      done = 0;
      failed = 0;
      running = 0;
      for (JsonNode t : api.get(path + "/trials").body().path("trials")) {
        String st = t.path("state").asText();
        switch (st) {
          case "COMPLETED", "STOPPED" -> done++;
          case "FAILED" -> {
            done++;
            failed++;
          }
          case "IN_PROGRESS", "STOPPING" -> running++;
          default -> {}
        }
        if (shown.size() < SHOWN_TRIALS && (st.equals("IN_PROGRESS") || st.equals("STOPPING"))) {
          JsonNode d = api.get(path + "/trials/" + t.path("number").asInt()).body();
          JsonNode last = null;
          for (JsonNode m : d.path("metrics")) {
            if (m.path("attempt").asInt() == d.path("attempt").asInt()) {
              last = m;
            }
          }
          JsonNode v = last == null ? null : last.path("values").get(metric);
          shown.add(
              new RunningTrial(
                  t.path("number").asInt(),
                  last == null ? 0 : last.path("epoch").asInt(),
                  v == null || !v.isNumber() ? null : v.asDouble()));
        }
      }
    }
    return new Snapshot(
        j.path("id").asText(id),
        j.path("state").asText(),
        j.hasNonNull("stateReason") ? j.get("stateReason").asText() : null,
        done,
        failed,
        running,
        j.path("trials").path("max").asInt(),
        metric,
        j.get("best"),
        List.copyOf(shown));
  }

  /**
   * Polls until the job ends, printing progress to {@code out} (nothing when {@code out} is null);
   * returns the last snapshot.
   */
  Snapshot follow(PrintWriter out, boolean ansi, Duration interval)
      throws IOException, InterruptedException {
    String lastLine = null;
    int drawn = 0;
    while (true) {
      Snapshot s = poll();
      if (out != null && ansi) {
        List<String> lines = s.block();
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
          sb.append("\033[").append(drawn).append('F'); // to the start of the block's first line
        }
        for (String l : lines) {
          sb.append("\033[2K").append(l).append('\n');
        }
        sb.append("\033[J"); // clear what a longer block left below
        out.print(sb);
        out.flush();
        drawn = lines.size();
      } else if (out != null) {
        String line = s.line();
        if (!line.equals(lastLine)) {
          out.println(line);
          out.flush();
          lastLine = line;
        }
      }
      if (s.ended()) {
        return s;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /**
   * Prints how the job ended after {@link #follow}: the best trial, or why it failed; returns the
   * exit code, 0 for COMPLETED and 1 for FAILED or STOPPED.
   */
  static int report(PrintWriter out, Snapshot s) {
    if (s.state().equals("COMPLETED")) {
      out.println(
          s.id()
              + " completed: best "
              + s.metric()
              + " "
              + s.bestText()
              + (s.best() != null && s.best().has("hyperparameters")
                  ? " " + s.best().get("hyperparameters")
                  : ""));
      out.flush();
      return 0;
    }
    out.println(
        s.id()
            + " ended "
            + s.state()
            + (s.reason() != null ? ": " + s.reason() : "")
            + " (trials: vernier tune trials "
            + s.id()
            + ")");
    out.flush();
    return VernierCommand.FAILED;
  }

  /** The exit code for a job's final state: 0 for COMPLETED, 1 for FAILED or STOPPED. */
  static int exitCode(Snapshot s) {
    return s.state().equals("COMPLETED") ? 0 : VernierCommand.FAILED;
  }
}
