package dev.simebs.node.request;

import static dev.simebs.common.testing.Answered.answered;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCapability;
import dev.simebs.common.fs.FsType;
import dev.simebs.common.sys.MountFlag;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The volume capability and context of a request, read into how the node uses the volume. */
class AccessRulesTest {

  @Test
  void genericFlagsAndFileSystemOptionsAreSplit() {
    Access.Filesystem access =
        filesystem("ext4", "noatime,nosuid", "data=ordered", "commit=30", "errors=remount-ro");

    assertThat(access.options().flags()).containsExactlyInAnyOrder(MountFlag.NO_ATIME, MountFlag.NO_SUID);
    assertThat(access.options().data()).containsExactly("data=ordered", "commit=30", "errors=remount-ro");
  }

  @Test
  void defaultsThatChangeNothingAreDropped() {
    Access.Filesystem access = filesystem("xfs", "rw,defaults,exec", "nouuid");

    assertThat(access.options().flags()).isEmpty();
    assertThat(access.options().data()).containsExactly("nouuid");
  }

  @Test
  void errorsPanicIsRefusedWithItsReason() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "mount_flags: errors=panic is not allowed: it would let a file-system error crash the host",
        answered(() -> filesystem("ext4", "errors=panic")));
  }

  @Test
  void anExternalJournalDeviceIsRefused() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "journal_dev=0x0801 is not allowed: it names a host device",
        answered(() -> filesystem("ext4", "journal_dev=0x0801")));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "logdev=/dev/sda is not allowed",
        answered(() -> filesystem("xfs", "logdev=/dev/sda")));
  }

  @Test
  void flagsThatWouldMountSomethingElseAreRefused() {
    for (String flag : List.of("bind", "rbind", "move", "remount", "shared")) {
      assertFailsWith(
          Status.Code.INVALID_ARGUMENT,
          "mount_flags: " + flag + " is not allowed",
          answered(() -> filesystem("ext4", "noatime," + flag)));
    }
  }

  @Test
  void anOptionOfAnotherFileSystemIsRefusedNamingTheType() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "nouuid is not an allowed mount option of ext4",
        answered(() -> filesystem("ext4", "nouuid")));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "data=journal is not an allowed mount option of xfs",
        answered(() -> filesystem("xfs", "data=journal")));
  }

  @Test
  void anOptionOfAnyKnownFileSystemPassesWhenNoTypeIsNamed() {
    Access.Filesystem access = filesystem("", "nouuid", "data=writeback");

    assertThat(access.options().data()).containsExactly("nouuid", "data=writeback");
    assertThat(access.options().firstRefusedBy(FsType.EXT4)).contains("nouuid");
    assertThat(access.options().firstRefusedBy(FsType.XFS)).contains("data=writeback");
  }

  @Test
  void aValueOutsideItsPatternIsRefused() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "commit=soon is not an allowed mount option of ext4",
        answered(() -> filesystem("ext4", "commit=soon")));
  }

  @Test
  void anUnknownOptionIsRefusedAndShortenedInTheMessage() {
    String long1 = "x".repeat(500);
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "more characters) is not an allowed mount option",
        answered(() -> filesystem("ext4", long1)));
  }

  @Test
  void readOnlyIsAFlagOfTheMountAndTheFileSystem() {
    Access.Filesystem access = filesystem("ext4", "ro,sync");

    assertThat(access.options().readOnly()).isTrue();
    assertThat(access.options().perMountFlags()).containsExactly(MountFlag.READ_ONLY);
  }

  @Test
  void inodeRatioDoesNotApplyToXfs() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "bytesPerInode does not apply to xfs",
        answered(() -> AccessRules.of(capability("xfs"), Map.of("bytesPerInode", "16384"))));
  }

  @Test
  void negativeBlockSizeIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "blockSize must be a positive integer",
        answered(() -> AccessRules.of(capability("ext4"), Map.of("blockSize", "-1"))));
  }

  @Test
  void fileSystemTypeFromTheContextCountsWhenTheCapabilityNamesNone() {
    Access.Filesystem access =
        (Access.Filesystem) AccessRules.of(capability(""), Map.of("fsType", "xfs"));

    assertThat(access.requested()).isEqualTo(Optional.of(FsType.XFS));
  }

  private static Access.Filesystem filesystem(String fsType, String... flags) {
    return (Access.Filesystem) AccessRules.of(capability(fsType, flags), Map.of());
  }

  private static VolumeCapability capability(String fsType, String... flags) {
    return VolumeCapability.newBuilder()
        .setMount(
            VolumeCapability.MountVolume.newBuilder()
                .setFsType(fsType)
                .addAllMountFlags(List.of(flags)))
        .setAccessMode(
            VolumeCapability.AccessMode.newBuilder()
                .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }
}
