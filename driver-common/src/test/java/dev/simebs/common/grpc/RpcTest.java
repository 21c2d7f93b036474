package dev.simebs.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcTest {

  /** Records what a handler answered. */
  private static final class Recorder implements StreamObserver<String> {
    final List<String> values = new ArrayList<>();
    Throwable error;
    boolean completed;

    @Override
    public void onNext(String value) {
      values.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }

  @Test
  void successIsAnsweredAndCompleted() {
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> "ok");
    assertThat(recorder.values).containsExactly("ok");
    assertThat(recorder.completed).isTrue();
  }

  @Test
  void invalidRequestIsInvalidArgument() {
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> { throw new InvalidRequest("%s is required", "name"); });
    assertThat(Status.fromThrowable(recorder.error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(recorder.error).getDescription()).isEqualTo("name is required");
  }

  @Test
  void ourOwnParseErrorIsInternalNotInvalidArgument() {
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> String.valueOf(Integer.parseInt("12x"))); // a broken sysfs or mountinfo line

    Status status = Status.fromThrowable(recorder.error);
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("internal error: For input string: \"12x\"");
  }

  @Test
  void unexpectedExceptionIsInternalWithItsMessageAndNoClassName() {
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> { throw new IllegalStateException("boom"); });

    Status status = Status.fromThrowable(recorder.error);
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("internal error: boom").doesNotContain("Exception");
  }

  @Test
  void exceptionWithoutMessageIsInternalPointingAtTheLog() {
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> { throw new NullPointerException(); });

    assertThat(Status.fromThrowable(recorder.error).getDescription()).isEqualTo("internal error: see the driver's log");
  }

  @Test
  void statusExceptionKeepsItsCodeAndTrailers() {
    Metadata trailers = new Metadata();
    Metadata.Key<String> key = Metadata.Key.of("detail", Metadata.ASCII_STRING_MARSHALLER);
    trailers.put(key, "kept");
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> { throw new StatusRuntimeException(Status.NOT_FOUND.withDescription("gone"), trailers); });
    assertThat(Status.fromThrowable(recorder.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(((StatusRuntimeException) recorder.error).getTrailers().get(key)).isEqualTo("kept");
  }

  @Test
  void hugeDescriptionIsCutSoItFitsInAHeader() {
    String hostileId = "x".repeat(100_000);
    Recorder recorder = new Recorder();
    Rpc.answer(recorder, () -> { throw Rpc.fail(Status.Code.NOT_FOUND, "volume %s does not exist", hostileId); });

    Status status = Status.fromThrowable(recorder.error);
    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).hasSizeLessThan(Rpc.MAX_DESCRIPTION + 64).contains("more characters");
  }
}
