package dev.simebs.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.node.metrics.ProvisionedPerformance.Limits;
import org.junit.jupiter.api.Test;

class ExceedanceTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MIB = 1024 * 1024;
  private static final Limits LIMITS = new Limits(100, MIB);

  @Test
  void anIntervalWhoseAverageIopsIsAboveTheLimitCountsWhole() {
    Exceedance e = new Exceedance(ops(0), 0);
    e.sample(ops(300), 2 * SECOND, LIMITS); // 150 IOPS for 2 s
    e.sample(ops(350), 3 * SECOND, LIMITS); // 50 IOPS

    assertThat(e.iopsSeconds()).isEqualTo(2.0);
    assertThat(e.throughputSeconds()).isZero();
  }

  @Test
  void anIntervalWhoseAverageThroughputIsAboveTheLimitCountsWhole() {
    Exceedance e = new Exceedance(bytes(0), 0);
    e.sample(bytes(3 * MIB), SECOND, LIMITS);
    e.sample(bytes(3 * MIB + MIB / 2), 2 * SECOND, LIMITS);

    assertThat(e.throughputSeconds()).isEqualTo(1.0);
    assertThat(e.iopsSeconds()).isZero();
  }

  @Test
  void countersThatWentBackStartANewBaseline() {
    Exceedance e = new Exceedance(ops(10_000), 0);
    e.sample(ops(5), SECOND, LIMITS); // a new loop device: its counters start again
    e.sample(ops(50), 2 * SECOND, LIMITS);

    assertThat(e.iopsSeconds()).isZero();
  }

  @Test
  void unknownLimitsCountNothing() {
    Exceedance e = new Exceedance(ops(0), 0);
    e.sample(ops(1_000_000), SECOND, new Limits(0, 0));

    assertThat(e.iopsSeconds()).isZero();
    assertThat(e.throughputSeconds()).isZero();
  }

  @Test
  void blockStatFieldsAreReadAsOperationsSectorsAndMilliseconds() {
    IoCounters c = IoCounters.parse("     120        3     2048       40       80        0     4096       25        0       60       65\n");

    assertThat(c).isEqualTo(new IoCounters(120, 2048 * 512, 40, 80, 4096 * 512, 25));
  }

  private static IoCounters ops(long n) {
    return new IoCounters(n, 0, 0, 0, 0, 0);
  }

  private static IoCounters bytes(long n) {
    return new IoCounters(0, 0, 0, 0, n, 0);
  }
}
