package dev.simebs.dist;

import dev.simebs.backend.BackendCommand;
import dev.simebs.bench.BenchCommand;
import dev.simebs.cloudcli.CloudCommand;
import dev.simebs.common.DriverInfo;
import dev.simebs.controller.ControllerCommand;
import dev.simebs.dist.aot.AotCacheCommand;
import dev.simebs.ec2.Ec2Options;
import dev.simebs.efs.controller.EfsControllerCommand;
import dev.simebs.efs.node.EfsNodeCommand;
import dev.simebs.node.NodeCommand;
import dev.simebs.node.ec2devices.DeviceAgentCommand;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code simebs} command line: one entry point, a subcommand per way of running. */
@Command(
    name = "simebs",
    mixinStandardHelpOptions = true,
    versionProvider = SimEbs.Version.class,
    description = "SimEBS: a CSI driver for a simulated, file-backed block-storage cloud.")
public final class SimEbs {

  /** Every subcommand by name, in the order the help lists them. */
  private static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("all-in-one", AllInOneCommand.class);
    SUBCOMMANDS.put("backend", BackendCommand.class);
    SUBCOMMANDS.put("controller", ControllerCommand.class);
    SUBCOMMANDS.put("node", NodeCommand.class);
    SUBCOMMANDS.put("efs-controller", EfsControllerCommand.class);
    SUBCOMMANDS.put("efs-node", EfsNodeCommand.class);
    SUBCOMMANDS.put("bench", BenchCommand.class);
    SUBCOMMANDS.put("cloud", CloudCommand.class);
    SUBCOMMANDS.put("device-agent", DeviceAgentCommand.class);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
    SUBCOMMANDS.put("aot-cache", AotCacheCommand.class);
  }

  /** The classes of every subcommand (DistributionClasspathTest walks what each can reach). */
  static Collection<Class<?>> subcommands() {
    return Collections.unmodifiableCollection(SUBCOMMANDS.values());
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line for these arguments, with {@code simebs backend} also serving the EC2 API
   * when asked ({@code --ec2-*}): backend-sim cannot depend on ec2-api, so the options come in
   * here. When the arguments start with a subcommand other than help, only that one is built:
   * picocli reads every option of every subcommand it is given, and building them all (the
   * bench's many options among them) cost a serving process about a tenth of its start-up CPU
   * and memory for classes it never uses.
   */
  static CommandLine commandLine(String... args) {
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
    String first = args.length > 0 ? args[0] : "";
    boolean onlyOne = SUBCOMMANDS.containsKey(first) && !first.equals("help");
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (!onlyOne || name.equals(first)) {
            commandLine.addSubcommand(name, command);
          }
        });
    CommandLine backend = commandLine.getSubcommands().get("backend");
    if (backend != null) {
      backend.addMixin("ec2", ec2);
    }
    return commandLine;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {DriverInfo.DRIVER_NAME + " " + DriverInfo.version()};
    }
  }
}
