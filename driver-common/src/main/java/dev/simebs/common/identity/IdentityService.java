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

  private final String driverName;
  private final List<PluginCapability> capabilities;
  private final BooleanSupplier readiness;

  /**
   * The block driver's Identity ({@link DriverInfo#DRIVER_NAME}).
   *
   * @param capabilities what the plugin advertises
   * @param readiness true when the plugin can serve (e.g. its backend answers)
   */
  public IdentityService(List<PluginCapability> capabilities, BooleanSupplier readiness) {
    this(DriverInfo.DRIVER_NAME, capabilities, readiness);
  }

  /** The Identity of the driver named {@code driverName} (e.g. the EFS driver's). */
  public IdentityService(
      String driverName, List<PluginCapability> capabilities, BooleanSupplier readiness) {
    this.driverName = driverName;
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
                .setName(driverName)
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
