package dev.simebs.node.cluster;

import dev.simebs.common.DriverInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up taint, as the EBS driver has it: nodes may join tainted with {@link #KEY}, so no pod
 * needing a SimEBS volume is scheduled before the driver can serve it. The node plugin removes the
 * taint from its own Node once kubelet has registered the driver, which the Node's CSINode object
 * shows by listing it, not merely once the plugin runs.
 */
public final class StartupTaint implements AutoCloseable {

  /** The taint key; any effect is removed. */
  public static final String KEY = "ebs.csi.simebs.dev/agent-not-ready";

  private static final Logger log = LoggerFactory.getLogger(StartupTaint.class);
  private static final Duration WAIT_ROUND = Duration.ofMinutes(5);
  private static final int PATCH_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String nodeName;
  private final Thread worker;
  private volatile boolean removed;

  private StartupTaint(KubernetesClient client, String nodeName) {
    this.client = client;
    this.nodeName = nodeName;
    this.worker = Thread.ofVirtual().name("startup-taint").unstarted(this::run);
  }

  /** Starts waiting, in the background, for kubelet to register the driver on {@code nodeName}. */
  public static StartupTaint removeOnceRegistered(KubernetesClient client, String nodeName) {
    StartupTaint taint = new StartupTaint(client, nodeName);
    taint.worker.start();
    return taint;
  }

  /** True once the Node carries no start-up taint (removed here, or never there). */
  public boolean removed() {
    return removed;
  }

  /** Waits up to {@code timeout} for {@link #removed()}. */
  public boolean awaitRemoved(Duration timeout) throws InterruptedException {
    worker.join(timeout);
    return removed;
  }

  @Override
  public void close() {
    worker.interrupt();
  }

  private void run() {
    try {
      awaitDriverRegistered();
      removeTaint();
      removed = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("could not remove the start-up taint {} from Node {}: {}", KEY, nodeName, e.getMessage());
    }
  }

  private void awaitDriverRegistered() throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        client
            .storage()
            .v1()
            .csiNodes()
            .withName(nodeName)
            .waitUntilCondition(StartupTaint::listsOurDriver, WAIT_ROUND.toSeconds(), TimeUnit.SECONDS);
        log.info("kubelet has registered {} on {}", DriverInfo.DRIVER_NAME, nodeName);
        return;
      } catch (KubernetesClientTimeoutException e) {
        log.info("still waiting for kubelet to register {} on {}", DriverInfo.DRIVER_NAME, nodeName);
      }
    }
    throw new InterruptedException();
  }

  static boolean listsOurDriver(CSINode csiNode) {
    return csiNode != null
        && csiNode.getSpec() != null
        && csiNode.getSpec().getDrivers() != null
        && csiNode.getSpec().getDrivers().stream()
            .anyMatch(d -> DriverInfo.DRIVER_NAME.equals(d.getName()));
  }

  /**
   * Removes the taint with a JSON patch that first tests the taint is still at the index read, so
   * a concurrent change to the Node's taints fails the patch instead of removing the wrong one.
   */
  private void removeTaint() {
    for (int attempt = 1; ; attempt++) {
      int index = indexOfOurs(taintsNow());
      if (index < 0) {
        log.info("Node {} carries no start-up taint {}", nodeName, KEY);
        return;
      }
      String patch = """
          [{"op":"test","path":"/spec/taints/%d/key","value":"%s"},\
          {"op":"remove","path":"/spec/taints/%d"}]""".formatted(index, KEY, index);
      try {
        client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON), patch);
        log.info("removed the start-up taint {} from Node {}", KEY, nodeName);
      } catch (KubernetesClientException e) {
        if (attempt >= PATCH_ATTEMPTS) {
          throw e;
        }
        log.info("Node {} changed while removing the start-up taint; reading it again", nodeName);
      }
    }
  }

  private List<Taint> taintsNow() {
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      throw new IllegalStateException("Kubernetes has no Node named " + nodeName);
    }
    return node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of()
        : node.getSpec().getTaints();
  }

  private static int indexOfOurs(List<Taint> taints) {
    for (int i = 0; i < taints.size(); i++) {
      if (KEY.equals(taints.get(i).getKey())) {
        return i;
      }
    }
    return -1;
  }
}
