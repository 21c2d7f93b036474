package dev.simebs.controller.events;

import dev.simebs.common.DriverInfo;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records volume events in Kubernetes, on the PersistentVolume whose CSI volume handle is the
 * volume (events of cluster-scoped objects live in namespace {@code default}) and on the claim
 * bound to it. Events are written off the caller's thread, and repeats within {@code window} are
 * dropped. A volume no PV names (created outside Kubernetes) gets no event.
 */
public final class KubernetesEvents implements EventSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);
  /** How long equal events are held back after one was recorded, unless told otherwise. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final RepeatFilter repeats;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("k8s-events").factory());

  /**
   * @param instance who reports, e.g. the controller's pod name
   */
  public KubernetesEvents(KubernetesClient client, Clock clock, Duration window, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
    this.repeats = new RepeatFilter(clock, window);
  }

  @Override
  public void record(VolumeEvent event) {
    if (repeats.passes(event)) {
      writer.execute(() -> publish(event));
    }
  }

  /** Waits until every event recorded so far has been written (or has failed to be). */
  public void flush() throws InterruptedException, ExecutionException, TimeoutException {
    writer.submit(() -> {}).get(30, TimeUnit.SECONDS);
  }

  private void publish(VolumeEvent event) {
    try {
      Optional<PersistentVolume> pv = persistentVolumeOf(event.volumeId());
      if (pv.isEmpty()) {
        log.debug("no PersistentVolume for {}; event {} not recorded", event.volumeId(), event.reason());
        return;
      }
      write(event, pv.get(), "default");
      claimOf(pv.get()).ifPresent(claim -> write(event, claim, claim.getMetadata().getNamespace()));
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} for {}: {}", event.reason(), event.volumeId(), e.getMessage());
    }
  }

  private Optional<PersistentVolume> persistentVolumeOf(String volumeId) {
    return client.persistentVolumes().list().getItems().stream()
        .filter(pv -> pv.getSpec() != null && pv.getSpec().getCsi() != null)
        .filter(pv -> DriverInfo.DRIVER_NAME.equals(pv.getSpec().getCsi().getDriver()))
        .filter(pv -> volumeId.equals(pv.getSpec().getCsi().getVolumeHandle()))
        .findFirst();
  }

  private Optional<PersistentVolumeClaim> claimOf(PersistentVolume pv) {
    ObjectReference ref = pv.getSpec().getClaimRef();
    if (ref == null || ref.getName() == null || ref.getNamespace() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        client.persistentVolumeClaims().inNamespace(ref.getNamespace()).withName(ref.getName()).get());
  }

  private void write(VolumeEvent event, HasMetadata object, String namespace) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    ObjectReference involved =
        new ObjectReferenceBuilder()
            .withApiVersion("v1")
            .withKind(object.getKind())
            .withName(object.getMetadata().getName())
            .withNamespace(object.getMetadata().getNamespace())
            .withUid(object.getMetadata().getUid())
            .withResourceVersion(object.getMetadata().getResourceVersion())
            .build();
    Event written =
        new EventBuilder()
            .withNewMetadata()
            .withName(object.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(involved)
            .withType(event.type().name())
            .withReason(event.reason())
            .withMessage(event.message())
            .withNewSource()
            .withComponent(DriverInfo.DRIVER_NAME)
            .endSource()
            .withReportingComponent(DriverInfo.DRIVER_NAME)
            .withReportingInstance(instance)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    client.v1().events().inNamespace(namespace).resource(written).create();
  }

  /**
   * Events for the cluster this process runs in (its service account), or the one
   * {@code kubeconfig} names; none outside a cluster without a kubeconfig.
   */
  public static Optional<KubernetesEvents> connect(Optional<Path> kubeconfig) throws IOException {
    if (kubeconfig.isEmpty() && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
      return Optional.empty();
    }
    Config config =
        kubeconfig.isPresent() ? Config.fromKubeconfig(Files.readString(kubeconfig.get())) : Config.autoConfigure(null);
    String instance = Optional.ofNullable(System.getenv("POD_NAME")).orElseGet(KubernetesEvents::hostName);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return Optional.of(new KubernetesEvents(client, Clock.systemUTC(), DEFAULT_WINDOW, instance));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "controller";
    }
  }

  /** Writes what is queued (for a few seconds at most), then closes the client. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
