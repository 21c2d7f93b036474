package dev.simebs.bench.compare;

import dev.simebs.bench.report.BenchResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one scenario against several drivers: every round launches each contender afresh in its
 * own new directory (so start-up and the first requests count every time), runs the scenario,
 * stops the driver and removes the directory. Rounds alternate the contenders' order
 * ({@link RoundOrder}). A round that fails is reported and left out of the medians; the others go on.
 */
public final class Comparison {

  /** Runs the scenario once against a driver started with {@code launch} in {@code roundDir}. */
  @FunctionalInterface
  public interface RoundRunner {
    BenchResult run(RoundOrder.Slot slot, String launch, Path roundDir) throws Exception;
  }

  /** What one round gave: its result, or why there is none. */
  public record RoundOutcome(RoundOrder.Slot slot, BenchResult result, String error) {}

  private final List<Contender> contenders;
  private final int rounds;
  private final RoundDirectories directories;
  private final RoundRunner runner;
  private final PrintStream progress;

  public Comparison(
      List<Contender> contenders, int rounds, Path workDir, RoundRunner runner, PrintStream progress) {
    check(contenders, rounds);
    this.contenders = List.copyOf(contenders);
    this.rounds = rounds;
    this.directories = new RoundDirectories(workDir);
    this.runner = runner;
    this.progress = progress;
  }

  /** Refuses what cannot be compared: no contender, two with one label, or no round. */
  static void check(List<Contender> contenders, int rounds) {
    if (contenders.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one --compare");
    }
    if (contenders.stream().map(Contender::label).distinct().count() != contenders.size()) {
      throw new IllegalArgumentException("every --compare needs its own label");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1");
    }
  }

  public List<String> labels() {
    return contenders.stream().map(Contender::label).toList();
  }

  /** Runs every round in order; the outcomes come back in the order run. */
  public List<RoundOutcome> run() throws InterruptedException {
    List<RoundOrder.Slot> slots = RoundOrder.of(contenders, rounds);
    List<RoundOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      RoundOrder.Slot slot = slots.get(i);
      progress.printf(
          Locale.ROOT, "[%d/%d] round %d of %d: %s%n", i + 1, slots.size(), slot.round(), rounds, slot.contender().label());
      RoundOutcome outcome = runOne(slot);
      progress.println("  " + (outcome.result() != null ? RoundLine.of(outcome.result()) : "failed: " + outcome.error()));
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private RoundOutcome runOne(RoundOrder.Slot slot) throws InterruptedException {
    Path roundDir;
    try {
      roundDir = directories.create(slot);
    } catch (IOException e) {
      return new RoundOutcome(slot, null, "cannot make the round's directory: " + e.getMessage());
    }
    RoundOutcome outcome;
    try {
      outcome = new RoundOutcome(slot, runner.run(slot, slot.contender().launchIn(roundDir), roundDir), null);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      outcome = new RoundOutcome(slot, null, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    try {
      if (!directories.remove(roundDir)) {
        progress.println("  left " + roundDir + ": another file system is mounted inside it");
      }
    } catch (IOException e) {
      progress.println("  could not remove " + roundDir + ": " + e.getMessage());
    }
    return outcome;
  }
}
