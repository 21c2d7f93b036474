package dev.simebs.dist;

import dev.simebs.backend.BackendCommand;
import dev.simebs.bench.BenchCommand;
import dev.simebs.cloudcli.CloudCommand;
import dev.simebs.common.DriverInfo;
import dev.simebs.controller.ControllerCommand;
import dev.simebs.node.NodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code simebs} command line: one entry point, a subcommand per way of running. */
@Command(
    name = "simebs",
    mixinStandardHelpOptions = true,
    versionProvider = SimEbs.Version.class,
    description = "SimEBS: a CSI driver for a simulated, file-backed block-storage cloud.",
    subcommands = {
      AllInOneCommand.class,
      BackendCommand.class,
      ControllerCommand.class,
      NodeCommand.class,
      BenchCommand.class,
      CloudCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SimEbs {

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimEbs()).execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {DriverInfo.DRIVER_NAME + " " + DriverInfo.version()};
    }
  }
}
