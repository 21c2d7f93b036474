package dev.simebs.common.inflight;

import dev.simebs.common.errors.ControllerRefusal;

/**
 * At most one operation per object at a time (see {@link InFlightGuard}): the controllers' guard,
 * keyed by the objects they work on, refusing a second operation as BUSY.
 */
public final class ControllerInFlight extends InFlightGuard<OperationKey> {

  public ControllerInFlight() {
    super(key -> ControllerRefusal.busy("an operation on %s is already in progress", key));
  }
}
