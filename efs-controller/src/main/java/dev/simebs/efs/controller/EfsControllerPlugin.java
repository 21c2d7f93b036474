package dev.simebs.efs.controller;

import csi.v1.PluginCapability;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.common.backend.BackendCalls;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.backend.CallerDeadline;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.backend.TimeSource;
import dev.simebs.common.identity.PluginCapabilities;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.efs.controller.cloud.FileSystemCloud;
import dev.simebs.efs.controller.provisioning.AccessPointDeleter;
import dev.simebs.efs.controller.provisioning.AccessPointProvisioner;
import dev.simebs.efs.controller.provisioning.GidAllocator;
import dev.simebs.efs.controller.provisioning.RootDirectoryRemover;
import dev.simebs.efs.controller.volumes.EfsVolumeValidator;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EFS controller plugin, wired: give it a file-system stub and a config, serve {@link
 * #service()} next to an Identity service named {@code efs.csi.simebs.dev} that advertises
 * {@link #pluginCapabilities()} and probes {@link #ready()}.
 */
public final class EfsControllerPlugin {

  private static final Logger log = LoggerFactory.getLogger(EfsControllerPlugin.class);

  private final FileSystemCloud cloud;
  private final EfsControllerService service;

  public EfsControllerPlugin(FileSystemsGrpc.FileSystemsBlockingStub backend,
      EfsControllerConfig config) {
    CallerDeadline caller = CallerDeadline.grpcContext();
    TimeSource time = TimeSource.system();
    this.cloud = new FileSystemCloud(new BackendCalls<>(backend, config.retry(),
        config.backendCallTimeout(), caller, time, RandomGenerator.getDefault()));
    Poller poller = new Poller(time, caller, config.pollInterval(), config.maxPollInterval(),
        config.operationTimeout());
    ControllerInFlight inFlight = new ControllerInFlight();
    this.service = new EfsControllerService(new EfsControllerService.Handlers(
        new AccessPointProvisioner(cloud, poller, inFlight, new GidAllocator()),
        new AccessPointDeleter(cloud, inFlight, config.deleteAccessPointRootDir()
            ? config.backendDataDir().map(RootDirectoryRemover::new)
            : Optional.empty()),
        new EfsVolumeValidator(cloud)));
  }

  public BindableService service() {
    return service;
  }

  /** CONTROLLER_SERVICE and VOLUME_ACCESSIBILITY_CONSTRAINTS (One Zone file systems). */
  public List<PluginCapability> pluginCapabilities() {
    return List.of(
        PluginCapabilities.service(PluginCapability.Service.Type.CONTROLLER_SERVICE),
        PluginCapabilities.service(PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS));
  }

  /** True when the backend answers file-system calls. */
  public boolean ready() {
    try {
      cloud.probe();
      return true;
    } catch (BackendFailure failure) {
      log.warn("backend not ready: {}", failure.getMessage());
      return false;
    }
  }
}
