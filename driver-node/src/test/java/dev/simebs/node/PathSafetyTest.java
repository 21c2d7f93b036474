package dev.simebs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.block;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node never acts outside the paths it was given: a symbolic link anywhere in a request path,
 * a path outside the allowed root or inside the node's own directories, an object of the wrong
 * kind, or a path the kernel refuses, is answered with the right code naming the field, and
 * leaves the mount table and the linked-to directories as they were.
 */
class PathSafetyTest {

  /** Where in {@code <root>/x/y/z} the link is. */
  enum Position {
    FIRST,
    MIDDLE,
    LAST
  }

  /** What the link points at. */
  enum LinkTarget {
    ROOT,
    SYSTEM_DIRECTORY,
    SIBLING_STAGING
  }

  private NodeHarness harness;
  private String volumeId;
  private final List<String> staged = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4");
    harness = NodeHarness.start();
    volumeId = harness.newVolume(64 * MIB);
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      for (String id : staged) {
        harness.unstage(id);
      }
      harness.close();
    }
  }

  static Stream<Arguments> everyPositionAndTarget() {
    List<Arguments> all = new ArrayList<>();
    for (Position position : Position.values()) {
      for (LinkTarget target : LinkTarget.values()) {
        all.add(arguments(position, target));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "link at {0} to {1}")
  @MethodSource("everyPositionAndTarget")
  void stagingPathWithALinkIsInvalidAndMountsNothing(Position position, LinkTarget target)
      throws Exception {
    Path linkTo = linkTarget(target);
    Path staging = linkedPath(position, linkTo);

    assertRefusedAndUntouched(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path",
        linkTo,
        staging,
        () -> stageAt(staging, mount("ext4")));
  }

  @ParameterizedTest(name = "link at {0} to {1}")
  @MethodSource("everyPositionAndTarget")
  void targetPathWithALinkIsInvalidAndMountsNothing(Position position, LinkTarget target)
      throws Exception {
    stage(volumeId, mount("ext4"));
    Path linkTo = linkTarget(target);
    Path publishTarget = linkedPath(position, linkTo);

    assertRefusedAndUntouched(
        Status.Code.INVALID_ARGUMENT,
        "target_path",
        linkTo,
        publishTarget,
        () -> harness.publish(volumeId, mount("ext4"), publishTarget, false));
  }

  @ParameterizedTest(name = "link at {0}")
  @EnumSource(Position.class)
  void blockStagingAndTargetPathsWithALinkAreInvalid(Position position) throws Exception {
    Path linkTo = Path.of("/etc");
    Path staging = linkedPath(position, linkTo);
    assertRefusedAndUntouched(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path",
        linkTo,
        staging,
        () -> stageAt(staging, block()));

    stage(volumeId, block());
    Path publishTarget = linkedPath(position, linkTo);
    assertRefusedAndUntouched(
        Status.Code.INVALID_ARGUMENT,
        "target_path",
        linkTo,
        publishTarget,
        () -> harness.publish(volumeId, block(), publishTarget, false));
  }

  @ParameterizedTest(name = "link at {0}")
  @EnumSource(Position.class)
  void unstageAndUnpublishRefuseAPathWithALink(Position position) throws Exception {
    Path linkTo = linkTarget(LinkTarget.SIBLING_STAGING);
    Path path = linkedPath(position, linkTo);

    assertRefusedAndUntouched(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path",
        linkTo,
        path,
        () ->
            harness.node.nodeUnstageVolume(
                NodeUnstageVolumeRequest.newBuilder()
                    .setVolumeId(staged.getFirst())
                    .setStagingTargetPath(path.toString())
                    .build()));
    assertRefusedAndUntouched(
        Status.Code.INVALID_ARGUMENT,
        "target_path",
        linkTo,
        path,
        () ->
            harness.node.nodeUnpublishVolume(
                NodeUnpublishVolumeRequest.newBuilder()
                    .setVolumeId(staged.getFirst())
                    .setTargetPath(path.toString())
                    .build()));
  }

  @ParameterizedTest(name = "link at {0}")
  @EnumSource(Position.class)
  void statsAndExpandThroughALinkFindNoVolume(Position position) throws Exception {
    // The link leads to where the volume really is staged: still not a path of this node's.
    Path linkTo = linkTarget(LinkTarget.SIBLING_STAGING);
    String sibling = staged.getFirst();
    Path path = linkedPath(position, linkTo);
    Path viaLink = position == Position.LAST ? path : path.getParent();

    assertRefusedAndUntouched(
        Status.Code.NOT_FOUND,
        "volume_path",
        linkTo,
        viaLink,
        () -> harness.stats(sibling, viaLink));
    assertRefusedAndUntouched(
        Status.Code.NOT_FOUND,
        "volume_path",
        linkTo,
        viaLink,
        () -> harness.expand(sibling, viaLink, 0));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/proc/x", "/sys/x", "/dev/x", "/etc/x", "/boot/x", "/usr/x"})
  void pathsOutsideTheAllowedRootAreInvalid(String path) {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path " + path + ": must be inside " + harness.kubeletDir,
        () ->
            harness.node.nodeStageVolume(
                harness.stageRequest(volumeId, mount("ext4")).setStagingTargetPath(path).build()));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "target_path " + path + ": must be inside",
        () -> harness.publish(volumeId, mount("ext4"), Path.of(path), false));
  }

  @Test
  void theNodesOwnDirectoriesAreRefusedEvenInsideAnAllowedRoot() throws Exception {
    harness.close();
    harness =
        NodeHarness.start(
            config -> config.withAllowedRoots(List.of(configRootOf(config))), Optional.empty());
    volumeId = harness.newVolume(64 * MIB);
    Path insideData = harness.dataDir.resolve("volumes/staging");
    Path aboveState = harness.root.resolve("state");

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must not be inside or above the node's own directory " + harness.dataDir,
        () ->
            harness.node.nodeStageVolume(
                harness
                    .stageRequest(volumeId, mount("ext4"))
                    .setStagingTargetPath(insideData.toString())
                    .build()));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must not be inside or above the node's own directory",
        () -> harness.publish(volumeId, mount("ext4"), aboveState, false));
    assertThat(insideData).doesNotExist();
  }

  @Test
  void stagingPathThatIsARegularFileIsInvalidAndKeepsItsContent() throws Exception {
    Path staging = harness.staging(volumeId);
    Files.createDirectories(staging.getParent());
    Files.writeString(staging, "not a directory");

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "is a regular file; it must be a directory or absent",
        () -> harness.stage(volumeId, mount("ext4")));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "is a regular file; it must be a directory or absent",
        () -> harness.stage(volumeId, block()));
    assertThat(Files.readString(staging)).isEqualTo("not a directory");
    assertThat(mountsBelow(harness.root)).isEmpty();
  }

  @Test
  void stagingPathThatIsASpecialFileIsInvalid() throws Exception {
    Path staging = harness.staging(volumeId);
    Files.createDirectories(staging.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", staging.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "is a special file",
        () -> harness.stage(volumeId, mount("ext4")));
    assertThat(mountsBelow(harness.root)).isEmpty();
  }

  @Test
  void blockDeviceFileInTheStagingDirectoryThatIsADirectoryIsInvalid() throws Exception {
    Files.createDirectories(harness.staging(volumeId).resolve(volumeId));

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "is a directory; it must be a regular file or absent",
        () -> harness.stage(volumeId, block()));
    assertThat(mountsBelow(harness.root)).isEmpty();
  }

  @Test
  void mountTargetThatIsAFileAndBlockTargetThatIsADirectoryAreInvalid() throws Exception {
    stage(volumeId, mount("ext4"));
    Path fileTarget = harness.target(volumeId, "file-pod");
    Files.createDirectories(fileTarget.getParent());
    Files.writeString(fileTarget, "keep me");
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "target_path " + fileTarget + ": is a regular file; it must be a directory or absent",
        () -> harness.publish(volumeId, mount("ext4"), fileTarget, false));
    assertThat(Files.readString(fileTarget)).isEqualTo("keep me");

    String blockVolume = harness.newVolume(16 * MIB);
    stage(blockVolume, block());
    Path directoryTarget = Files.createDirectories(harness.target(blockVolume, "dir-pod"));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "is a directory; it must be a regular file or absent",
        () -> harness.publish(blockVolume, block(), directoryTarget, false));
    assertThat(directoryTarget).isDirectory();
    assertThat(mountsBelow(harness.root)).hasSize(2); // the two staging mounts, nothing more
  }

  @Test
  void pathThroughARegularFileIsInvalid() throws Exception {
    stage(volumeId, mount("ext4"));
    Path file = harness.kubeletDir.resolve("pods/a-file");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "a component of it is not a directory",
        () -> harness.publish(volumeId, mount("ext4"), file.resolve("volume"), false));
  }

  @Test
  void statsOfAPathThatIsAFileOrMissingFindsNoVolume() throws Exception {
    Path file = Files.createDirectories(harness.kubeletDir.resolve("pods")).resolve("file");
    Files.writeString(file, "x");

    assertFailsWith(
        Status.Code.NOT_FOUND, "volume_path " + file, () -> harness.stats(volumeId, file));
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "is not mounted at " + harness.kubeletDir.resolve("pods/missing"),
        () -> harness.stats(volumeId, harness.kubeletDir.resolve("pods/missing")));
  }

  @Test
  void publishWhereNothingIsStagedIsFailedPreconditionNamingThePath() {
    Path staging = harness.kubeletDir.resolve("no/such/staging");
    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "volume " + volumeId + " is not staged at " + staging,
        () ->
            harness.node.nodePublishVolume(
                harness
                    .publishRequest(volumeId, mount("ext4"), harness.target(volumeId, "pod"), false)
                    .setStagingTargetPath(staging.toString())
                    .build()));
    assertThat(harness.target(volumeId, "pod")).doesNotExist();
  }

  @Test
  void aTenThousandCharacterPathIsInvalidWithABoundedMessage() {
    String huge = harness.kubeletDir + "/" + "a/".repeat(4_990) + "z";

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "longer than the kernel's limit of 4095 bytes",
        () -> harness.publish(volumeId, mount("ext4"), Path.of(huge), false));
    try {
      harness.publish(volumeId, mount("ext4"), Path.of(huge), false);
    } catch (io.grpc.StatusRuntimeException e) {
      assertThat(e.getStatus().getDescription()).startsWith("target_path ").hasSizeLessThan(400);
    }
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "volume_path",
        () -> harness.stats(volumeId, Path.of(huge)));
  }

  @Test
  void aComponentLongerThanTheKernelAllowsIsInvalid() {
    Path target = harness.kubeletDir.resolve("n".repeat(256)).resolve("mount");

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "has a component longer than 255 bytes",
        () -> harness.publish(volumeId, mount("ext4"), target, false));
  }

  @Test
  void aDirectoryTheKernelWillNotLetTheNodeChangeIsFailedPrecondition() throws Exception {
    stage(volumeId, mount("ext4"));
    Path locked = Files.createDirectories(harness.kubeletDir.resolve("pods/locked"));
    HostRequirements.assumeTools("chattr");
    boolean immutable = run("chattr", "+i", locked.toString()) == 0;
    org.junit.jupiter.api.Assumptions.assumeTrue(
        immutable, "the file system of " + locked + " cannot make a directory immutable");
    try {
      Path target = locked.resolve("volumes/mount");
      assertFailsWith(
          Status.Code.FAILED_PRECONDITION,
          "target_path " + target + ": the kernel does not let the node change it (Operation not"
              + " permitted)",
          () -> harness.publish(volumeId, mount("ext4"), target, false));
    } finally {
      run("chattr", "-i", locked.toString());
    }
    assertThat(mountsBelow(harness.root)).hasSize(1);
  }

  @Test
  void aMountOptionTheKernelRefusesIsInvalidNamingItAndLeavesNothing() throws Exception {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_capability.mount.mount_flags: inode_readahead_blks=3 was refused by the file"
            + " system",
        () -> harness.stage(volumeId, mount("ext4", "inode_readahead_blks=3")));

    assertThat(mountsBelow(harness.root)).isEmpty();
    assertThat(Leftovers.under(harness.root)).isEmpty();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void stage(String id, csi.v1.VolumeCapability capability) {
    harness.stage(id, capability);
    staged.add(id);
  }

  private void stageAt(Path staging, csi.v1.VolumeCapability capability) {
    harness.node.nodeStageVolume(
        harness
            .stageRequest(volumeId, capability)
            .setStagingTargetPath(staging.toString())
            .build());
  }

  private Path linkTarget(LinkTarget target) throws IOException {
    return switch (target) {
      case ROOT -> Path.of("/");
      case SYSTEM_DIRECTORY -> Path.of("/etc");
      case SIBLING_STAGING -> {
        String sibling = harness.newVolume(64 * MIB);
        stage(sibling, mount("ext4"));
        yield harness.staging(sibling);
      }
    };
  }

  /** {@code <kubelet>/x/y/z} with the component at {@code position} a link to {@code linkTo}. */
  private Path linkedPath(Position position, Path linkTo) throws IOException {
    String unique = "l" + UUID.randomUUID().toString().substring(0, 8);
    Path x = harness.kubeletDir.resolve(unique);
    Path y = x.resolve("y" + unique);
    Path z = y.resolve("z" + unique);
    Path link =
        switch (position) {
          case FIRST -> x;
          case MIDDLE -> y;
          case LAST -> z;
        };
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, linkTo);
    return z;
  }

  /**
   * Runs {@code call}, expects {@code code} naming {@code field} and the link, and checks that the
   * linked-to directory has no new mount and nothing new where the path led.
   */
  private void assertRefusedAndUntouched(
      Status.Code code, String field, Path linkTo, Path path, Executable call) throws Exception {
    List<Integer> mountsAtTarget = mountIdsAtOrBelow(linkTo);
    List<String> listing = listing(linkTo);
    List<Integer> ourMounts = mountIdsAtOrBelow(harness.root);

    assertFailsWith(code, field, call);
    assertFailsWith(code, "symbolic link", call);

    assertThat(mountIdsAtOrBelow(linkTo)).isEqualTo(mountsAtTarget);
    assertThat(listing(linkTo)).isEqualTo(listing);
    assertThat(mountIdsAtOrBelow(harness.root)).isEqualTo(ourMounts);
    Path where = linkTo;
    for (Path name : firstLinkOf(path).relativize(path)) {
      if (name.toString().isEmpty()) {
        break;
      }
      where = where.resolve(name);
      assertThat(Files.exists(where, LinkOption.NOFOLLOW_LINKS))
          .as("%s must not have been made", where)
          .isFalse();
    }
  }

  private static Path firstLinkOf(Path path) {
    Path prefix = path.getRoot();
    for (Path name : path) {
      prefix = prefix.resolve(name);
      if (Files.isSymbolicLink(prefix)) {
        return prefix;
      }
    }
    throw new AssertionError("no link in " + path);
  }

  /**
   * The mounts at {@code dir}, or below it when the test owns it (for / and system directories,
   * only at it: other tests on this machine mount below those at the same time).
   */
  private List<Integer> mountIdsAtOrBelow(Path dir) throws IOException {
    boolean ours = dir.startsWith(harness.root);
    return MountTable.ofThisProcess().read().stream()
        .filter(m -> ours ? m.mountPoint().startsWith(dir) : m.mountPoint().equals(dir))
        .map(Mount::id)
        .toList();
  }

  /** The names in {@code dir} when the test owns it; others' directories change under us. */
  private List<String> listing(Path dir) throws IOException {
    if (!dir.startsWith(harness.root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<Mount> mountsBelow(Path root) throws IOException {
    return MountTable.ofThisProcess().read().stream()
        .filter(m -> m.mountPoint().startsWith(root))
        .toList();
  }

  private static Path configRootOf(NodeConfig config) {
    return config.stateDir().getParent();
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor();
  }
}
