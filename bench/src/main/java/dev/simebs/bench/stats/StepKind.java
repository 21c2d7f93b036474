package dev.simebs.bench.stats;

/** Whether a step is one CSI call or a span the tool measures around several. */
public enum StepKind {
  rpc,
  span,
  check
}
