package dev.simebs.controller.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerServiceCapability.RPC.Type;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GetSnapshotRequest;
import csi.v1.PluginCapability;
import csi.v1.ProbeRequest;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.controller.ControllerHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityAndCapabilitiesTest extends ConformanceTest {

  @Test
  void pluginAdvertisesControllerTopologyAndOnlineExpansion() {
    var capabilities =
        h.identity().getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList();

    assertThat(capabilities)
        .extracting(c -> c.getService().getType())
        .contains(
            PluginCapability.Service.Type.CONTROLLER_SERVICE,
            PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS);
    assertThat(capabilities)
        .extracting(c -> c.getVolumeExpansion().getType())
        .contains(PluginCapability.VolumeExpansion.Type.ONLINE);
  }

  @Test
  void probeIsReadyWhenTheBackendAnswers() {
    assertThat(h.identity().probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();
    assertThat(h.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance()).getName())
        .isEqualTo("ebs.csi.simebs.dev");
  }

  /** What spec v1.11.0 names; csi-provisioner v5.2.0 and csi-sanity v5.4.0 know no more. */
  private static final List<Type> V1_11_RPCS =
      List.of(
          Type.CREATE_DELETE_VOLUME,
          Type.PUBLISH_UNPUBLISH_VOLUME,
          Type.LIST_VOLUMES,
          Type.LIST_VOLUMES_PUBLISHED_NODES,
          Type.GET_CAPACITY,
          Type.CREATE_DELETE_SNAPSHOT,
          Type.LIST_SNAPSHOTS,
          Type.CLONE_VOLUME,
          Type.PUBLISH_READONLY,
          Type.EXPAND_VOLUME,
          Type.GET_VOLUME,
          Type.VOLUME_CONDITION,
          Type.MODIFY_VOLUME,
          Type.SINGLE_NODE_MULTI_WRITER);

  @Test
  void byDefaultTheControllerAdvertisesOnlyWhatSpecV111NamesButServesGetSnapshot() {
    assertThat(advertised(h)).containsExactlyInAnyOrderElementsOf(V1_11_RPCS);

    String volumeId = h.createVolume("pvc-1").getVolumeId();
    String snapshotId = h.createSnapshot("snap-1", volumeId).getSnapshotId();
    assertThat(
            h.controller()
                .getSnapshot(GetSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build())
                .getSnapshot()
                .getSourceVolumeId())
        .isEqualTo(volumeId);
  }

  @Test
  void advertisingSpecV112AddsGetSnapshot(@TempDir Path other) throws Exception {
    try (ControllerHarness v112 =
        ControllerHarness.start(other, ControllerHarness.CONFIG.advertising(AdvertisedSpec.V1_12_0))) {
      assertThat(advertised(v112))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(V1_11_RPCS.stream(), Stream.of(Type.GET_SNAPSHOT)).toList());
    }
  }

  private static List<Type> advertised(ControllerHarness harness) {
    return harness.controller().controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
        .getCapabilitiesList().stream()
        .map(c -> c.getRpc().getType())
        .toList();
  }
}
