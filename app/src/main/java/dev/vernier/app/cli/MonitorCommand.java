package dev.vernier.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vernier monitor <command>}: model monitoring. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = "Model monitoring: monitors on a running service, and offline drift reports.",
    subcommands = {
      MonitorCommands.Create.class,
      MonitorCommands.ListMonitors.class,
      MonitorCommands.Status.class,
      MonitorCommands.Windows.class,
      MonitorCommands.Alerts.class,
      MonitorCommands.DeleteMonitor.class,
      MonitorDriftCommand.class
    })
public final class MonitorCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
