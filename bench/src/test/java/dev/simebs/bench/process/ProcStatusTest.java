package dev.simebs.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

  private static final String STATUS =
      """
      Name:\tjava
      VmPeak:\t 4000000 kB
      VmHWM:\t  150000 kB
      VmRSS:\t   90000 kB
      Threads:\t30
      """;

  @Test
  void readsResidentAndPeakResidentSetInKiB() {
    ProcStatus status = ProcStatus.parse(STATUS, "1 (java) S 0 0 0 0 0 0 0 0 0 0 250 50 0 0");

    assertThat(status.rssKiB()).isEqualTo(90_000);
    assertThat(status.peakRssKiB()).isEqualTo(150_000);
  }

  @Test
  void cpuTimeIsUserPlusSystemTicksAtHundredPerSecond() {
    ProcStatus status = ProcStatus.parse(STATUS, "1 (java) S 0 0 0 0 0 0 0 0 0 0 250 50 0 0");

    assertThat(status.cpuSeconds()).isEqualTo(3.0);
  }

  @Test
  void childProcessesCpuTimeIsReadApart() {
    ProcStatus status = ProcStatus.parse(STATUS, "1 (java) S 0 0 0 0 0 0 0 0 0 0 250 50 120 30");

    assertThat(status.cpuSeconds()).isEqualTo(3.0);
    assertThat(status.childrenCpuSeconds()).isEqualTo(1.5);
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    ProcStatus status =
        ProcStatus.parse(STATUS, "7 (my (odd) name) R 1 1 1 0 -1 0 0 0 0 0 100 100 0 0");

    assertThat(status.cpuSeconds()).isEqualTo(2.0);
  }

  @Test
  void readsThisProcessFromProc() throws Exception {
    ProcStatus self = ProcStatus.read(ProcessHandle.current().pid());

    assertThat(self.rssKiB()).isPositive();
    assertThat(self.peakRssKiB()).isGreaterThanOrEqualTo(self.rssKiB());
  }
}
