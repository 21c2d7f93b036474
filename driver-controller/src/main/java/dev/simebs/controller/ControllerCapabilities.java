package dev.simebs.controller;

import csi.v1.ControllerServiceCapability;
import csi.v1.ControllerServiceCapability.RPC.Type;
import csi.v1.PluginCapability;
import dev.simebs.common.identity.PluginCapabilities;
import java.util.List;

/** What the controller advertises, to the CO through Identity and ControllerGetCapabilities. */
final class ControllerCapabilities {

  private ControllerCapabilities() {}

  static final List<Type> RPCS =
      List.of(
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

  static List<ControllerServiceCapability> controller() {
    return RPCS.stream()
        .map(
            type ->
                ControllerServiceCapability.newBuilder()
                    .setRpc(ControllerServiceCapability.RPC.newBuilder().setType(type))
                    .build())
        .toList();
  }

  static List<PluginCapability> plugin() {
    return List.of(
        PluginCapabilities.service(PluginCapability.Service.Type.CONTROLLER_SERVICE),
        PluginCapabilities.service(PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS),
        PluginCapabilities.expansion(PluginCapability.VolumeExpansion.Type.ONLINE));
  }
}
