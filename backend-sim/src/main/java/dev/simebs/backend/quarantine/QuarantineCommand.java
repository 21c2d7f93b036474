package dev.simebs.backend.quarantine;

import dev.simebs.backend.BackendCommand;
import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.ListQuarantineRequest;
import dev.simebs.backend.api.PurgeQuarantinedRequest;
import dev.simebs.backend.api.QuarantinedFile;
import dev.simebs.backend.api.RestoreQuarantinedRequest;
import dev.simebs.backend.api.RestoreQuarantinedResponse;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.grpc.Endpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code simebs backend quarantine}: what a running backend's reconciliation put aside, through
 * its Admin API. {@code list} shows it, {@code restore NAME} puts an image back (to its row, or as
 * a new volume or snapshot), {@code purge NAME} deletes it for good.
 */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = "List, restore or purge the files a backend moved to quarantine.",
    subcommands = {
      QuarantineCommand.ListFiles.class,
      QuarantineCommand.Restore.class,
      QuarantineCommand.Purge.class
    })
public final class QuarantineCommand {

  @Option(
      names = "--backend",
      description = "The backend's admin API, host:port (`simebs backend --admin-listen`)."
          + " Default: ${DEFAULT-VALUE}",
      defaultValue = "127.0.0.1:" + BackendCommand.DEFAULT_PORT,
      converter = EndpointConverter.class,
      scope = ScopeType.INHERIT)
  Endpoint backend;

  @Option(
      names = "--token-file",
      description = "File holding the backend's admin token.",
      scope = ScopeType.INHERIT)
  Path tokenFile;

  @Option(
      names = "--ca-file",
      description = "PEM certificate the backend's TLS certificate must chain to (TLS when given).",
      scope = ScopeType.INHERIT)
  Path caFile;

  @Spec CommandSpec spec;

  /** Runs {@code call} against the backend's Admin API and prints what it returns. */
  <T> int withAdmin(Function<AdminGrpc.AdminBlockingStub, T> call, Printer<T> printer)
      throws Exception {
    try (BackendConnection connection =
        BackendConnection.fromFiles(backend, tokenFile, caFile)) {
      PrintWriter out = spec.commandLine().getOut();
      printer.print(call.apply(connection.admin()), out);
      out.flush();
    }
    return 0;
  }

  @FunctionalInterface
  interface Printer<T> {
    void print(T result, PrintWriter out);
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List quarantined files: name, size, allocated bytes, time, volume or snapshot.")
  static final class ListFiles implements Callable<Integer> {
    @ParentCommand QuarantineCommand parent;

    @Override
    public Integer call() throws Exception {
      return parent.withAdmin(
          admin -> admin.listQuarantine(ListQuarantineRequest.getDefaultInstance()).getFilesList(),
          ListFiles::print);
    }

    private static void print(List<QuarantinedFile> files, PrintWriter out) {
      out.printf("%-44s %16s %16s %-24s %s%n", "NAME", "SIZE", "ALLOCATED", "MODIFIED",
          "RESOURCE");
      for (QuarantinedFile f : files) {
        out.printf("%-44s %16d %16d %-24s %s%n", f.getName(), f.getSizeBytes(),
            f.getAllocatedBytes(),
            Instant.ofEpochMilli(Timestamps.toMillis(f.getModifiedTime())),
            f.getResourceId().isEmpty() ? "-" : f.getResourceId());
      }
      out.printf("%d quarantined%n", files.size());
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Put a quarantined image back: to its volume or snapshot if that is in error"
          + " because its image was missing, else as a new one with the image's ID.")
  static final class Restore implements Callable<Integer> {
    @ParentCommand QuarantineCommand parent;

    @Parameters(paramLabel = "NAME", description = "as listed, e.g. volumes/vol-0123456789abcdef0.img")
    String name;

    @Option(names = "--zone", description = "Zone of a volume adopted with no row of its own"
        + " (default: the zone with the most free capacity).", defaultValue = "")
    String zone;

    @Override
    public Integer call() throws Exception {
      return parent.withAdmin(
          admin -> admin.restoreQuarantined(
              RestoreQuarantinedRequest.newBuilder().setName(name).setZone(zone).build()),
          this::print);
    }

    private void print(RestoreQuarantinedResponse restored, PrintWriter out) {
      if (restored.hasVolume()) {
        out.printf("restored %s as volume %s (%s, %d GiB, zone %s)%n", name,
            restored.getVolume().getVolumeId(), restored.getVolume().getState(),
            restored.getVolume().getSizeGib(), restored.getVolume().getZone());
      } else {
        out.printf("restored %s as snapshot %s (%s)%n", name,
            restored.getSnapshot().getSnapshotId(), restored.getSnapshot().getState());
      }
    }
  }

  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = "Delete a quarantined file for good.")
  static final class Purge implements Callable<Integer> {
    @ParentCommand QuarantineCommand parent;

    @Parameters(paramLabel = "NAME", description = "as listed")
    String name;

    @Override
    public Integer call() throws Exception {
      return parent.withAdmin(
          admin -> admin.purgeQuarantined(PurgeQuarantinedRequest.newBuilder().setName(name).build()),
          (done, out) -> out.printf("purged %s%n", name));
    }
  }
}
