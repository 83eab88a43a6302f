package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code vernier <command>}. */
@Command(
    name = "vernier",
    mixinStandardHelpOptions = true,
    versionProvider = VernierCommand.VersionProvider.class,
    description = "Self-hosted hyperparameter tuning and model monitoring.",
    subcommands = {
      TrainCommand.class,
      PredictCommand.class,
      AlgorithmsCommand.class,
      BenchCommand.class,
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
  /** Exit code for bad input: a wrong option, file, hyperparameter or value. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The byte stream under the command's text output, for commands that write binary to "-". */
  private PrintStream stdout = System.out;

  /** The byte stream behind the command line's standard output. */
  static PrintStream stdout(CommandLine.Model.CommandSpec spec) {
    return ((VernierCommand) spec.root().userObject()).stdout;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the CLI and returns the exit code: 0 on success, 2 for bad input (one line per error,
   * naming the field, the rule and the value, never a stack trace), 1 for a failure of Vernier or
   * the machine.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    VernierCommand root = new VernierCommand();
    root.stdout = out;
    CommandLine cl = new CommandLine(root);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidInputException ie) {
            // one line per error: a request may have several
            ie.errors().forEach(x -> commandLine.getErr().println("error: " + x.message()));
            return BAD_INPUT;
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
          commandLine.getErr().println("failed: " + e);
          if (Boolean.getBoolean("vernier.debug")) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    return cl.execute(args);
  }

  /** Prints the version the build wrote. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vernier " + Version.get()};
    }
  }
}
