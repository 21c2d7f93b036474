package dev.simebs.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.GetPluginInfoRequest;
import csi.v1.IdentityGrpc;
import csi.v1.ProbeRequest;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.testing.Scrape;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void serveIdentityWithAProbeThatFails() throws Exception {
    IdentityService identity =
        new IdentityService(List.of(), () -> { throw new IllegalStateException("backend gone"); });
    String name = "call-metrics-" + UUID.randomUUID();
    server =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(identity, new CallMetrics(registry).of("ebs.csi.simebs.dev")))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void everyCallIsCountedByMethodAndStatusCode() {
    IdentityGrpc.IdentityBlockingStub identity = IdentityGrpc.newBlockingStub(channel);
    identity.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
    identity.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
    assertThatThrownBy(() -> identity.probe(ProbeRequest.getDefaultInstance()));

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("simebs_csi_operations_seconds_count", "driver", "ebs.csi.simebs.dev",
            "method", "/csi.v1.Identity/GetPluginInfo", "grpc_status_code", "OK"))
        .hasValue(2);
    assertThat(scrape.value("simebs_csi_operations_seconds_count",
            "method", "/csi.v1.Identity/Probe", "grpc_status_code", "INTERNAL"))
        .hasValue(1);
    assertThat(scrape.value("simebs_csi_operations_seconds_sum",
            "method", "/csi.v1.Identity/GetPluginInfo", "grpc_status_code", "OK").getAsDouble())
        .isPositive();
  }

  @Test
  void bucketsRunFromAMillisecondToTwoMinutes() {
    IdentityGrpc.newBlockingStub(channel).getPluginInfo(GetPluginInfoRequest.getDefaultInstance());

    List<String> bounds =
        Scrape.of(registry).select("simebs_csi_operations_seconds_bucket").stream()
            .map(s -> s.labels().get("le"))
            .toList();
    assertThat(bounds).startsWith("0.001").endsWith("120.0", "+Inf");
  }
}
