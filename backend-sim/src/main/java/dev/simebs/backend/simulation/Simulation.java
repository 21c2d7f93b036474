package dev.simebs.backend.simulation;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.StuckAttachment;
import dev.simebs.backend.api.ThrottleRule;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The simulation knobs in force: latency of transitional states, throttling, injected faults and
 * stuck attachments. Calls read an immutable config snapshot; the admin API replaces it.
 */
public final class Simulation {

  /**
   * Every operation name a rule may use: the Backend and FileSystems RPCs, and "*" for all of
   * them.
   */
  public static final Set<String> OPERATIONS = Stream.of(
          BackendGrpc.getServiceDescriptor(), FileSystemsGrpc.getServiceDescriptor())
      .flatMap(service -> service.getMethods().stream())
      .map(MethodDescriptor::getBareMethodName)
      .collect(Collectors.toUnmodifiableSet());
  public static final String ANY = "*";

  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final AtomicLong faultIds = new AtomicLong();
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<RefusalListener> refusals = new CopyOnWriteArrayList<>();

  /** Hears each call the simulation refused: throttled, or failed by an injected fault. */
  public interface RefusalListener {
    void throttled(String operation);

    void faultFired(String operation, ErrorReason reason);
  }
  private volatile SimulationConfig config = SimulationConfig.getDefaultInstance();

  /** {@code random} is shared by all calls, so it must be thread-safe (e.g. java.util.Random). */
  public Simulation(SimulationConfig initial, LongSupplier nanoTime, RandomGenerator random) {
    this.nanoTime = nanoTime;
    this.random = random;
    set(initial);
  }

  public SimulationConfig get() {
    return config;
  }

  /** Replaces the whole config (faults without an ID get one) and returns it. */
  public SimulationConfig set(SimulationConfig next) {
    SimulationConfig applied = apply(next);
    // Outside the lock: listeners may write the database (releasing stuck attachments).
    listeners.forEach(Runnable::run);
    return applied;
  }

  private synchronized SimulationConfig apply(SimulationConfig next) {
    validate(next);
    SimulationConfig.Builder builder = next.toBuilder().clearFaults();
    next.getFaultsList().forEach(f -> builder.addFaults(withId(f)));
    SimulationConfig applied = builder.build();
    buckets.clear();
    remaining.clear();
    applied.getFaultsList().forEach(f -> remaining.put(f.getId(), new AtomicInteger(f.getNextN())));
    config = applied;
    return applied;
  }

  public synchronized FaultRule addFault(FaultRule fault) {
    validateFault(fault);
    FaultRule withId = withId(fault);
    remaining.put(withId.getId(), new AtomicInteger(withId.getNextN()));
    config = config.toBuilder().addFaults(withId).build();
    return withId;
  }

  /** Removes the faults with these IDs, or all faults when {@code ids} is empty. */
  public synchronized void clearFaults(List<String> ids) {
    SimulationConfig.Builder builder = config.toBuilder().clearFaults();
    config.getFaultsList().stream()
        .filter(f -> !ids.isEmpty() && !ids.contains(f.getId()))
        .forEach(builder::addFaults);
    config = builder.build();
  }

  /** Called after every config change (e.g. to release attachments no longer stuck). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public void onRefusal(RefusalListener listener) {
    refusals.add(listener);
  }

  /**
   * Lets a call through or fails it as configured: throttling first (REQUEST_LIMIT_EXCEEDED),
   * then the first matching fault rule.
   */
  public void admit(String operation, String volumeId, String nodeId) {
    SimulationConfig current = config;
    for (ThrottleRule rule : current.getThrottlesList()) {
      if (matches(rule.getOperation(), operation)) {
        TokenBucket bucket = buckets.computeIfAbsent(
            rule.getOperation() + "/" + operation,
            k -> new TokenBucket(rule.getRefillPerSecond(), rule.getBurst(), nanoTime));
        if (!bucket.tryTake()) {
          refusals.forEach(l -> l.throttled(operation));
          throw BackendErrors.error(ErrorReason.REQUEST_LIMIT_EXCEEDED,
              "%s is throttled (%.1f/s, burst %d)"
                  .formatted(operation, rule.getRefillPerSecond(), rule.getBurst()));
        }
      }
    }
    for (FaultRule fault : current.getFaultsList()) {
      if (matches(fault.getOperation(), operation)
          && (fault.getVolumeId().isEmpty() || fault.getVolumeId().equals(volumeId))
          && (fault.getNodeId().isEmpty() || fault.getNodeId().equals(nodeId))
          && fires(fault)) {
        String message = fault.getMessage().isEmpty()
            ? "injected fault " + fault.getId() + " on " + operation
            : fault.getMessage();
        refusals.forEach(l -> l.faultFired(operation, fault.getReason()));
        throw BackendErrors.error(fault.getReason(), message,
            volumeId.isEmpty() ? nodeId : volumeId);
      }
    }
  }

