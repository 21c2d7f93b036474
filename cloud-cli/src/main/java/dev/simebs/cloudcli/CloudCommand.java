package dev.simebs.cloudcli;

import picocli.CommandLine.Command;

/**
 * {@code simebs cloud}: look inside the fake cloud and set its knobs, as {@code aws ec2} does for
 * the real one (volumes, snapshots, attachments, nodes, zones, file systems) and as no real cloud lets you
 * (latency, throttles, faults, stuck attachments, impaired volumes, force-detach), and its
 * administrator's view of what reconciliation quarantined.
 */
@Command(
    name = "cloud",
    mixinStandardHelpOptions = true,
    description = "Look inside the fake cloud and set its knobs (the backend's API; `--backend HOST:PORT`).",
    subcommands = {
      VolumesCommand.class,
      SnapshotsCommand.class,
      AttachmentsCommand.class,
      NodesCommand.class,
      ZonesCommand.class,
      FileSystemsCommand.class,
      SimulationCommand.class,
      FaultsCommand.class,
      QuarantineCommand.class
    })
public final class CloudCommand {}
