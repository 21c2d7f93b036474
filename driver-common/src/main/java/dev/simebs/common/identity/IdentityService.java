package dev.simebs.common.identity;

import com.google.protobuf.BoolValue;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginCapabilitiesResponse;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GetPluginInfoResponse;
import csi.v1.IdentityGrpc;
import csi.v1.PluginCapability;
import csi.v1.ProbeRequest;
import csi.v1.ProbeResponse;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.grpc.Rpc;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The CSI Identity service: who we are, what the plugin offers, and whether it is ready. Every
 * SimEBS process serves it; they differ only in capabilities and in what readiness means.
 */
public final class IdentityService extends IdentityGrpc.IdentityImplBase {

  private final List<PluginCapability> capabilities;
  private final BooleanSupplier readiness;

  /**
   * @param capabilities what the plugin advertises
   * @param readiness true when the plugin can serve (e.g. its backend answers)
   */
  public IdentityService(List<PluginCapability> capabilities, BooleanSupplier readiness) {
    this.capabilities = List.copyOf(capabilities);
    this.readiness = readiness;
  }

  @Override
  public void getPluginInfo(
      GetPluginInfoRequest request, StreamObserver<GetPluginInfoResponse> observer) {
    Rpc.answer(
        observer,
        () ->
            GetPluginInfoResponse.newBuilder()
                .setName(DriverInfo.DRIVER_NAME)
                .setVendorVersion(DriverInfo.version())
                .build());
  }

  @Override
  public void getPluginCapabilities(
      GetPluginCapabilitiesRequest request,
      StreamObserver<GetPluginCapabilitiesResponse> observer) {
    Rpc.answer(
        observer,
        () -> GetPluginCapabilitiesResponse.newBuilder().addAllCapabilities(capabilities).build());
  }

  @Override
  public void probe(ProbeRequest request, StreamObserver<ProbeResponse> observer) {
    Rpc.answer(
        observer,
        () -> ProbeResponse.newBuilder().setReady(BoolValue.of(readiness.getAsBoolean())).build());
  }
}
