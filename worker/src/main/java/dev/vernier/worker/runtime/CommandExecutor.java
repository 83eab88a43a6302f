package dev.vernier.worker.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.io.BufferedInputStream;
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
import java.util.concurrent.atomic.AtomicReference;
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
    // a minimal environment: the service's own (its tokens, its cloud credentials) stays out
    env.keySet().removeIf(k -> !inherited(k));
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
    // the deadline and stop requests act on a timer, not only when the command prints a line
    AtomicReference<String> ended = new AtomicReference<>();
    Thread watchdog = watchdog(p, deadline, epochs, ended);
    Map<String, Double> current = new LinkedHashMap<>();
    Double objective = null;
    int epoch = 0;
    boolean stopped = false;
    try (InputStream out = new BufferedInputStream(p.getInputStream())) {
      String line;
      while ((line = boundedLine(out)) != null) {
        boolean objectiveSeen = false;
        for (var d : defs.entrySet()) {
          Double v = match(d.getValue(), line);
          if (v != null) {
            current.put(d.getKey(), v);
            if (d.getKey().equals(a.objectiveMetric())) {
              objective = v;
              objectiveSeen = true;
            }
          }
        }
        if (objectiveSeen) {
          epoch++;
          if (epochs.epoch(epoch, Map.copyOf(current))) {
            stopped = true;
            killTree(p);
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          killTree(p);
          return pastDeadline(a);
        }
      }
    } catch (TrialLost lost) {
      killTree(p);
      throw lost;
    } catch (IOException e) {
      // the watchdog killed the command while this thread read its output: the JDK may close the
      // pipe under the reader ("Stream closed"); the reason the watchdog recorded is the outcome
      if (ended.get() == null && System.nanoTime() <= deadline) {
        throw e;
      }
    } finally {
      watchdog.interrupt();
    }
    long left =
        Math.max(
            1,
            (deadline == Long.MAX_VALUE ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime()));
    if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
      killTree(p);
      return pastDeadline(a);
    }
    watchdog.join(1000);
    if ("deadline".equals(ended.get())) {
      return pastDeadline(a);
    }
    stopped |= "stop".equals(ended.get());
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

  /** The one reason a trial past its deadline gives, whichever thread noticed it first. */
  private static TrialReport pastDeadline(TrialAssignment a) {
    return failed(
        "exceeded maxRuntimePerTrialSeconds="
            + a.maxRuntimeSeconds()
            + " (the command and its child processes were killed)");
  }

  private static TrialReport failed(String reason) {
    return new TrialReport(TrialReport.Outcome.FAILED, null, reason, null, null);
  }

  /**
   * The variables a command inherits from the worker: the search path, home, user, locale, time
   * zone and temporary folder; everything else it gets is the trial's ({@code VERNIER_*}, {@code
   * SM_*}).
   */
  static boolean inherited(String name) {
    return switch (name) {
      case "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR" -> true;
      default -> name.startsWith("LC_");
    };
  }

  /** The longest stdout line kept; the rest of a longer line is skipped (read, not stored). */
  static final int MAX_LINE = 64 * 1024;

  /** How long one metric definition may take on one line before the match is given up. */
  static final long REGEX_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * Kills the command and every process it started (captured before the parent dies, when they
   * would be re-parented): politely, then forcibly after 5 s.
   */
  static void killTree(Process p) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    tree.addAll(p.descendants().toList());
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  /**
   * Watches a running command every 100 ms: past the deadline, or once the service asks the trial
   * to stop, it kills the command's process tree and records why in {@code ended}.
   */
  private static Thread watchdog(
      Process p, long deadline, Epochs epochs, AtomicReference<String> ended) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (p.isAlive()) {
                  String why =
                      System.nanoTime() > deadline
                          ? "deadline"
                          : epochs.stopRequested() ? "stop" : null;
                  if (why != null) {
                    ended.compareAndSet(null, why);
                    killTree(p);
                    return;
                  }
                  Thread.sleep(100);
                }
              } catch (InterruptedException e) {
                // the command ended and the executor is done with it
              }
            },
            "vernier-command-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The next line of {@code in} (UTF-8, without its end), at most {@link #MAX_LINE} bytes of it;
   * null at the end of the stream.
   */
  static String boundedLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(128);
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (line.size() < MAX_LINE) {
        line.write(b);
      }
    }
    if (!any) {
      return null;
    }
    String s = line.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * The number in group 1 of {@code pattern}'s first match in {@code line}, or null when it does
   * not match, group 1 is not a number, or matching takes longer than {@link #REGEX_BUDGET_NANOS}
   * (a pattern that backtracks catastrophically on a line cannot stall the trial).
   */
  static Double match(Pattern pattern, String line) {
    try {
      Matcher m = pattern.matcher(new Budgeted(line, System.nanoTime() + REGEX_BUDGET_NANOS));
      if (m.find()) {
        return Double.parseDouble(m.group(1));
      }
    } catch (NumberFormatException | IndexOutOfBoundsException | Budgeted.Exceeded e) {
      // a line that matches without a number in group 1 (or too slowly) is not a metric
    }
    return null;
  }

  /** A line whose reads by the regex engine stop with {@link Exceeded} past a deadline. */
  private record Budgeted(String s, long deadline) implements CharSequence {
    static final class Exceeded extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Exceeded() {
        super("the metric definition took too long on a line", null, false, false);
      }
    }

    @Override
    public char charAt(int index) {
      if ((index & 255) == 0 && System.nanoTime() > deadline) {
        throw new Exceeded();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(s.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return s;
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
