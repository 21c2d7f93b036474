package dev.simebs.node.metrics;

import dev.simebs.common.sys.LoopDevice;
import dev.simebs.node.metrics.ProvisionedPerformance.Limits;
import dev.simebs.node.volume.VolumeDevices;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per staged volume, the I/O its loop devices did (read and write operations, bytes, seconds,
 * straight from {@code /sys/block/loopN/stat} at scrape time), and the seconds its demand exceeded
 * the volume type's simulated IOPS and throughput limits, sampled every {@code interval} and at
 * every scrape. Named as the EBS driver's node metrics are, with {@code simebs_} in front.
 */
public final class VolumeIoMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VolumeIoMetrics.class);

  private final StagedVolumes staged;
  private final ProvisionedPerformance performance;
  private final Path sysBlock;
  private final LongSupplier nanoTime;
  private final String nodeId;
  private final Map<String, Exceedance> exceedances = new HashMap<>(); // guarded by this
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("volume-io-sampler").factory());

  private VolumeIoMetrics(
      StagedVolumes staged, ProvisionedPerformance performance, Path sysBlock, LongSupplier nanoTime, String nodeId) {
    this.staged = staged;
    this.performance = performance;
    this.sysBlock = sysBlock;
    this.nanoTime = nanoTime;
    this.nodeId = nodeId;
  }

  /** How often demand is compared with the limits between scrapes. */
  public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

  /**
   * Registers the series of the volumes staged in this mount namespace (those whose backing files
   * lie in {@code backendDataDir}'s volumes/) and starts sampling them.
   */
  public static VolumeIoMetrics start(
      PrometheusRegistry registry,
      VolumeDevices devices,
      Optional<Path> backendDataDir,
      ProvisionedPerformance performance,
      String nodeId) {
    return start(registry, new StagedVolumes(devices, backendDataDir), performance, Path.of("/sys/block"), nodeId, SAMPLE_INTERVAL);
  }

  /** Registers the series in {@code registry} and starts sampling every {@code interval}. */
  static VolumeIoMetrics start(
      PrometheusRegistry registry,
      StagedVolumes staged,
      ProvisionedPerformance performance,
      Path sysBlock,
      String nodeId,
      Duration interval) {
    VolumeIoMetrics metrics = new VolumeIoMetrics(staged, performance, sysBlock, System::nanoTime, nodeId);
    metrics.register(registry);
    metrics.sampler.scheduleWithFixedDelay(metrics::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return metrics;
  }

  private void register(PrometheusRegistry registry) {
    counter(registry, "simebs_read_ops_total", "Read operations completed on the volume's loop device(s).", IoCounters::readOps);
    counter(registry, "simebs_write_ops_total", "Write operations completed on the volume's loop device(s).", IoCounters::writeOps);
    counter(registry, "simebs_read_bytes_total", "Bytes read from the volume's loop device(s).", IoCounters::readBytes);
    counter(registry, "simebs_write_bytes_total", "Bytes written to the volume's loop device(s).", IoCounters::writeBytes);
    counter(registry, "simebs_read_seconds_total", "Seconds spent on reads, as the kernel counts them.", c -> c.readMillis() / 1000.0);
    counter(registry, "simebs_write_seconds_total", "Seconds spent on writes, as the kernel counts them.", c -> c.writeMillis() / 1000.0);
    CounterWithCallback.builder()
        .name("simebs_exceeded_iops_seconds_total")
        .help("Seconds the volume's IOPS demand was above its type's simulated limit. The node does NOT"
            + " throttle I/O: this counts what a real volume of this type would have throttled.")
        .labelNames("volume_id", "node_id")
        .callback(cb -> sampledExceedances().forEach((id, e) -> cb.call(e.iopsSeconds(), id, nodeId)))
        .register(registry);
    CounterWithCallback.builder()
        .name("simebs_exceeded_tp_seconds_total")
        .help("Seconds the volume's throughput demand was above its type's simulated limit. The node"
            + " does NOT throttle I/O: this counts what a real volume of this type would have throttled.")
        .labelNames("volume_id", "node_id")
        .callback(cb -> sampledExceedances().forEach((id, e) -> cb.call(e.throughputSeconds(), id, nodeId)))
        .register(registry);
  }

  private void counter(PrometheusRegistry registry, String name, String help, ToDoubleFunction<IoCounters> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("volume_id", "node_id")
        .callback(cb -> counters().forEach((id, c) -> cb.call(value.applyAsDouble(c), id, nodeId)))
        .register(registry);
  }

  /** Each staged volume's counters, summed over its devices (a read-only publish has its own). */
  private Map<String, IoCounters> counters() {
    Map<String, IoCounters> byVolume = new HashMap<>();
    try {
      for (Map.Entry<String, List<LoopDevice>> volume : staged.find().entrySet()) {
        IoCounters sum = IoCounters.ZERO;
        for (LoopDevice device : volume.getValue()) {
          sum = sum.plus(IoCounters.read(sysBlock.resolve("loop" + device.number()).resolve("stat")));
        }
        byVolume.put(volume.getKey(), sum);
      }
    } catch (IOException e) {
      log.warn("cannot read the staged volumes' I/O counters: {}", e.toString());
    }
    return byVolume;
  }

  /** Samples now (so a scrape sees the latest interval) and returns every volume's totals. */
  private synchronized Map<String, Exceedance> sampledExceedances() {
    sample();
    return Map.copyOf(exceedances);
  }

  private synchronized void sample() {
    Map<String, IoCounters> now = counters();
    long nanos = nanoTime.getAsLong();
    exceedances.keySet().retainAll(now.keySet());
    performance.forgetAllBut(now.keySet());
    now.forEach((volumeId, counters) -> {
      Exceedance known = exceedances.get(volumeId);
      if (known == null) {
        exceedances.put(volumeId, new Exceedance(counters, nanos));
      } else {
        known.sample(counters, nanos, performance.of(volumeId).orElse(new Limits(0, 0)));
      }
    });
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      log.warn("volume I/O sample failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
