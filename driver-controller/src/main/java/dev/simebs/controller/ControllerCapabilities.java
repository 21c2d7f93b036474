package dev.simebs.controller;

import csi.v1.ControllerServiceCapability.RPC.Type;
import csi.v1.ControllerServiceCapability;
import csi.v1.PluginCapability;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.common.identity.PluginCapabilities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the controller advertises, to the CO through Identity and ControllerGetCapabilities. Each
 * capability is listed with the spec version that named it; one newer than the {@link
 * AdvertisedSpec} the operator chose is served but not advertised.
 */
final class ControllerCapabilities {

  private ControllerCapabilities() {}

  static final Map<Type, AdvertisedSpec> RPCS = rpcs();

  private static Map<Type, AdvertisedSpec> rpcs() {
    Map<Type, AdvertisedSpec> rpcs = new LinkedHashMap<>();
    for (Type type :
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
            Type.SINGLE_NODE_MULTI_WRITER)) {
      rpcs.put(type, AdvertisedSpec.V1_11_0);
    }
    rpcs.put(Type.GET_SNAPSHOT, AdvertisedSpec.V1_12_0);
    return Map.copyOf(rpcs);
  }

  static List<ControllerServiceCapability> controller(AdvertisedSpec advertised) {
    return RPCS.entrySet().stream()
        .filter(rpc -> advertised.allows(rpc.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
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
