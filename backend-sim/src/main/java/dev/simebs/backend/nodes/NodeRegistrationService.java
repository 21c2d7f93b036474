package dev.simebs.backend.nodes;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.NODE_NOT_FOUND;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.Node;
import dev.simebs.backend.attachments.DeviceNames;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.zones.ZoneRows;
import dev.simebs.backend.zones.ZoneSpec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Simulated instances: registered by the node plugin at start, re-registering updates them. */
public final class NodeRegistrationService {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistrationService.class);

  private final Database db;
  private final int defaultLimit;
  private final boolean zonesFromNodes;

  /**
   * @param zonesFromNodes whether a node's unknown zone is added (else it is refused, naming
   *     both sides of the disagreement)
   */
  public NodeRegistrationService(Database db, int defaultLimit, boolean zonesFromNodes) {
    this.db = db;
    this.defaultLimit = defaultLimit;
    this.zonesFromNodes = zonesFromNodes;
  }

  public Node register(String nodeId, String zone, int limit) {
    Checks.nodeId("node_id", nodeId);
    if (limit < 0 || limit > DeviceNames.MAX) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "attachment_limit: %d is outside 0-%d (0: the default %d)"
              .formatted(limit, DeviceNames.MAX, defaultLimit), nodeId);
    }
    if (zone.isBlank()) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          ("zone: node %s reports no zone; label its Kubernetes Node with"
              + " topology.kubernetes.io/zone or start it with --zone").formatted(nodeId), nodeId);
    }
    return db.write(c -> {
      if (ZoneRows.find(c, zone).isEmpty()) {
        if (!zonesFromNodes) {
          throw BackendErrors.error(INVALID_PARAMETER_VALUE,
              ("zone: node %s is in zone '%s', which is not one of this backend's zones %s: the"
                  + " cluster's zone labels and the backend's configuration disagree; start the"
                  + " backend with --zones-from-nodes, or --zone %s=CAPACITY_GIB")
                  .formatted(nodeId, zone, ZoneRows.names(c), zone), nodeId);
        }
        ZoneRows.add(c, new ZoneSpec(zone, BackendConfig.DEFAULT_ZONE_CAPACITY_GIB));
        log.info("zone {} added: node {} reported it", zone, nodeId);
      }
      NodeRows.upsert(c, nodeId, zone, limit);
      return NodeRows.find(c, nodeId).orElseThrow().toNode(defaultLimit);
    });
  }

  /** The given nodes (each must exist), or all nodes when {@code nodeIds} is empty. */
  public List<Node> describe(List<String> nodeIds) {
    return db.read(c -> {
      if (nodeIds.isEmpty()) {
        return NodeRows.all(c).stream().map(n -> n.toNode(defaultLimit)).toList();
      }
      List<Node> nodes = new ArrayList<>();
      for (String id : nodeIds) {
        nodes.add(NodeRows.find(c, id).orElseThrow(() -> notFound(id)).toNode(defaultLimit));
      }
      return nodes;
    });
  }

  /** Removes a node; one that still has attachments is INCORRECT_STATE. */
  public void deregister(String nodeId) {
    Checks.nodeId("node_id", nodeId);
    db.write(c -> {
      NodeRows.Stored node = NodeRows.find(c, nodeId).orElseThrow(() -> notFound(nodeId));
      if (node.attachments() > 0) {
        throw BackendErrors.error(INCORRECT_STATE,
            "node %s still has %d attachments".formatted(nodeId, node.attachments()), nodeId);
      }
      NodeRows.delete(c, nodeId);
      return null;
    });
  }

  public static RuntimeException notFound(String nodeId) {
    return BackendErrors.error(NODE_NOT_FOUND,
        "node %s is not registered".formatted(nodeId), nodeId);
  }
}
