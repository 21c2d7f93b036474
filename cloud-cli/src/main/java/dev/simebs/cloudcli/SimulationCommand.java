package dev.simebs.cloudcli;

import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.SimulationFlags;
import dev.simebs.backend.api.StuckAttachment;
import dev.simebs.backend.api.ThrottleRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simebs cloud simulation}: the knobs no real cloud has. Rules use the same short forms as
 * {@code simebs backend}'s flags; each change reads the config in force, changes it, and sets it.
 */
@Command(
    name = "simulation",
    mixinStandardHelpOptions = true,
    description = "Show and set latency, throttles, stuck attachments and the copy rate (faults: see `faults`).",
    subcommands = {
      SimulationCommand.Show.class,
      SimulationCommand.Latency.class,
      SimulationCommand.Throttle.class,
      SimulationCommand.Stuck.class,
      SimulationCommand.CopyRate.class,
      SimulationCommand.Reset.class
    })
final class SimulationCommand {

  /** A change to the simulation config: get, change, set, show what is now in force. */
  abstract static class Change extends CloudCall {

    abstract SimulationConfig change(SimulationConfig current);

    @Override
    final void run(CloudSession connection, Printer out) {
      SimulationConfig current = connection.admin().getSimulation(GetSimulationRequest.getDefaultInstance());
      SimulationConfig applied = connection.admin().setSimulation(change(current));
      out.print(applied, () -> table(applied));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the simulation config in force.")
  static final class Show extends CloudCall {
    @Override
    void run(CloudSession connection, Printer out) {
      SimulationConfig config = connection.admin().getSimulation(GetSimulationRequest.getDefaultInstance());
      out.print(config, () -> table(config));
    }
  }

  @Command(
      name = "latency",
      mixinStandardHelpOptions = true,
      description = "Set how long operations stay in their transitional state, e.g. AttachVolume=2000 or CreateVolume=200..800.")
  static final class Latency extends Change {
    @Parameters(paramLabel = "OPERATION=MS[..MAX]", arity = "0..*")
    List<String> rules = new ArrayList<>();

    @Option(names = "--clear", paramLabel = "OPERATION", description = "Remove the latency of an operation; repeatable.")
    List<String> clear = new ArrayList<>();

    @Override
    SimulationConfig change(SimulationConfig current) {
      List<LatencyRule> added = rules.stream().map(SimulationFlags::latency).toList();
      return current.toBuilder()
          .clearLatencies()
          .addAllLatencies(replaced(current.getLatenciesList(), added, clear, LatencyRule::getOperation))
          .build();
    }
  }

  @Command(
      name = "throttle",
      mixinStandardHelpOptions = true,
      description = "Throttle an operation with a token bucket, e.g. CreateVolume=5/10 (5 per second, burst 10).")
  static final class Throttle extends Change {
    @Parameters(paramLabel = "OPERATION=RATE/BURST", arity = "0..*")
    List<String> rules = new ArrayList<>();

    @Option(names = "--clear", paramLabel = "OPERATION", description = "Remove an operation's throttle; repeatable.")
    List<String> clear = new ArrayList<>();

    @Override
    SimulationConfig change(SimulationConfig current) {
      List<ThrottleRule> added = rules.stream().map(SimulationFlags::throttle).toList();
      return current.toBuilder()
          .clearThrottles()
          .addAllThrottles(replaced(current.getThrottlesList(), added, clear, ThrottleRule::getOperation))
          .build();
    }
  }

  @Command(
      name = "stuck",
      mixinStandardHelpOptions = true,
      description = "Keep attachments of a volume (to a node) attaching, and their unforced detaches"
          + " detaching (EC2: busy): VOLUME_ID or VOLUME_ID@NODE_ID.")
  static final class Stuck extends Change {
    @Parameters(paramLabel = "VOLUME_ID[@NODE_ID]", arity = "0..*")
    List<String> rules = new ArrayList<>();

    @Option(names = "--clear", paramLabel = "VOLUME_ID[@NODE_ID]", description = "Let such attachments finish; repeatable.")
    List<String> clear = new ArrayList<>();

    @Override
    SimulationConfig change(SimulationConfig current) {
      List<StuckAttachment> removed = clear.stream().map(SimulationFlags::stuck).toList();
      SimulationConfig.Builder next = current.toBuilder().clearStuckAttachments();
      current.getStuckAttachmentsList().stream().filter(r -> !removed.contains(r)).forEach(next::addStuckAttachments);
      rules.stream().map(SimulationFlags::stuck).forEach(next::addStuckAttachments);
      return next.build();
    }
  }

  @Command(
      name = "copy-rate",
      mixinStandardHelpOptions = true,
      description = "Slow the extent copies behind snapshots, restores and clones (no reflink) to MIB_PER_SECOND; 0: as fast as the disk.")
  static final class CopyRate extends Change {
    @Parameters(paramLabel = "MIB_PER_SECOND")
    int mibPerSecond;

    @Override
    SimulationConfig change(SimulationConfig current) {
      if (mibPerSecond < 0) {
        throw new IllegalArgumentException("MIB_PER_SECOND must be 0 or more, got " + mibPerSecond);
      }
      return current.toBuilder().setCopyMibPerSecond(mibPerSecond).build();
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Remove every latency, throttle, fault, stuck attachment, cooldown, quota and copy rate.")
  static final class Reset extends Change {
    @Override
    SimulationConfig change(SimulationConfig current) {
      return SimulationConfig.getDefaultInstance();
    }
  }

  /**
   * One rule per operation: the current rules of operations neither added nor cleared, then the
   * added ones.
   */
  static <R> List<R> replaced(List<R> current, List<R> added, List<String> cleared, Function<R, String> operation) {
    Set<String> gone = new HashSet<>(cleared);
    added.forEach(rule -> gone.add(operation.apply(rule)));
    List<R> next = new ArrayList<>(current.stream().filter(rule -> !gone.contains(operation.apply(rule))).toList());
    next.addAll(added);
    return next;
  }

  static Table table(SimulationConfig config) {
    Table table = new Table("KIND", "OPERATION", "RULE");
    config.getLatenciesList().forEach(r ->
        table.row("latency", r.getOperation(),
            r.getMinMillis() == r.getMaxMillis() ? r.getMinMillis() + " ms" : r.getMinMillis() + ".." + r.getMaxMillis() + " ms"));
    config.getThrottlesList().forEach(r ->
        table.row("throttle", r.getOperation(), r.getRefillPerSecond() + "/s, burst " + r.getBurst()));
    config.getFaultsList().forEach(f -> table.row("fault", f.getOperation(), FaultsCommand.describe(f)));
    config.getStuckAttachmentsList().forEach(s ->
        table.row("stuck", "AttachVolume", s.getVolumeId() + (s.getNodeId().isEmpty() ? "" : " @ " + s.getNodeId())));
    if (config.getModificationCooldownSeconds() > 0) {
      table.row("cooldown", "ModifyVolume", config.getModificationCooldownSeconds() + " s");
    }
    if (config.getStorageQuotaGib() > 0) {
      table.row("quota", "CreateVolume,ModifyVolume", config.getStorageQuotaGib() + " GiB in all zones");
    }
    if (config.getCopyMibPerSecond() > 0) {
      table.row("copy-rate", "CreateSnapshot,CreateVolume", config.getCopyMibPerSecond() + " MiB/s (extent copies)");
    }
    return table;
  }
}
