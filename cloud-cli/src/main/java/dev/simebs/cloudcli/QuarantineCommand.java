package dev.simebs.cloudcli;

import dev.simebs.backend.api.ListQuarantineRequest;
import dev.simebs.backend.api.ListQuarantineResponse;
import dev.simebs.backend.api.PurgeQuarantinedRequest;
import dev.simebs.backend.api.PurgeQuarantinedResponse;
import dev.simebs.backend.api.QuarantinedFile;
import dev.simebs.backend.api.RestoreQuarantinedRequest;
import dev.simebs.backend.api.RestoreQuarantinedResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simebs cloud quarantine}: what the backend's reconciliation put aside instead of deleting
 * (images no row claims, stray files), through the admin API: list it, put an image back, or
 * purge it for good.
 */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = "List, restore or purge the files the backend moved to quarantine (admin API).",
    subcommands = {
      QuarantineCommand.ListQuarantined.class,
      QuarantineCommand.RestoreQuarantined.class,
      QuarantineCommand.PurgeQuarantined.class
    })
final class QuarantineCommand {

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List quarantined files: name, size, allocated bytes, time, volume or snapshot.")
  static final class ListQuarantined extends CloudCall {

    @Override
    void run(CloudSession connection, Printer out) {
      ListQuarantineResponse answer =
          connection.admin().listQuarantine(ListQuarantineRequest.getDefaultInstance());
      out.print(answer, () -> table(answer.getFilesList()));
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Put a quarantined image back: to its volume or snapshot if that is in error"
          + " because its image was missing, else as a new one with the image's ID.")
  static final class RestoreQuarantined extends CloudCall {

    @Parameters(paramLabel = "NAME", description = "As listed, e.g. volumes/vol-0123456789abcdef0.img.")
    String name;

    @Option(names = "--zone", description = "Zone of a volume adopted with no row of its own"
        + " (default: the zone with the most free capacity).")
    String zone = "";

    @Override
    void run(CloudSession connection, Printer out) {
      RestoreQuarantinedResponse restored = connection.admin().restoreQuarantined(
          RestoreQuarantinedRequest.newBuilder().setName(name).setZone(zone).build());
      out.print(restored, () -> restored.hasVolume()
          ? VolumesCommand.table(List.of(restored.getVolume()))
          : SnapshotsCommand.table(List.of(restored.getSnapshot())));
    }
  }

  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = "Delete a quarantined file for good.")
  static final class PurgeQuarantined extends CloudCall {

    @Parameters(paramLabel = "NAME", description = "As listed.")
    String name;

    @Override
    void run(CloudSession connection, Printer out) {
      PurgeQuarantinedResponse purged = connection.admin().purgeQuarantined(
          PurgeQuarantinedRequest.newBuilder().setName(name).build());
      out.print(purged, () -> new Table("PURGED").row(name));
    }
  }

  static Table table(List<QuarantinedFile> files) {
    Table table = new Table("NAME", "SIZE", "ALLOCATED", "MODIFIED", "RESOURCE");
    for (QuarantinedFile f : files) {
      table.row(f.getName(), f.getSizeBytes(), f.getAllocatedBytes(),
          Columns.time(f.getModifiedTime()), Columns.orDash(f.getResourceId()));
    }
    return table;
  }
}
