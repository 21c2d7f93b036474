package dev.simebs.bench.stats;

import java.util.Map;

/**
 * One step of a phase, summarised.
 *
 * @param count calls made (succeeded + failed)
 * @param errorsByCode failed calls by gRPC status code (or a client-side reason)
 * @param opsPerSecond successful calls per second of the phase's wall time
 * @param perUnitMs mean time this step adds to one unit of work
 * @param shareOfUnit {@code perUnitMs} over the mean unit latency
 */
public record StepSummary(
    String name,
    StepKind kind,
    long count,
    long ok,
    long errors,
    Map<String, Long> errorsByCode,
    double opsPerSecond,
    LatencySummary latency,
    double perUnitMs,
    double shareOfUnit) {}
