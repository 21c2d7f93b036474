package dev.simebs.cloudcli;

import dev.simebs.backend.api.BackendError;
import dev.simebs.backend.api.BackendErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One {@code simebs cloud} command: connects to the backend, runs, prints, and turns a refusal
 * into a one-line error with the cloud's reason and exit status 1.
 */
abstract class CloudCall implements Callable<Integer> {

  @Mixin CloudOptions cloud;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    try (CloudSession session = cloud.open()) {
      run(session, new Printer(cloud.output, spec.commandLine().getOut()));
      return 0;
    } catch (StatusRuntimeException e) {
      return fail(1, describe(e));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return fail(2, e.getMessage());
    }
  }

  private int fail(int status, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + message);
    err.flush();
    return status;
  }

  abstract void run(CloudSession connection, Printer out) throws Exception;

  /** Where progress goes: stderr, so a machine format on stdout stays clean. */
  PrintWriter progress() {
    return spec.commandLine().getErr();
  }

  private String describe(StatusRuntimeException e) {
    Optional<BackendError> error = BackendErrors.of(e);
    if (error.isPresent()) {
      return error.get().getReason() + ": " + error.get().getMessage();
    }
    Status status = e.getStatus();
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      return "cannot reach the backend at " + cloud.backend + ": " + status.getDescription();
    }
    return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }
}
