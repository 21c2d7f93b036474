package dev.simebs.bench.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The order rounds run in: every contender once per round, the order reversed every other round
 * (A B, B A, A B …), so a drift in the machine's load over the run falls on every contender alike
 * instead of on whichever always runs last.
 */
public final class RoundOrder {

  /** One run of one contender. */
  public record Slot(int round, Contender contender) {}

  private RoundOrder() {}

  public static List<Slot> of(List<Contender> contenders, int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1");
    }
    List<Slot> slots = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      List<Contender> order = round % 2 == 1 ? contenders : contenders.reversed();
      for (Contender contender : order) {
        slots.add(new Slot(round, contender));
      }
    }
    return slots;
  }
}