  /** How long the transitional state of {@code operation} lasts; zero when not configured. */
  public Duration latency(String operation) {
    LatencyRule chosen = null;
    for (LatencyRule rule : config.getLatenciesList()) {
      if (rule.getOperation().equals(operation)) {
        chosen = rule;
        break;
      }
      if (chosen == null && rule.getOperation().equals(ANY)) {
        chosen = rule;
      }
    }
    if (chosen == null || chosen.getMaxMillis() <= 0) {
      return Duration.ZERO;
    }
    long millis = chosen.getMinMillis() == chosen.getMaxMillis()
        ? chosen.getMinMillis()
        : random.nextLong(chosen.getMinMillis(), chosen.getMaxMillis() + 1);
    return Duration.ofMillis(millis);
  }

  /** True while a stuck-attachment rule holds this volume's attachment to this node. */
  public boolean stuck(String volumeId, String nodeId) {
    for (StuckAttachment rule : config.getStuckAttachmentsList()) {
      if (rule.getVolumeId().equals(volumeId)
          && (rule.getNodeId().isEmpty() || rule.getNodeId().equals(nodeId))) {
        return true;
      }
    }
    return false;
  }

  public Duration modificationCooldown() {
    return Duration.ofSeconds(config.getModificationCooldownSeconds());
  }

  /** The account's storage quota in GiB across all zones; 0 means none. */
  public long storageQuotaGib() {
    return config.getStorageQuotaGib();
  }

  /** How fast an extent copy may go, in bytes per second; 0 means as fast as the disk. */
  public long copyBytesPerSecond() {
    return (long) config.getCopyMibPerSecond() << 20;
  }

  private boolean fires(FaultRule fault) {
    if (fault.getNextN() > 0) {
      AtomicInteger left = remaining.get(fault.getId());
      boolean fired = left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
      if (left != null && left.get() == 0) {
        clearFaults(List.of(fault.getId()));
      }
      return fired;
    }
    return random.nextDouble() < fault.getProbability();
  }

  private static boolean matches(String ruleOperation, String operation) {
    return ruleOperation.equals(ANY) || ruleOperation.equals(operation);
  }

  private FaultRule withId(FaultRule fault) {
    return fault.getId().isEmpty()
        ? fault.toBuilder().setId("fault-" + faultIds.incrementAndGet()).build()
        : fault;
  }

  private static void validate(SimulationConfig config) {
    for (LatencyRule rule : config.getLatenciesList()) {
      operation("latencies.operation", rule.getOperation());
      if (rule.getMinMillis() < 0 || rule.getMaxMillis() < rule.getMinMillis()) {
        throw invalid("latencies: need 0 <= min_millis <= max_millis, got %d..%d for %s"
            .formatted(rule.getMinMillis(), rule.getMaxMillis(), rule.getOperation()));
      }
    }
    for (ThrottleRule rule : config.getThrottlesList()) {
      operation("throttles.operation", rule.getOperation());
      if (!(rule.getRefillPerSecond() > 0) || rule.getBurst() < 1) {
        throw invalid("throttles: need refill_per_second > 0 and burst >= 1 for "
            + rule.getOperation());
      }
    }
    config.getFaultsList().forEach(Simulation::validateFault);
    if (config.getModificationCooldownSeconds() < 0) {
      throw invalid("modification_cooldown_seconds: must not be negative");
    }
    if (config.getStorageQuotaGib() < 0) {
      throw invalid("storage_quota_gib: must not be negative");
    }
    if (config.getCopyMibPerSecond() < 0) {
      throw invalid("copy_mib_per_second: must not be negative (0 means no limit)");
    }
  }

  private static void validateFault(FaultRule fault) {
    operation("faults.operation", fault.getOperation());
    if (fault.getReason() == ErrorReason.ERROR_REASON_UNSPECIFIED
        || fault.getReason() == ErrorReason.UNRECOGNIZED) {
      throw invalid("faults.reason: a fault needs an error reason");
    }
    boolean byProbability = fault.getProbability() > 0 && fault.getProbability() <= 1;
    boolean byCount = fault.getNextN() > 0;
    if (byProbability == byCount) {
      throw invalid("faults: set exactly one of probability (0 < p <= 1) or next_n (> 0), got "
          + fault.getProbability() + " and " + fault.getNextN());
    }
  }

  private static void operation(String field, String name) {
    if (!name.equals(ANY) && !OPERATIONS.contains(name)) {
      throw invalid(field + ": unknown operation '" + name + "' (a Backend RPC name or *)");
    }
  }

  private static RuntimeException invalid(String message) {
    return BackendErrors.error(INVALID_PARAMETER_VALUE, message);
  }
}
