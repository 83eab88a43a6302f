package dev.vernier.app.cli;

import dev.vernier.app.fleet.ApiClient;
import dev.vernier.core.InvalidInputException;
import dev.vernier.core.Version;
import dev.vernier.platform.error.UnavailableException;
import dev.vernier.platform.time.SystemClock;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code vernier <command>}. */
@Command(
    name = "vernier",
    mixinStandardHelpOptions = true,
    versionProvider = VernierCommand.VersionProvider.class,
    description = "Self-hosted hyperparameter tuning and model monitoring.",
    footer = {
      "",
      "Conventions:",
      "  -             as a file argument is standard input or standard output",
      "  --output json machine-readable output from every command that prints data",
      "                (text is the default); files written have their own",
      "                options: train --model-dir, predict --predictions,",
      "                tune model --to, monitor drift --table",
      "  exit codes    0 ok; 1 failed, or the service unreachable; 2 invalid input",
      "                or usage; 3 not found; 4 not authorised (a missing, wrong",
      "                or too weak --token)",
      "  --server, --token default to $VERNIER_SERVER and $VERNIER_TOKEN"
    },
    subcommands = {
      TrainCommand.class,
      PredictCommand.class,
      AlgorithmsCommand.class,
      BenchNotBuiltCommand.class,
      ServeCommand.class,
      WorkerCommand.class,
      TuneCommand.class,
      ModelCommand.class,
      TokenCommand.class,
      MonitorCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class VernierCommand implements Runnable {
  /** Exit code for a failure of Vernier, the job or the machine, or an unreachable service. */
  public static final int FAILED = 1;

  /** Exit code for bad input: a wrong option, file, hyperparameter or value. */
  public static final int BAD_INPUT = 2;

  /** Exit code for a job, trial, monitor or other thing the service does not have (HTTP 404). */
  public static final int NOT_FOUND = 3;

  /** Exit code for a missing, unknown or too weak token (HTTP 401 or 403). */
  public static final int NOT_AUTHORISED = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The byte stream under the command's text output, for commands that write binary to "-". */
  private PrintStream stdout = System.out;

  /** Standard input, for file arguments given as "-". */
  private InputStream stdin = System.in;

  /** The byte stream behind the command line's standard output. */
  static PrintStream stdout(CommandLine.Model.CommandSpec spec) {
    return ((VernierCommand) spec.root().userObject()).stdout;
  }

  /** The clock every command reads the time from: the system's, or a test's. */
  private Clock clock = SystemClock.get();

  /**
   * The command line's clock: commands take the time from it, never from the system (the wiring
   * reads the wall clock once, here).
   */
  static Clock clock(CommandLine.Model.CommandSpec spec) {
    return ((VernierCommand) spec.root().userObject()).clock;
  }

  private boolean stdinClaimed;

  /** Marks standard input as read by a "-" argument; false when one already read it. */
  static boolean claimStdin(CommandLine.Model.CommandSpec spec) {
    VernierCommand root = (VernierCommand) spec.root().userObject();
    if (root.stdinClaimed) {
      return false;
    }
    root.stdinClaimed = true;
    return true;
  }

  /** The command line's standard input. */
  static InputStream stdin(CommandLine.Model.CommandSpec spec) {
    return ((VernierCommand) spec.root().userObject()).stdin;
  }

  /**
   * Whether standard output is a terminal that understands ANSI escapes: a console, TERM set and
   * not "dumb", and the command writing to the process's own standard output.
   */
  static boolean ansiTerminal(CommandLine.Model.CommandSpec spec) {
    String term = System.getenv("TERM");
    return System.console() != null
        && term != null
        && !term.isBlank()
        && !term.equals("dumb")
        && stdout(spec) == System.out;
  }

  /**
   * The exit code for an exception a command threw: the service's 404 is {@link #NOT_FOUND}, its
   * 401 and 403 {@link #NOT_AUTHORISED}, other bad input {@link #BAD_INPUT}, anything else {@link
   * #FAILED}.
   */
  static int exitCode(Throwable e) {
    if (e instanceof ApiClient.Rejected r) {
      return switch (r.status()) {
        case 404 -> NOT_FOUND;
        case 401, 403 -> NOT_AUTHORISED;
        default -> BAD_INPUT;
      };
    }
    return e instanceof InvalidInputException ? BAD_INPUT : FAILED;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the CLI and returns the exit code: 0 on success, 2 for bad input (one line per error,
   * naming the field, the rule and the value, never a stack trace), 3 when the service has no such
   * thing, 4 when it refuses the token, 1 for a failure of Vernier or the machine.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with "-" reading {@code in}. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, SystemClock.get());
  }

  /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, on {@code clock}. */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Clock clock) {
    VernierCommand root = new VernierCommand();
    root.stdout = out;
    root.stdin = in;
    root.clock = clock;
    CommandLine cl = new CommandLine(root);
    // before the streams and handlers below, which reach only the subcommands present by then
    addExtensions(cl);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidInputException ie) {
            // one line per error: a request may have several
            ie.errors().forEach(x -> commandLine.getErr().println("error: " + x.message()));
            return exitCode(e);
          }
          if (e instanceof java.net.ConnectException) {
            commandLine
                .getErr()
                .println(
                    "failed: cannot reach the service ("
                        + (e.getMessage() == null ? "connection refused" : e.getMessage())
                        + "); is `vernier serve` running, and is --server right?");
            return 1;
          }
          if (e instanceof UnavailableException u) {
            // already one line saying what failed and what to do
            commandLine.getErr().println("failed: " + u.getMessage());
            return 1;
          }
          commandLine.getErr().println("failed: " + e);
          if (Boolean.getBoolean("vernier.debug")) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands only exceptions to the handler above; this one is the user's to act on
      err.println(
          "failed: out of memory: this run needed more than the "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MiB Java heap; give Java more (java -Xmx8g -jar vernier.jar ...), or use less"
              + " data or a smaller model");
      return 1;
    }
  }

  /**
   * Adds every {@link CommandExtension} on the class path, each replacing a built-in subcommand of
   * its name (the bench jar's {@code bench} replaces {@link BenchNotBuiltCommand}).
   */
  private static void addExtensions(CommandLine cl) {
    for (CommandExtension x :
        ServiceLoader.load(CommandExtension.class, VernierCommand.class.getClassLoader())) {
      CommandLine sub = new CommandLine(x.command());
      String name = sub.getCommandName();
      if (cl.getSubcommands().containsKey(name)) {
        cl.getCommandSpec().removeSubcommand(name);
      }
      cl.addSubcommand(name, sub);
    }
  }

  /** Prints the version the build wrote. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vernier " + Version.get()};
    }
  }
}
