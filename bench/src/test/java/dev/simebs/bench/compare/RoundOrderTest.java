package dev.simebs.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundOrderTest {

  private final Contender a = new Contender("a", "a --endpoint {endpoint}");
  private final Contender b = new Contender("b", "b --endpoint {endpoint}");

  @Test
  void everyOtherRoundRunsTheContendersInReverse() {
    List<String> order =
        RoundOrder.of(List.of(a, b), 3).stream().map(s -> s.round() + s.contender().label()).toList();

    assertThat(order).containsExactly("1a", "1b", "2b", "2a", "3a", "3b");
  }

  @Test
  void aComparisonNeedsAtLeastOneRound() {
    assertThatThrownBy(() -> RoundOrder.of(List.of(a, b), 0)).hasMessageContaining("--rounds");
  }
}
