package dev.vernier.worker.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a registered command as a trial, the way SageMaker runs a training container: the
 * hyperparameters arrive as {@code hyperparameters.json} and as environment variables ({@code
 * VERNIER_HP_<NAME>} and {@code SM_HP_<NAME>}), channels as {@code VERNIER_CHANNEL_<NAME>} / {@code
 * SM_CHANNEL_<NAME>}, the model directory as {@code VERNIER_MODEL_DIR} / {@code SM_MODEL_DIR}.
 * Metrics are read from stdout with the job's metric definitions; every line that yields the
 * objective metric closes an epoch. A stop ends the process (SIGTERM, then SIGKILL after 10 s); a
 * non-zero exit fails the trial with the tail of stderr.
 */
final class CommandExecutor implements TrialExecutor {
  private static final int STDERR_TAIL = 2000;
  private final Map<String, RegisteredCommand> commands;

  CommandExecutor(Map<String, RegisteredCommand> commands) {
    this.commands = Map.copyOf(commands);
  }

  @Override
  public TrialReport run(TrialAssignment a, Path workDir, Epochs epochs) throws Exception {
    RegisteredCommand cmd = commands.get(a.command());
    if (cmd == null) {
      throw new InvalidInputException(
          "command", "is not registered on this worker " + commands.keySet(), a.command());
    }
    Path modelDir = Files.createDirectories(workDir.resolve("model"));
    Path hpFile = workDir.resolve("hyperparameters.json");
    new ObjectMapper().writeValue(hpFile.toFile(), a.hyperparameters());
    List<String> argv = new ArrayList<>();
    argv.add(cmd.executable());
    argv.addAll(cmd.arguments());
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.put("VERNIER_HYPERPARAMETERS_FILE", hpFile.toString());
    env.put("VERNIER_MODEL_DIR", modelDir.toString());
    env.put("SM_MODEL_DIR", modelDir.toString());
    env.put("VERNIER_SEED", Long.toString(a.seed()));
    env.put("VERNIER_TRIAL", a.jobId() + "/" + a.trialNumber());
    a.hyperparameters()
        .forEach(
            (k, v) -> {
              env.put("VERNIER_HP_" + k.toUpperCase(Locale.ROOT), v);
              env.put("SM_HP_" + k.toUpperCase(Locale.ROOT), v);
            });
    a.channels()
        .forEach(
            (k, c) -> {
              env.put("VERNIER_CHANNEL_" + k.toUpperCase(Locale.ROOT), c.path());
              env.put("SM_CHANNEL_" + k.toUpperCase(Locale.ROOT), c.path());
              if (c.labels() != null) {
                env.put("VERNIER_CHANNEL_" + k.toUpperCase(Locale.ROOT) + "_LABELS", c.labels());
              }
            });
    Map<String, Pattern> defs = new LinkedHashMap<>();
    a.metricDefinitions().forEach((k, v) -> defs.put(k, Pattern.compile(v)));

    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return failed("cannot start " + cmd.executable() + ": " + e.getMessage());
    }
    StringBuilder stderr = new StringBuilder();
    Thread errPump = pump(p.getErrorStream(), stderr);
    long deadline =
        a.maxRuntimeSeconds() > 0
            ? System.nanoTime() + TimeUnit.SECONDS.toNanos(a.maxRuntimeSeconds())
            : Long.MAX_VALUE;
    Map<String, Double> current = new LinkedHashMap<>();
    Double objective = null;
    int epoch = 0;
    boolean stopped = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        boolean objectiveSeen = false;
        for (var d : defs.entrySet()) {
          Matcher m = d.getValue().matcher(line);
          if (m.find()) {
            try {
              double v = Double.parseDouble(m.group(1));
              current.put(d.getKey(), v);
              if (d.getKey().equals(a.objectiveMetric())) {
                objective = v;
                objectiveSeen = true;
              }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
              // a line that matches without a number in group 1 is not a metric
            }
          }
        }
        if (objectiveSeen) {
          epoch++;
          if (epochs.epoch(epoch, Map.copyOf(current))) {
            stopped = true;
            terminate(p);
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          terminate(p);
          return failed("exceeded maxRuntimePerTrialSeconds=" + a.maxRuntimeSeconds());
        }
      }
    } catch (TrialLost lost) {
      terminate(p);
      throw lost;
    }
    long left =
        Math.max(
            1,
            (deadline == Long.MAX_VALUE ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime()));
    if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
      terminate(p);
      return failed("exceeded maxRuntimePerTrialSeconds=" + a.maxRuntimeSeconds());
    }
    errPump.join(1000);
    if (stopped) {
      return new TrialReport(
          TrialReport.Outcome.STOPPED,
          objective,
          "stopped by the service",
          modelFile(modelDir),
          null);
    }
    if (p.exitValue() != 0) {
      String tail;
      synchronized (stderr) {
        tail = stderr.toString().strip();
      }
      return failed("exit code " + p.exitValue() + (tail.isEmpty() ? "" : ": " + tail));
    }
    if (objective == null) {
      return failed(
          "the command printed no value of "
              + a.objectiveMetric()
              + " matching its metric definition");
    }
    return new TrialReport(
        TrialReport.Outcome.COMPLETED, objective, null, modelFile(modelDir), null);
  }

  /** The model.vernier the command wrote, if any: other files stay on the worker. */
  private static String modelFile(Path modelDir) {
    Path f = modelDir.resolve("model.vernier");
    return Files.isRegularFile(f) ? f.toString() : null;
  }

  private static TrialReport failed(String reason) {
    return new TrialReport(TrialReport.Outcome.FAILED, null, reason, null, null);
  }

  private static void terminate(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Thread pump(InputStream in, StringBuilder tail) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (tail) {
                    tail.append(line).append('\n');
                    if (tail.length() > STDERR_TAIL) {
                      tail.delete(0, tail.length() - STDERR_TAIL);
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "vernier-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
