package dev.vernier.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.core.fleet.TrialReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registered commands run as real processes: metrics from stdout, stop, failure, environment. */
class CommandExecutorTest {
  @TempDir Path dir;

  Path script(String body) throws Exception {
    Path s = dir.resolve("train.sh");
    Files.writeString(s, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  TrialAssignment assignment(String command) throws Exception {
    Path data = Files.writeString(dir.resolve("train.csv"), "0,1\n");
    return new TrialAssignment(
        "lease-1",
        "job",
        7,
        3,
        0,
        null,
        command,
        Map.of("learning_rate", "0.1", "depth", "4"),
        Map.of("train", new TrialAssignment.ChannelData(data.toString(), null, "csv")),
        99,
        "validation:auc",
        Map.of("validation:auc", "auc=([0-9.]+)", "train:loss", "loss: ([0-9.]+)"),
        30,
        5);
  }

  @Test
  void readsMetricsPerEpochAndPassesHyperparametersAndChannels() throws Exception {
    Path s =
        script(
            "echo \"lr=$SM_HP_LEARNING_RATE depth=$VERNIER_HP_DEPTH seed=$VERNIER_SEED\" >&2\n"
                + "test -f \"$SM_CHANNEL_TRAIN\" || exit 3\n"
                + "grep -q learning_rate \"$VERNIER_HYPERPARAMETERS_FILE\" || exit 4\n"
                + "for i in 1 2 3; do echo \"loss: 0.$((9 - i))\"; echo \"epoch $i auc=0.$((6 + i))\"; done\n");
    CommandExecutor ex =
        new CommandExecutor(
            Map.of("train", new RegisteredCommand("train", s.toString(), List.of())));
    List<Map<String, Double>> seen = new ArrayList<>();
    TrialReport r =
        ex.run(
            assignment("train"),
            Files.createDirectories(dir.resolve("w")),
            (epoch, m) -> {
              seen.add(m);
              return false;
            });
    assertEquals(TrialReport.Outcome.COMPLETED, r.outcome(), r.reason());
    assertEquals(0.9, r.objective(), 1e-12);
    assertEquals(3, seen.size());
    assertEquals(Map.of("validation:auc", 0.7, "train:loss", 0.8), seen.get(0));
  }

  @Test
  void aStopEndsTheProcessAfterThatEpoch() throws Exception {
    Path s = script("i=0; while true; do i=$((i+1)); echo \"auc=0.$i\"; sleep 0.05; done\n");
    CommandExecutor ex =
        new CommandExecutor(
            Map.of("train", new RegisteredCommand("train", s.toString(), List.of())));
    long t0 = System.nanoTime();
    TrialReport r =
        ex.run(
            assignment("train"),
            Files.createDirectories(dir.resolve("w")),
            (epoch, m) -> epoch == 2);
    assertEquals(TrialReport.Outcome.STOPPED, r.outcome());
    assertEquals(0.2, r.objective(), 1e-12);
    assertTrue(System.nanoTime() - t0 < 9e9, "the process was not ended promptly");
  }

  @Test
  void aNonZeroExitFailsWithTheTailOfStderr() throws Exception {
    Path s = script("echo auc=0.5\necho 'Traceback: out of memory' >&2\nexit 3\n");
    CommandExecutor ex =
        new CommandExecutor(
            Map.of("train", new RegisteredCommand("train", s.toString(), List.of())));
    TrialReport r =
        ex.run(assignment("train"), Files.createDirectories(dir.resolve("w")), (e, m) -> false);
    assertEquals(TrialReport.Outcome.FAILED, r.outcome());
    assertTrue(
        r.reason().contains("exit code 3") && r.reason().contains("out of memory"), r.reason());
    assertNull(r.objective());
  }

  @Test
  void noObjectiveValueFails() throws Exception {
    Path s = script("echo hello\n");
    CommandExecutor ex =
        new CommandExecutor(
            Map.of("train", new RegisteredCommand("train", s.toString(), List.of())));
    TrialReport r =
        ex.run(assignment("train"), Files.createDirectories(dir.resolve("w")), (e, m) -> false);
    assertEquals(TrialReport.Outcome.FAILED, r.outcome());
    assertTrue(r.reason().contains("validation:auc"), r.reason());
  }

  @Test
  void onlyRegisteredCommandsRun() {
    CommandExecutor ex = new CommandExecutor(Map.of());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ex.run(assignment("rm"), dir, (a, b) -> false));
    assertTrue(e.getMessage().contains("not registered"), e.getMessage());
  }

  @Test
  void registeredCommandSyntax() {
    RegisteredCommand c = RegisteredCommand.parse("xgb=/usr/bin/python3 train.py --fast");
    assertEquals("xgb", c.name());
    assertEquals("/usr/bin/python3", c.executable());
    assertEquals(List.of("train.py", "--fast"), c.arguments());
    assertThrows(InvalidInputException.class, () -> RegisteredCommand.parse("noequals"));
  }

  @Test
  void commandArgumentsAreSplitAsAShellSplitsThemOrGivenAsAJsonList() {
    RegisteredCommand c =
        RegisteredCommand.parse(
            "xgb=/opt/my\\ tools/train.sh --title \"two words\" 'it is' a\\\"b \"q\\\"x\" ''");
    assertEquals("/opt/my tools/train.sh", c.executable());
    assertEquals(List.of("--title", "two words", "it is", "a\"b", "q\"x", ""), c.arguments());
    RegisteredCommand j =
        RegisteredCommand.parse("xgb=[\"/opt/train.sh\", \"two words\", \"$HOME\"]");
    assertEquals("/opt/train.sh", j.executable());
    assertEquals(List.of("two words", "$HOME"), j.arguments(), "nothing is expanded");
    for (String bad :
        List.of(
            "xgb=/opt/t.sh \"open", "xgb=/opt/t.sh 'open", "xgb=[1, 2]", "xgb=[\"a\"", "xgb= ''")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> RegisteredCommand.parse(bad), bad);
      assertEquals("--command", e.field(), bad);
    }
  }

