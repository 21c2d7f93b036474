package dev.simebs.backend.nodes;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.NODE_NOT_FOUND;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.Node;
import dev.simebs.backend.attachments.DeviceNames;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.zones.ZoneRows;
import java.util.ArrayList;
import java.util.List;

/** Simulated instances: registered by the node plugin at start, re-registering updates them. */
public final class NodeService {

  private final Database db;
  private final int defaultLimit;

  public NodeService(Database db, int defaultLimit) {
    this.db = db;
    this.defaultLimit = defaultLimit;
  }

  public Node register(String nodeId, String zone, int limit) {
    Checks.nodeId("node_id", nodeId);
    if (limit < 0 || limit > DeviceNames.MAX) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "attachment_limit: %d is outside 0-%d (0: the default %d)"
              .formatted(limit, DeviceNames.MAX, defaultLimit), nodeId);
    }
    return db.write(c -> {
      if (ZoneRows.find(c, zone).isEmpty()) {
        throw BackendErrors.error(INVALID_PARAMETER_VALUE,
            "zone: unknown zone '%s' for node %s".formatted(zone, nodeId), nodeId);
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
