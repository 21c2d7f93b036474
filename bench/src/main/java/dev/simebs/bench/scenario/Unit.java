package dev.simebs.bench.scenario;

import dev.simebs.bench.csi.TimedCsi;

/** One unit of work of a phase (a provision pair, one lifecycle cycle …), for index {@code i}. */
@FunctionalInterface
public interface Unit {
  void run(TimedCsi csi, int index) throws Exception;
}
