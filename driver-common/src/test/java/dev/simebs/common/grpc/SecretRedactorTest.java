package dev.simebs.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import csi.v1.CreateVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecretRedactorTest {

  private static final String SECRET = "s3cr3t-value-that-must-never-be-logged";

  @TempDir Path dir;

  @Test
  void secretMapValuesAreRedactedAndKeysKept() {
    CreateVolumeRequest request =
        CreateVolumeRequest.newBuilder().setName("pvc-1").putSecrets("password", SECRET).build();

    String printed = CallLogger.printable(request);

    assertThat(printed).doesNotContain(SECRET).contains("password").contains("pvc-1");
  }

  @Test
  void nonSecretMapsAreKept() {
    CreateVolumeRequest request =
        CreateVolumeRequest.newBuilder().putParameters("type", "gp3").build();

    assertThat(CallLogger.printable(request)).contains("gp3");
  }

  @Test
  void secretsNeverReachTheLogEvenAtTraceLevel() throws IOException {
    ListAppender<ILoggingEvent> captured = captureCallLog();
    BindableService node =
        new csi.v1.NodeGrpc.NodeImplBase() {
          @Override
          public void nodeStageVolume(
              NodeStageVolumeRequest request,
              StreamObserver<csi.v1.NodeStageVolumeResponse> observer) {
            Rpc.answer(observer, () -> csi.v1.NodeStageVolumeResponse.getDefaultInstance());
          }
        };
    Path socket = dir.resolve("csi.sock");
    try (GrpcServer server =
            GrpcServer.start(
                new Endpoint.Unix(socket),
                List.of(node),
                List.of(new CallLogger()),
                Duration.ofSeconds(1));
        var channel = new ClosingChannel(Channels.open(new Endpoint.Unix(socket)))) {
      csi.v1.NodeGrpc.newBlockingStub(channel.channel())
          .nodeStageVolume(
              NodeStageVolumeRequest.newBuilder()
                  .setVolumeId("vol-0123456789abcdef0")
                  .putSecrets("token", SECRET)
                  .build());
    }

    assertThat(captured.list).isNotEmpty();
    assertThat(captured.list)
        .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(SECRET));
    assertThat(captured.list)
        .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("vol-0123456789abcdef0"));
  }

  @Test
  void failedCallIsLoggedWithItsCode() throws IOException {
    ListAppender<ILoggingEvent> captured = captureCallLog();
    Path socket = dir.resolve("csi.sock");
    try (GrpcServer server =
            GrpcServer.start(
                new Endpoint.Unix(socket),
                List.of(new csi.v1.NodeGrpc.NodeImplBase() {}),
                List.of(new CallLogger()),
                Duration.ofSeconds(1));
        var channel = new ClosingChannel(Channels.open(new Endpoint.Unix(socket)))) {
      try {
        csi.v1.NodeGrpc.newBlockingStub(channel.channel())
            .nodeGetInfo(csi.v1.NodeGetInfoRequest.getDefaultInstance());
      } catch (StatusRuntimeException expected) {
        // the default implementation answers UNIMPLEMENTED
      }
    }
    assertThat(captured.list)
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains("csi.v1.Node/NodeGetInfo")
                    .contains("UNIMPLEMENTED"));
  }

  private static ListAppender<ILoggingEvent> captureCallLog() {
    Logger calls = (Logger) LoggerFactory.getLogger("dev.simebs.calls");
    calls.setLevel(Level.TRACE);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    calls.addAppender(appender);
    return appender;
  }

  private record ClosingChannel(ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
