package dev.vernier.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vernier monitor <command>}: model monitoring. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = "Model monitoring: drift of a dataset against a baseline.",
    subcommands = {MonitorDriftCommand.class})
public final class MonitorCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
