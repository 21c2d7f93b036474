package dev.simebs.common.identity;

import csi.v1.PluginCapability;

/** Shorthands for the plugin capabilities SimEBS processes advertise. */
public final class PluginCapabilities {

  private PluginCapabilities() {}

  public static PluginCapability service(PluginCapability.Service.Type type) {
    return PluginCapability.newBuilder()
        .setService(PluginCapability.Service.newBuilder().setType(type))
        .build();
  }

  public static PluginCapability expansion(PluginCapability.VolumeExpansion.Type type) {
    return PluginCapability.newBuilder()
        .setVolumeExpansion(PluginCapability.VolumeExpansion.newBuilder().setType(type))
        .build();
  }
}
