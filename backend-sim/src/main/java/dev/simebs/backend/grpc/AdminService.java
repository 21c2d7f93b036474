package dev.simebs.backend.grpc;

import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.ClearFaultsRequest;
import dev.simebs.backend.api.ClearFaultsResponse;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.SetVolumeImpairedResponse;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.volumes.VolumeService;
import dev.simebs.common.grpc.Rpc;
import io.grpc.stub.StreamObserver;

/** The Admin gRPC service: run-time simulation knobs. Never throttled or faulted itself. */
public final class AdminService extends AdminGrpc.AdminImplBase {

  private final Simulation simulation;
  private final VolumeService volumes;

  public AdminService(Simulation simulation, VolumeService volumes) {
    this.simulation = simulation;
    this.volumes = volumes;
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
}
