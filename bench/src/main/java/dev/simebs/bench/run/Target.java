package dev.simebs.bench.run;

import dev.simebs.common.grpc.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The driver under test and how to reach it.
 *
 * @param controllerEndpoint null when the controller shares {@code endpoint}
 * @param launch a command line the tool starts the driver with, or null
 * @param launchLog where a launched driver's output goes
 * @param driverPid the driver's process to measure, or null (then the launched one, or the tool's
 *     own process, for a driver running inside it)
 * @param nodeId the node ID to use, or null to ask NodeGetInfo
 */
public record Target(
    Endpoint endpoint,
    Endpoint controllerEndpoint,
    String launch,
    Path launchLog,
    Long driverPid,
    String nodeId,
    Duration rpcTimeout,
    Duration probeTimeout) {}
