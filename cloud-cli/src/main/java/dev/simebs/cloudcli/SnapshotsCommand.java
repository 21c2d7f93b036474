package dev.simebs.cloudcli;

import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simebs cloud snapshots}: list, describe, create and wait for snapshots. */
@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description = "List, describe and create snapshots; wait for them with progress.",
    subcommands = {
      SnapshotsCommand.ListSnapshots.class,
      SnapshotsCommand.DescribeSnapshots.class,
      SnapshotsCommand.CreateSnapshot.class,
      SnapshotsCommand.WaitForSnapshot.class
    })
final class SnapshotsCommand {

  /** How often a wait looks at the snapshot again. */
  private static final Duration POLL = Duration.ofMillis(250);

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List snapshots (all pages unless --max-results).")
  static final class ListSnapshots extends CloudCall {

    @Option(names = "--volume-id", description = "Only snapshots of this volume.")
    String volumeId = "";

    @Mixin Paging paging;

    @Override
    void run(CloudSession connection, Printer out) {
      DescribeSnapshotsResponse.Builder answer = DescribeSnapshotsResponse.newBuilder();
      paging.show(
          out,
          answer,
          (token, max) -> {
            DescribeSnapshotsResponse page =
                connection.backend().describeSnapshots(
                    DescribeSnapshotsRequest.newBuilder().setVolumeId(volumeId).setMaxResults(max).setNextToken(token).build());
            answer.addAllSnapshots(page.getSnapshotsList());
            return page.getNextToken();
          },
          DescribeSnapshotsResponse.Builder::setNextToken,
          () -> table(answer.getSnapshotsList()));
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show snapshots in full.")
  static final class DescribeSnapshots extends CloudCall {

    @Parameters(paramLabel = "SNAPSHOT_ID", arity = "1..*")
    List<String> snapshotIds;

    @Override
    void run(CloudSession connection, Printer out) {
      out.printDetail(
          connection.backend().describeSnapshots(DescribeSnapshotsRequest.newBuilder().addAllSnapshotIds(snapshotIds).build()));
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Snapshot a volume; --wait shows its progress until it completes.")
  static final class CreateSnapshot extends CloudCall {

    @Option(names = "--volume-id", required = true)
    String volumeId;

    @Option(names = "--description")
    String description = "";

    @Option(names = "--wait", description = "Wait until the snapshot completes, showing its progress.")
    boolean await;

    @Override
    void run(CloudSession connection, Printer out) throws InterruptedException {
      Snapshot snapshot =
          connection.backend()
              .createSnapshot(CreateSnapshotRequest.newBuilder().setVolumeId(volumeId).setDescription(description).build())
              .getSnapshot();
      if (await) {
        snapshot = awaitCompletion(connection, snapshot, progress());
      }
      Snapshot shown = snapshot;
      out.print(shown, () -> table(List.of(shown)));
    }
  }

  @Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait until a snapshot completes, showing its progress.")
  static final class WaitForSnapshot extends CloudCall {

    @Parameters(paramLabel = "SNAPSHOT_ID")
    String snapshotId;

    @Override
    void run(CloudSession connection, Printer out) throws InterruptedException {
      Snapshot snapshot = awaitCompletion(connection, describe(connection, snapshotId), progress());
      out.print(snapshot, () -> table(List.of(snapshot)));
    }
  }

  /** Looks at the snapshot until it is no longer pending, printing each new percentage. */
  static Snapshot awaitCompletion(CloudSession connection, Snapshot snapshot, PrintWriter progress)
      throws InterruptedException {
    int shown = -1;
    while (true) {
      if (snapshot.getProgressPercent() != shown || snapshot.getState() != SnapshotState.PENDING) {
        shown = snapshot.getProgressPercent();
        progress.printf("%s %s %d%%%n", snapshot.getSnapshotId(), Columns.state(snapshot.getState()), shown);
        progress.flush();
      }
      if (snapshot.getState() != SnapshotState.PENDING) {
        return snapshot;
      }
      Thread.sleep(POLL);
      snapshot = describe(connection, snapshot.getSnapshotId());
    }
  }

  private static Snapshot describe(CloudSession connection, String snapshotId) {
    return connection.backend()
        .describeSnapshots(DescribeSnapshotsRequest.newBuilder().addSnapshotIds(snapshotId).build())
        .getSnapshots(0);
  }

  static Table table(List<Snapshot> snapshots) {
    Table table = new Table("SNAPSHOT ID", "VOLUME ID", "SIZE", "STATE", "PROGRESS", "STARTED", "DESCRIPTION");
    for (Snapshot s : snapshots) {
      table.row(
          s.getSnapshotId(),
          s.getVolumeId(),
          s.getVolumeSizeGib() + "Gi",
          Columns.state(s.getState()),
          s.getProgressPercent() + "%",
          Columns.time(s.getStartTime()),
          Columns.orDash(s.getDescription()));
    }
    return table;
  }
}
