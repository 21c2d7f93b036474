package dev.simebs.backend.metrics;

import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.quarantine.Quarantine;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.CommitListener;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.zones.ZoneService;
import dev.simebs.common.metrics.LatencyBuckets;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake cloud's own series: what it holds (objects by kind and state, zone capacity, read from
 * the database and the quarantine directory at scrape time), how its metadata commits go (batch
 * sizes, fsync latency), and which simulated refusals it made (throttles, injected faults).
 */
public final class BackendMetrics implements CommitListener, Simulation.RefusalListener {

  private static final Logger log = LoggerFactory.getLogger(BackendMetrics.class);
  private static final double GIB = 1024.0 * 1024 * 1024;

  private final Histogram batchSize;
  private final Histogram commitSeconds;
  private final Histogram directorySyncSeconds;
  private final Counter faults;
  private final Counter throttles;

  private BackendMetrics(PrometheusRegistry registry) {
    this.batchSize =
        Histogram.builder()
            .name("simebs_backend_commit_batch_size")
            .help("Mutations committed together in one metadata transaction (group commit).")
            .classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256)
            .register(registry);
    this.commitSeconds =
        Histogram.builder()
            .name("simebs_backend_commit_fsync_seconds")
            .help("Time of one metadata COMMIT, which is one WAL fsync (synchronous=FULL).")
            .classicOnly()
            .classicUpperBounds(LatencyBuckets.seconds())
            .register(registry);
    this.directorySyncSeconds =
        Histogram.builder()
            .name("simebs_backend_directory_fsync_seconds")
            .help("Time of one round of data-directory fsyncs before a commit names new files.")
            .classicOnly()
            .classicUpperBounds(LatencyBuckets.seconds())
            .register(registry);
    this.faults =
        Counter.builder()
            .name("simebs_backend_faults_fired_total")
            .help("Calls failed by an injected fault rule, by operation and error reason.")
            .labelNames("operation", "reason")
            .register(registry);
    this.throttles =
        Counter.builder()
            .name("simebs_backend_throttled_total")
            .help("Calls refused by a simulated throttle (RequestLimitExceeded), by operation.")
            .labelNames("operation")
            .register(registry);
  }

  /** Registers the backend's series and starts listening to its database and simulation. */
  public static void register(PrometheusRegistry registry, Database db, ZoneService zones,
      Simulation simulation, Quarantine quarantine) {
    BackendMetrics metrics = new BackendMetrics(registry);
    db.onCommit(metrics);
    simulation.onRefusal(metrics);
    Inventory inventory = new Inventory(db);
    GaugeWithCallback.builder()
        .name("simebs_backend_objects")
        .help("Objects the cloud holds, by kind (volume, snapshot, attachment, modification, node,"
            + " copy, file) and state; kind=file state=quarantined counts what reconciliation put"
            + " aside.")
        .labelNames("kind", "state")
        .callback(cb -> {
          inventory.counts().forEach(c -> cb.call(c.count(), c.kind(), c.state()));
          quarantined(quarantine).ifPresent(n -> cb.call(n, "file", "quarantined"));
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("simebs_backend_zone_capacity_bytes")
        .help("Capacity of a zone, in bytes.")
        .labelNames("zone")
        .callback(cb -> zones.describe().forEach(z -> cb.call(z.getCapacityGib() * GIB, z.getName())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("simebs_backend_zone_used_bytes")
        .help("Bytes of a zone's capacity provisioned to volumes.")
        .labelNames("zone")
        .callback(cb -> zones.describe().forEach(z -> cb.call(z.getUsedGib() * GIB, z.getName())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("simebs_backend_zone_free_bytes")
        .help("Bytes of a zone's capacity still free for new volumes.")
        .labelNames("zone")
        .callback(cb -> zones.describe().forEach(z -> cb.call(z.getFreeGib() * GIB, z.getName())))
        .register(registry);
  }

  /** Entries in quarantine; none reported when the directory cannot be read. */
  private static OptionalInt quarantined(Quarantine quarantine) {
    try {
      return OptionalInt.of(quarantine.count());
    } catch (IOException e) {
      log.warn("cannot count the quarantine for the metrics: {}", e.toString());
      return OptionalInt.empty();
    }
  }

  @Override
  public void committed(int mutations, Duration took) {
    batchSize.observe(mutations);
    commitSeconds.observe(took.toNanos() / 1e9);
  }

  @Override
  public void directoriesSynced(int directories, Duration took) {
    directorySyncSeconds.observe(took.toNanos() / 1e9);
  }

  @Override
  public void throttled(String operation) {
    throttles.labelValues(operation).inc();
  }

  @Override
  public void faultFired(String operation, ErrorReason reason) {
    faults.labelValues(operation, reason.name()).inc();
  }
}
