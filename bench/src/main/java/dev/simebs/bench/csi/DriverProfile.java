package dev.simebs.bench.csi;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerServiceCapability;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GetPluginInfoResponse;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.NodeServiceCapability;
import csi.v1.PluginCapability;
import csi.v1.Topology;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the driver under test says about itself, so the tool calls only what it supports, the way
 * a CO does: ControllerPublish only with PUBLISH_UNPUBLISH_VOLUME, NodeStage only with
 * STAGE_UNSTAGE_VOLUME, and so on.
 */
public record DriverProfile(
    String pluginName,
    String vendorVersion,
    Set<ControllerServiceCapability.RPC.Type> controller,
    Set<NodeServiceCapability.RPC.Type> node,
    boolean topologyAware,
    String nodeId,
    Topology nodeTopology) {

  public boolean controllerPublish() {
    return controller.contains(ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME);
  }

  public boolean nodeStage() {
    return node.contains(NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME);
  }

  public boolean nodeExpand() {
    return node.contains(NodeServiceCapability.RPC.Type.EXPAND_VOLUME);
  }

  /**
   * Asks Identity, Controller and (when the run uses it) Node.
   *
   * @param useController whether the scenario calls the Controller service
   * @param useNode whether the scenario needs the Node service (or a node ID for attach)
   * @param nodeIdOverride the node ID to use instead of NodeGetInfo's, or null
   */
  public static DriverProfile discover(
      CsiConnection csi, boolean useController, boolean useNode, String nodeIdOverride) {
    GetPluginInfoResponse info = pluginInfo(csi);
    boolean topology =
        csi.identity().getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance())
            .getCapabilitiesList().stream()
            .anyMatch(
                c ->
                    c.getService().getType()
                        == PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS);
    Set<ControllerServiceCapability.RPC.Type> controller =
        EnumSet.noneOf(ControllerServiceCapability.RPC.Type.class);
    if (useController) {
      csi.controller()
          .controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
          .getCapabilitiesList()
          .forEach(c -> controller.add(c.getRpc().getType()));
    }
    Set<NodeServiceCapability.RPC.Type> node = EnumSet.noneOf(NodeServiceCapability.RPC.Type.class);
    String nodeId = nodeIdOverride;
    Topology nodeTopology = Topology.getDefaultInstance();
    if (useNode) {
      csi.node()
          .nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance())
          .getCapabilitiesList()
          .forEach(c -> node.add(c.getRpc().getType()));
      NodeGetInfoResponse nodeInfo = csi.node().nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
      if (nodeId == null) {
        nodeId = nodeInfo.getNodeId();
      }
      nodeTopology = nodeInfo.getAccessibleTopology();
    }
    return new DriverProfile(
        info.getName(), info.getVendorVersion(), controller, node, topology, nodeId, nodeTopology);
  }

  /**
   * The driver's name and version. They only label the results, so a driver that cannot tell
   * them (the hostpath driver built without its version answers UNAVAILABLE) is still measured.
   */
  private static GetPluginInfoResponse pluginInfo(CsiConnection csi) {
    try {
      return csi.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      return GetPluginInfoResponse.newBuilder()
          .setName("unknown")
          .setVendorVersion("GetPluginInfo failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription())
          .build();
    }
  }
}
