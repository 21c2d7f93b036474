package dev.simebs.controller.capabilities;

import static dev.simebs.common.testing.DomainAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CapabilityRulesTest {

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"SINGLE_NODE_WRITER", "SINGLE_NODE_SINGLE_WRITER", "SINGLE_NODE_MULTI_WRITER", "SINGLE_NODE_READER_ONLY"})
  void singleNodeModesServeMountAndBlock(Mode mode) {
    assertThat(problem(mount("ext4", mode), false)).isEmpty();
    assertThat(problem(block(mode), false)).isEmpty();
  }

  @Test
  void multiNodeSingleWriterIsNotServed() {
    assertThat(problem(block(Mode.MULTI_NODE_SINGLE_WRITER), true))
        .hasValueSatisfying(p -> assertThat(p).contains("MULTI_NODE_SINGLE_WRITER"));
  }

  @Test
  void capabilityWithoutAModeIsInvalid() {
    assertInvalid(() -> CapabilityRules.read(block(Mode.UNKNOWN), "c")).contains("c.access_mode.mode");
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"MULTI_NODE_READER_ONLY", "MULTI_NODE_MULTI_WRITER"})
  void multiNodeModesNeedBlockOnAMultiAttachVolume(Mode mode) {
    assertThat(problem(block(mode), true)).isEmpty();
    assertThat(problem(block(mode), false)).hasValueSatisfying(p -> assertThat(p).contains("multi-attach"));
    assertThat(problem(mount("", mode), true)).hasValueSatisfying(p -> assertThat(p).contains("block"));
    assertThat(problem(mount("ext4", mode), false)).hasValueSatisfying(p -> assertThat(p).contains(mode.name()));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "ext4", "ext3", "xfs", "XFS"})
  void supportedFileSystemsAreServed(String fsType) {
    assertThat(problem(mount(fsType, Mode.SINGLE_NODE_WRITER), false)).isEmpty();
  }

  @Test
  void unsupportedFileSystemIsAProblem() {
    assertThat(problem(mount("btrfs", Mode.SINGLE_NODE_WRITER), false))
        .hasValueSatisfying(p -> assertThat(p).contains("btrfs"));
  }

  @Test
  void capabilityWithoutAccessTypeIsInvalid() {
    VolumeCapability capability =
        VolumeCapability.newBuilder().setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(Mode.SINGLE_NODE_WRITER)).build();

    assertInvalid(() -> CapabilityRules.read(capability, "volume_capability"))
        .contains("volume_capability.access_type");
  }

  @Test
  void capabilityWithoutAccessModeIsInvalid() {
    VolumeCapability capability =
        VolumeCapability.newBuilder().setBlock(VolumeCapability.BlockVolume.getDefaultInstance()).build();

    assertInvalid(() -> CapabilityRules.read(capability, "c")).contains("c.access_mode");
  }

  @Test
  void emptyListIsInvalid() {
    assertInvalid(() -> CapabilityRules.readAll(List.of(), "volume_capabilities"))
        .contains("volume_capabilities is required");
  }

  @Test
  void requireServedNamesTheIndex() {
    List<RequestedCapability> capabilities =
        CapabilityRules.readAll(List.of(mount("ext4", Mode.SINGLE_NODE_WRITER), block(Mode.MULTI_NODE_SINGLE_WRITER)), "volume_capabilities");

    assertInvalid(() -> CapabilityRules.requireServed(capabilities, false, "volume_capabilities"))
        .contains("volume_capabilities[1]");
  }

  private static java.util.Optional<String> problem(VolumeCapability capability, boolean multiAttach) {
    return CapabilityRules.problem(CapabilityRules.read(capability, "c"), multiAttach);
  }

  public static VolumeCapability mount(String fsType, Mode mode) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fsType))
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  public static VolumeCapability block(Mode mode) {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }
}
