package dev.simebs.node.request;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.grpc.RequestFields;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;

/** Checks of request fields that every node RPC shares; the generic ones are in {@link RequestFields}. */
public final class Requests {

  private static final int PRINTABLE_LENGTH = 256;

  private Requests() {}

  /**
   * A present volume ID: anything but a SimEBS volume ID is NOT_FOUND (no such volume can exist),
   * and never reaches a file path.
   */
  static String volumeId(String value) {
    if (!ResourceIds.VOLUME.isValid(value)) {
      throw Rpc.fail(
          Status.Code.NOT_FOUND, "volume %s is not a SimEBS volume ID", RequestFields.printable(value));
    }
    return value;
  }
}
