package dev.simebs.bench.scenario;

/** {@code units} units of work, run {@code concurrency} at a time. */
public record Phase(String name, int units, int concurrency, Unit unit) {}
