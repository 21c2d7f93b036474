package dev.simebs.dist;

import dev.simebs.backend.BackendCommand;
import dev.simebs.bench.BenchCommand;
import dev.simebs.cloudcli.CloudCommand;
import dev.simebs.common.DriverInfo;
import dev.simebs.controller.ControllerCommand;
import dev.simebs.efs.controller.EfsControllerCommand;
import dev.simebs.efs.node.EfsNodeCommand;
import dev.simebs.ec2.Ec2Options;
import dev.simebs.node.NodeCommand;
import dev.simebs.node.ec2devices.DeviceAgentCommand;
import java.util.List;
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
      EfsControllerCommand.class,
      EfsNodeCommand.class,
      BenchCommand.class,
      CloudCommand.class,
      DeviceAgentCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SimEbs {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, with {@code simebs backend} also serving the EC2 API when asked
   * ({@code --ec2-*}): backend-sim cannot depend on ec2-api, so the options come in here.
   */
  static CommandLine commandLine() {
    Ec2Options ec2 = new Ec2Options();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == BackendCommand.class
            ? type.cast(new BackendCommand(List.of(ec2)))
            : CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine commandLine = new CommandLine(new SimEbs(), factory);
    commandLine.getSubcommands().get("backend").addMixin("ec2", ec2);
    return commandLine;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {DriverInfo.DRIVER_NAME + " " + DriverInfo.version()};
    }
  }
}
