package dev.simebs.controller.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerServiceCapability.RPC.Type;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.PluginCapability;
import csi.v1.ProbeRequest;
import org.junit.jupiter.api.Test;

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

  @Test
  void controllerAdvertisesEveryRpcItServes() {
    var types =
        h.controller().controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
            .getCapabilitiesList().stream()
            .map(c -> c.getRpc().getType())
            .toList();

    assertThat(types)
        .containsExactlyInAnyOrder(
            Type.CREATE_DELETE_VOLUME,
            Type.PUBLISH_UNPUBLISH_VOLUME,
            Type.LIST_VOLUMES,
            Type.LIST_VOLUMES_PUBLISHED_NODES,
            Type.GET_CAPACITY,
            Type.CREATE_DELETE_SNAPSHOT,
            Type.LIST_SNAPSHOTS,
            Type.GET_SNAPSHOT,
            Type.CLONE_VOLUME,
            Type.PUBLISH_READONLY,
            Type.EXPAND_VOLUME,
            Type.GET_VOLUME,
            Type.VOLUME_CONDITION,
            Type.MODIFY_VOLUME,
            Type.SINGLE_NODE_MULTI_WRITER);
  }
}
