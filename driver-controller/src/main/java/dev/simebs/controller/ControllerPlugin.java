package dev.simebs.controller;

import csi.v1.PluginCapability;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.common.backend.BackendCalls;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.backend.CallerDeadline;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.backend.TimeSource;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.backend.ObservedBackend;
import dev.simebs.controller.publish.ControllerPublisher;
import dev.simebs.controller.snapshots.SnapshotCreator;
import dev.simebs.controller.snapshots.SnapshotDeleter;
import dev.simebs.controller.snapshots.SnapshotInspector;
import dev.simebs.controller.snapshots.SnapshotStates;
import dev.simebs.controller.volumes.CapacityReporter;
import dev.simebs.controller.volumes.Modifications;
import dev.simebs.controller.volumes.VolumeDeleter;
import dev.simebs.controller.volumes.VolumeInspector;
import dev.simebs.controller.volumes.VolumeModifier;
import dev.simebs.controller.volumes.VolumeProvisioner;
import dev.simebs.controller.volumes.VolumeResizer;
import dev.simebs.controller.volumes.VolumeStates;
import io.grpc.BindableService;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller plugin, wired: give it a backend stub and a config, serve {@link #service()}
 * next to an Identity service that advertises {@link #pluginCapabilities()} and probes
 * {@link #ready()}. This is the one place the controller's object graph is put together.
 */
public final class ControllerPlugin {

  private static final Logger log = LoggerFactory.getLogger(ControllerPlugin.class);

  private final Cloud cloud;
  private final ControllerService service;

  public ControllerPlugin(BackendGrpc.BackendBlockingStub backend, ControllerConfig config) {
    this(backend, config, ControllerTelemetry.none());
  }

  /** A controller whose cloud calls are measured into {@code telemetry}'s registry and events. */
  public ControllerPlugin(BackendGrpc.BackendBlockingStub backend, ControllerConfig config, ControllerTelemetry telemetry) {
    this(backend, config, telemetry, new ControllerInFlight());
  }

  /** With a given in-flight guard, so tests can hold an object busy. */
  ControllerPlugin(
      BackendGrpc.BackendBlockingStub backend, ControllerConfig config, ControllerTelemetry telemetry, ControllerInFlight inFlight) {
    CallerDeadline caller = CallerDeadline.grpcContext();
    TimeSource time = TimeSource.system();
    this.cloud =
        new Cloud(
            new BackendCalls<>(
                ObservedBackend.observe(backend, telemetry.listeners()),
                config.retry(),
                config.backendCallTimeout(),
                caller,
                time,
                RandomGenerator.getDefault()));
    Poller poller =
        new Poller(time, caller, config.pollInterval(), config.maxPollInterval(), config.operationTimeout());
    Modifications modifications = new Modifications(cloud, poller);
    this.service =
        new ControllerService(
            new ControllerService.Handlers(
                new VolumeProvisioner(
                    cloud, new VolumeStates(cloud, poller), new SnapshotStates(cloud, poller), inFlight),
                new VolumeDeleter(cloud, inFlight),
                new ControllerPublisher(cloud, poller, inFlight),
                new VolumeInspector(cloud),
                new CapacityReporter(cloud),
                new VolumeResizer(cloud, modifications, inFlight),
                new VolumeModifier(cloud, modifications, inFlight),
                new SnapshotCreator(cloud, inFlight),
                new SnapshotDeleter(cloud, inFlight),
                new SnapshotInspector(cloud)),
            config.advertised());
  }

  /** The CSI Controller service. */
  public BindableService service() {
    return service;
  }

  /** CONTROLLER_SERVICE, VOLUME_ACCESSIBILITY_CONSTRAINTS and online expansion. */
  public List<PluginCapability> pluginCapabilities() {
    return ControllerCapabilities.plugin();
  }

  /** True when the backend answers. */
  public boolean ready() {
    try {
      cloud.zones();
      return true;
    } catch (BackendFailure failure) {
      log.warn("backend not ready: {}", failure.getMessage());
      return false;
    }
  }
}
