package dev.simebs.cloudcli;

import dev.simebs.backend.api.ClearFaultsRequest;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.SimulationFlags;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simebs cloud faults}: errors the cloud answers on purpose. */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = "List, inject and clear faults.",
    subcommands = {FaultsCommand.ListFaults.class, FaultsCommand.AddFault.class, FaultsCommand.ClearFaults.class})
final class FaultsCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the faults in force.")
  static final class ListFaults extends CloudCall {
    @Override
    void run(CloudSession connection, Printer out) {
      SimulationConfig config = connection.admin().getSimulation(GetSimulationRequest.getDefaultInstance());
      out.print(
          SimulationConfig.newBuilder().addAllFaults(config.getFaultsList()),
          () -> table(config.getFaultsList()));
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Fail an operation with a reason, e.g. AttachVolume=ATTACHMENT_LIMIT_EXCEEDED:next=2 or *=INTERNAL_ERROR:p=0.05.")
  static final class AddFault extends CloudCall {
    @Parameters(paramLabel = "OPERATION=REASON:next=N|p=P")
    String rule;

    @Option(names = "--volume-id", description = "Only calls about this volume.")
    String volumeId = "";

    @Option(names = "--node-id", description = "Only calls about this node.")
    String nodeId = "";

    @Option(names = "--message", description = "The error message the caller gets.")
    String message = "";

    @Override
    void run(CloudSession connection, Printer out) {
      FaultRule added =
          connection.admin().addFault(
              SimulationFlags.fault(rule).toBuilder().setVolumeId(volumeId).setNodeId(nodeId).setMessage(message).build());
      out.print(added, () -> table(List.of(added)));
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove faults by ID, or all of them.")
  static final class ClearFaults extends CloudCall {
    @Parameters(paramLabel = "FAULT_ID", arity = "0..*", description = "Faults to remove; none named: all.")
    List<String> ids = new ArrayList<>();

    @Override
    void run(CloudSession connection, Printer out) {
      connection.admin().clearFaults(ClearFaultsRequest.newBuilder().addAllIds(ids).build());
      out.note(ids.isEmpty() ? "cleared every fault" : "cleared " + String.join(", ", ids));
    }
  }

  /** When a fault fires, and for what: "next 2", "p=0.05 on vol-…". */
  static String describe(FaultRule f) {
    String when = f.getNextN() > 0 ? "next " + f.getNextN() : "p=" + f.getProbability();
    String scope = (f.getVolumeId().isEmpty() ? "" : " on " + f.getVolumeId()) + (f.getNodeId().isEmpty() ? "" : " @ " + f.getNodeId());
    return f.getReason() + " " + when + scope;
  }

  static Table table(List<FaultRule> faults) {
    Table table = new Table("FAULT ID", "OPERATION", "REASON", "WHEN", "VOLUME", "NODE", "MESSAGE");
    for (FaultRule f : faults) {
      table.row(
          f.getId(),
          f.getOperation(),
          f.getReason(),
          f.getNextN() > 0 ? "next " + f.getNextN() : "p=" + f.getProbability(),
          Columns.orDash(f.getVolumeId()),
          Columns.orDash(f.getNodeId()),
          Columns.orDash(f.getMessage()));
    }
    return table;
  }
}
