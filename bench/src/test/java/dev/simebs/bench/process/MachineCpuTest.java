package dev.simebs.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

  @Test
  void busyIsEverythingButIdleAndIoWait() {
    MachineCpu cpu = MachineCpu.parse("cpu  100 10 50 700 40 5 5 90 0 0");

    assertThat(cpu.busySeconds()).isCloseTo(2.6, within(1e-9));
    assertThat(cpu.totalSeconds()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void sinceSubtractsAnEarlierReading() {
    MachineCpu earlier = MachineCpu.parse("cpu 100 0 0 100 0 0 0 0");
    MachineCpu later = MachineCpu.parse("cpu 250 0 50 200 0 0 0 0");

    MachineCpu used = later.since(earlier);

    assertThat(used.busySeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(used.totalSeconds()).isCloseTo(3.0, within(1e-9));
  }
}
