package dev.simebs.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.GetPluginInfoRequest;
import csi.v1.GetPluginInfoResponse;
import csi.v1.IdentityGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server (what SIGTERM does) lets in-flight calls finish, within a bound. */
class GracefulShutdownTest {

  @TempDir Path dir;

  /** An Identity service whose GetPluginInfo waits until the test lets it answer. */
  private static final class HeldIdentity extends IdentityGrpc.IdentityImplBase {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void getPluginInfo(GetPluginInfoRequest request, StreamObserver<GetPluginInfoResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            entered.countDown();
            release.await();
            return GetPluginInfoResponse.newBuilder().setName("held").build();
          });
    }
  }

  @Test
  void inFlightCallCompletesWhileTheServerCloses() throws Exception {
    HeldIdentity identity = new HeldIdentity();
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    GrpcServer server = GrpcServer.start(endpoint, List.of(identity), List.of(), Duration.ofSeconds(30));
    ManagedChannel channel = Channels.open(endpoint);
    try {
      CompletableFuture<GetPluginInfoResponse> call =
          CompletableFuture.supplyAsync(
              () -> IdentityGrpc.newBlockingStub(channel).getPluginInfo(GetPluginInfoRequest.getDefaultInstance()));
      assertThat(identity.entered.await(30, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      assertThat(closing).isNotDone();
      identity.release.countDown();

      assertThat(call.get(30, TimeUnit.SECONDS).getName()).isEqualTo("held");
      closing.get(30, TimeUnit.SECONDS);
      assertThat(dir.resolve("csi.sock")).doesNotExist();
    } finally {
      identity.release.countDown();
      channel.shutdownNow();
      server.close();
    }
  }

  @Test
  void callStillRunningAfterTheGracePeriodIsCancelled() throws Exception {
    HeldIdentity identity = new HeldIdentity();
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    GrpcServer server = GrpcServer.start(endpoint, List.of(identity), List.of(), Duration.ofMillis(1));
    ManagedChannel channel = Channels.open(endpoint);
    try {
      CompletableFuture<Status.Code> call =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  IdentityGrpc.newBlockingStub(channel).getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
                  return Status.Code.OK;
                } catch (StatusRuntimeException e) {
                  return e.getStatus().getCode();
                }
              });
      assertThat(identity.entered.await(30, TimeUnit.SECONDS)).isTrue();

      server.close();

      assertThat(call.get(30, TimeUnit.SECONDS)).isNotEqualTo(Status.Code.OK);
    } finally {
      identity.release.countDown();
      channel.shutdownNow();
    }
  }
}