  /** The assignment of {@link #assignment} with another per-trial deadline. */
  TrialAssignment withDeadline(String command, long seconds) throws Exception {
    TrialAssignment a = assignment(command);
    return new TrialAssignment(
        a.leaseId(),
        a.jobId(),
        a.trialId(),
        a.trialNumber(),
        a.attempt(),
        a.algorithm(),
        a.command(),
        a.hyperparameters(),
        a.channels(),
        a.seed(),
        a.objectiveMetric(),
        a.metricDefinitions(),
        seconds,
        a.heartbeatSeconds());
  }

  CommandExecutor executor(Path script) {
    return new CommandExecutor(
        Map.of("train", new RegisteredCommand("train", script.toString(), List.of())));
  }

  /**
   * Issue 13, item 7: the deadline acted only when the command printed a line; a silent command ran
   * forever. It is enforced on a timer, and the command's children die with it.
   */
  @Test
  void aSilentCommandAndItsChildrenAreKilledAtTheDeadline() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path s = script("sleep 300 &\necho $! > " + pidFile + "\nwait\n");
    long t0 = System.nanoTime();
    TrialReport r = executor(s).run(withDeadline("train", 1), dir, (e, m) -> false);
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals(TrialReport.Outcome.FAILED, r.outcome(), r.reason());
    assertTrue(r.reason().contains("exceeded maxRuntimePerTrialSeconds=1"), r.reason());
    assertTrue(seconds < 15, "killed after " + seconds + " s");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    long until = System.nanoTime() + 5_000_000_000L;
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertTrue(
        !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "the command's child " + pid + " was killed too");
  }

  /** Issue 13, item 7: a stop request reaches a command that prints nothing. */
  @Test
  void aStopRequestReachesASilentCommand() throws Exception {
    Path s = script("sleep 60\n");
    long t0 = System.nanoTime();
    TrialReport r =
        executor(s)
            .run(
                withDeadline("train", 120),
                dir,
                new TrialExecutor.Epochs() {
                  @Override
                  public boolean epoch(int epoch, Map<String, Double> metrics) {
                    return false;
                  }

                  @Override
                  public boolean stopRequested() {
                    return System.nanoTime() - t0 > 500_000_000L;
                  }
                });
    assertEquals(TrialReport.Outcome.STOPPED, r.outcome(), r.reason());
    assertTrue((System.nanoTime() - t0) / 1_000_000_000L < 15);
  }

  /** Issue 13, item 7: an endless line is read without keeping it whole; later lines count. */
  @Test
  void anEndlessLineIsBoundedAndLaterMetricsStillCount() throws Exception {
    Path s = script("head -c 20000000 /dev/zero | tr '\\0' x\necho\necho \"auc=0.75\"\n");
    TrialReport r = executor(s).run(withDeadline("train", 60), dir, (e, m) -> false);
    assertEquals(TrialReport.Outcome.COMPLETED, r.outcome(), r.reason());
    assertEquals(0.75, r.objective());
  }

  /**
   * Issue 13, item 7: a metric regex that backtracks catastrophically gives up within its budget.
   */
  @Test
  void aCatastrophicRegexGivesUpWithinItsBudget() {
    long t0 = System.nanoTime();
    assertNull(
        CommandExecutor.match(
            java.util.regex.Pattern.compile("(a+)+b([0-9]+)"), "a".repeat(64) + "c"));
    assertTrue((System.nanoTime() - t0) / 1_000_000L < 5_000, "gave up in time");
    assertEquals(
        0.5, CommandExecutor.match(java.util.regex.Pattern.compile("auc=([0-9.]+)"), "auc=0.5"));
  }

  /**
   * Issue 13, item 4: commands inherited the worker's whole environment (the service's token
   * included). They get PATH, HOME, user, locale, time zone and temporary folder, and the trial's
   * own variables, nothing else.
   */
  @Test
  void aCommandGetsAMinimalEnvironment() throws Exception {
    Path envFile = dir.resolve("env.txt");
    Path s = script("env > " + envFile + "\necho \"auc=0.5\"\n");
    TrialReport r = executor(s).run(withDeadline("train", 60), dir, (e, m) -> false);
    assertEquals(TrialReport.Outcome.COMPLETED, r.outcome(), r.reason());
    List<String> names =
        Files.readAllLines(envFile).stream()
            .filter(l -> l.contains("="))
            .map(l -> l.substring(0, l.indexOf('=')))
            .toList();
    for (String name : names) {
      assertTrue(
          CommandExecutor.inherited(name)
              || name.startsWith("VERNIER_")
              || name.startsWith("SM_")
              || name.equals("PWD")
              || name.equals("SHLVL")
              || name.equals("_"), // the shell running the script sets these three itself
          "the command saw " + name);
    }
    assertTrue(names.contains("PATH") && names.contains("VERNIER_HP_DEPTH"), names.toString());
    String leaked =
        System.getenv().keySet().stream()
            .filter(k -> !CommandExecutor.inherited(k))
            .filter(k -> !k.equals("PWD") && !k.equals("SHLVL") && !k.equals("_"))
            .findFirst()
            .orElse(null);
    if (leaked != null) { // the worker's own variables exist here, so the check can fail
      assertTrue(!names.contains(leaked), "the command saw the worker's " + leaked);
    }
  }
}
