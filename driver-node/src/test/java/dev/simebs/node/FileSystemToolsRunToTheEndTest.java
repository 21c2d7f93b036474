package dev.simebs.node;

import static dev.simebs.node.testing.NodeClient.mount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import csi.v1.NodeStageVolumeRequest;
import csi.v1.VolumeUsage;
import dev.simebs.common.sys.ToolRunner;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.node.testing.Gate;
import dev.simebs.node.testing.NodeClient;
import dev.simebs.node.testing.NodeProcess;
import dev.simebs.node.testing.SharedKernelNodes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A file-system tool is never stopped halfway (issue 11, part 5): the node's e2fsck outlives the
 * RPC's deadline and the node's shutdown, and a repeated call waits for it instead of starting
 * another. The e2fsck here is the real one behind a gate (a wrapper on the node's PATH that waits
 * for the test once before running it), so "still running" is a fact the test controls.
 */
class FileSystemToolsRunToTheEndTest {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final long GIB = 1L << 30;

  private Path root;
  private Path toolLog;
  private Gate gate;
  private SharedKernelNodes cluster;
  private NodeProcess node;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid", "e2fsck", "resize2fs", "mkfifo");
    HostRequirements.assumeMountNamespaces();
    root = Leftovers.newTestDir();
    Path tools = gatedE2fsck(Files.createDirectories(root.resolve("tools")));
    cluster = SharedKernelNodes.create(root);
    node = cluster.startNode("node-1", Map.of("PATH", tools + ":" + System.getenv("PATH")));
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void e2fsckOutlivesTheDeadlineAndTheShutdownAndARepeatWaitsForIt() throws Exception {
    String volumeId = cluster.createAndAttach("node-1", 1).getVolumeId();
    NodeClient client = node.client();
    client.stage(volumeId, mount("ext4"));
    Files.writeString(node.inside(client.staging(volumeId)).resolve("kept.txt"), "kept");
    client.unstage(volumeId);
    growBackingFile(volumeId, 2 * GIB);

    // The grown ext4 is checked (e2fsck) and grown (resize2fs) before it is mounted.
    assertThat(stageWithin(client, volumeId, Duration.ofSeconds(2)))
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    node.jvm().awaitLine(Pattern.compile("running e2fsck -f -p /dev/loop"), PATIENCE);
    assertThat(stageWithin(client, volumeId, Duration.ofSeconds(2)))
        .isIn(Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED);
    assertThat(toolLog()).containsExactly("started");

    CompletableFuture<Integer> stopped = stopInBackground();
    node.jvm()
        .awaitLine(Pattern.compile("waiting for 1 file-system tool\\(s\\) to finish"), PATIENCE);
    assertThat(node.jvm().isAlive()).isTrue();
    gate.open();
    assertThat(stopped.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(toolLog()).hasSize(2).last().asString().matches("finished [01]");

    node.restart();
    client = node.client();
    client.stage(volumeId, mount("ext4"));

    assertThat(Files.readString(node.inside(client.staging(volumeId)).resolve("kept.txt")))
        .isEqualTo("kept");
    assertThat(totalBytes(client, volumeId)).isGreaterThan(3 * GIB / 2);
    client.unstage(volumeId);
    assertThat(
            new ToolRunner(PATIENCE)
                .run(List.of("e2fsck", "-f", "-n", backingFile(volumeId).toString()))
                .exitCode())
        .as("the file system is consistent")
        .isZero();
  }

  private Status.Code stageWithin(NodeClient client, String volumeId, Duration deadline) {
    NodeStageVolumeRequest request = client.stageRequest(volumeId, mount("ext4")).build();
    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                client
                    .node
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .nodeStageVolume(request));
    assertThat(failure).as("NodeStage ends while e2fsck is held").isNotNull();
    return failure.getStatus().getCode();
  }

  private CompletableFuture<Integer> stopInBackground() {
    CompletableFuture<Integer> stopped = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                stopped.complete(node.stop());
              } catch (Exception e) {
                stopped.completeExceptionally(e);
              }
            });
    return stopped;
  }

  private long totalBytes(NodeClient client, String volumeId) {
    return client.stats(volumeId, client.staging(volumeId)).getUsageList().stream()
        .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
        .findFirst()
        .orElseThrow()
        .getTotal();
  }

  private Path backingFile(String volumeId) {
    return cluster.dataDir().resolve("volumes").resolve(volumeId + ".img");
  }

  private void growBackingFile(String volumeId, long bytes) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(backingFile(volumeId).toFile(), "rw")) {
      file.setLength(bytes);
    }
  }

  /**
   * A directory holding an {@code e2fsck} that logs its start, waits at a gate the first time,
   * runs the real e2fsck, and logs how it ended.
   */
  private Path gatedE2fsck(Path tools) throws Exception {
    toolLog = root.resolve("e2fsck.log");
    Files.createFile(toolLog);
    gate = Gate.at(root.resolve("gate"));
    String real =
        List.of("/usr/sbin/e2fsck", "/sbin/e2fsck").stream()
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElseThrow();
    Path script = tools.resolve("e2fsck");
    Path used = root.resolve("gate-used");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo started >> " + toolLog,
            "if [ ! -e " + used + " ]; then touch " + used + "; read x < " + gate.path() + "; fi",
            real + " \"$@\"",
            "rc=$?",
            "echo \"finished $rc\" >> " + toolLog,
            "exit $rc",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tools;
  }

  private List<String> toolLog() throws IOException {
    return Files.readAllLines(toolLog);
  }
}
