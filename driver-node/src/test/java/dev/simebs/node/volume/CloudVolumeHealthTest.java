package dev.simebs.node.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.backend.BackendConnection;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the node makes of the cloud's view of a volume, against a backend that answers as told. */
class CloudVolumeHealthTest {

  private static final String VOLUME = "vol-0123456789abcdef0";

  @Test
  void aVolumeInErrorIsAProblem() {
    assertThat(problemWhenTheBackendSays(() -> volume(VolumeState.ERROR, false, "")))
        .contains("the cloud reports the volume in error state; its data may be lost");
  }

  @Test
  void anImpairedVolumeIsAProblemWithItsReason() {
    assertThat(problemWhenTheBackendSays(() -> volume(VolumeState.IN_USE, true, "io stalled")))
        .contains("the cloud reports the volume impaired: io stalled");
  }

  @Test
  void aVolumeTheCloudNoLongerKnowsIsAProblem() {
    assertThat(problemWhenTheBackendSays(() -> DescribeVolumesResponse.getDefaultInstance()))
        .contains("the cloud no longer knows volume " + VOLUME + "; it was deleted while in use");
    assertThat(
            problemWhenTheBackendSays(
                () -> {
                  throw Status.NOT_FOUND.asRuntimeException();
                }))
        .contains("the cloud no longer knows volume " + VOLUME + "; it was deleted while in use");
  }

  @Test
  void aHealthyVolumeOrABackendThatDoesNotAnswerIsNoProblem() {
    assertThat(problemWhenTheBackendSays(() -> volume(VolumeState.IN_USE, false, ""))).isEmpty();
    assertThat(
            problemWhenTheBackendSays(
                () -> {
                  throw Status.UNAVAILABLE.asRuntimeException();
                }))
        .isEmpty();
  }

  private static DescribeVolumesResponse volume(VolumeState state, boolean impaired, String why) {
    return DescribeVolumesResponse.newBuilder()
        .addVolumes(
            Volume.newBuilder()
                .setVolumeId(VOLUME)
                .setState(state)
                .setImpaired(impaired)
                .setImpairedReason(why))
        .build();
  }

  private static Optional<String> problemWhenTheBackendSays(
      Supplier<DescribeVolumesResponse> answer) {
    BackendGrpc.BackendImplBase fake =
        new BackendGrpc.BackendImplBase() {
          @Override
          public void describeVolumes(
              DescribeVolumesRequest request, StreamObserver<DescribeVolumesResponse> observer) {
            try {
              observer.onNext(answer.get());
              observer.onCompleted();
            } catch (RuntimeException e) {
              observer.onError(e);
            }
          }
        };
    try (BackendConnection connection = BackendConnection.inProcess(List.of(fake))) {
      return new CloudVolumeHealth(connection.backend()).problemWith(VOLUME);
    }
  }
}
