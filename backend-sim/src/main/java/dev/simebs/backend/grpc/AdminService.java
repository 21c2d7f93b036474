package dev.simebs.backend.grpc;

import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.ClearFaultsRequest;
import dev.simebs.backend.api.ClearFaultsResponse;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.api.ListQuarantineRequest;
import dev.simebs.backend.api.ListQuarantineResponse;
import dev.simebs.backend.api.PurgeQuarantinedRequest;
import dev.simebs.backend.api.PurgeQuarantinedResponse;
import dev.simebs.backend.api.RestoreQuarantinedRequest;
import dev.simebs.backend.api.RestoreQuarantinedResponse;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.SetVolumeImpairedResponse;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.quarantine.QuarantineAdmin;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.volumes.VolumeService;
import dev.simebs.common.grpc.Rpc;
import io.grpc.stub.StreamObserver;

/**
 * The Admin gRPC service: run-time simulation knobs and the quarantine. Never throttled or faulted
 * itself.
 */
public final class AdminService extends AdminGrpc.AdminImplBase {

  private final Simulation simulation;
  private final VolumeService volumes;
  private final QuarantineAdmin quarantine;

  public AdminService(Simulation simulation, VolumeService volumes, QuarantineAdmin quarantine) {
    this.simulation = simulation;
    this.volumes = volumes;
    this.quarantine = quarantine;
  }

  @Override
  public void getSimulation(GetSimulationRequest r, StreamObserver<SimulationConfig> o) {
    Rpc.answer(o, simulation::get);
  }

  @Override
  public void setSimulation(SimulationConfig r, StreamObserver<SimulationConfig> o) {
    Rpc.answer(o, () -> simulation.set(r));
  }

  @Override
  public void addFault(FaultRule r, StreamObserver<FaultRule> o) {
    Rpc.answer(o, () -> simulation.addFault(r));
  }

  @Override
  public void clearFaults(ClearFaultsRequest r, StreamObserver<ClearFaultsResponse> o) {
    Rpc.answer(o, () -> {
      simulation.clearFaults(r.getIdsList());
      return ClearFaultsResponse.getDefaultInstance();
    });
  }

  @Override
  public void setVolumeImpaired(SetVolumeImpairedRequest r,
      StreamObserver<SetVolumeImpairedResponse> o) {
    Rpc.answer(o, () -> {
      volumes.setImpaired(r.getVolumeId(), r.getImpaired(), r.getReason());
      return SetVolumeImpairedResponse.getDefaultInstance();
    });
  }

  @Override
  public void listQuarantine(ListQuarantineRequest r, StreamObserver<ListQuarantineResponse> o) {
    Rpc.answer(o, () -> ListQuarantineResponse.newBuilder().addAllFiles(quarantine.list()).build());
  }

  @Override
  public void restoreQuarantined(RestoreQuarantinedRequest r,
      StreamObserver<RestoreQuarantinedResponse> o) {
    Rpc.answer(o, () -> quarantine.restore(r.getName(), r.getZone()));
  }

  @Override
  public void purgeQuarantined(PurgeQuarantinedRequest r,
      StreamObserver<PurgeQuarantinedResponse> o) {
    Rpc.answer(o, () -> {
      quarantine.purge(r.getName());
      return PurgeQuarantinedResponse.getDefaultInstance();
    });
  }
}
