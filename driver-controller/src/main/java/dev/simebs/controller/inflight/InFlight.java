package dev.simebs.controller.inflight;

import dev.simebs.common.inflight.InFlightGuard;

/** The block controller's in-flight guard, keyed by the objects it works on. */
public final class InFlight extends InFlightGuard<OperationKey> {}
