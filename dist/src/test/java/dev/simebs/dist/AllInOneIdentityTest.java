package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GetPluginInfoResponse;
import csi.v1.IdentityGrpc;
import csi.v1.PluginCapability;
import csi.v1.ProbeRequest;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-in-one server answers the Identity service over its real unix socket. */
class AllInOneIdentityTest {

  @TempDir Path dir;

  private AllInOne server;
  private ManagedChannel channel;
  private IdentityGrpc.IdentityBlockingStub identity;

  @BeforeEach
  void start() throws Exception {
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    server =
        AllInOne.start(
            AllInOne.Config.of(endpoint, dir.resolve("data"), "node-1"));
    channel = Channels.open(endpoint);
    identity = IdentityGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  @Test
  void pluginInfoNamesTheDriverAndItsVersion() {
    GetPluginInfoResponse info = identity.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());

    assertThat(info.getName()).isEqualTo("ebs.csi.simebs.dev").isEqualTo(DriverInfo.DRIVER_NAME);
    assertThat(info.getVendorVersion()).isNotBlank().isEqualTo(DriverInfo.version());
  }

  @Test
  void pluginCapabilitiesIncludeControllerTopologyAndOnlineExpansion() {
    var capabilities =
        identity
            .getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance())
            .getCapabilitiesList();

    assertThat(capabilities)
        .extracting(c -> c.getService().getType())
        .contains(
            PluginCapability.Service.Type.CONTROLLER_SERVICE,
            PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS);
    assertThat(capabilities)
        .extracting(c -> c.getVolumeExpansion().getType())
        .contains(PluginCapability.VolumeExpansion.Type.ONLINE);
  }

  @Test
  void probeReportsReady() {
    assertThat(identity.probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();
  }
}
