#!/usr/bin/env bash
# Takes the numbers in docs/performance.md: every scenario against a fresh all-in-one driver
# launched by the tool (so Probe-ready and the driver's RSS/CPU are measured too).
# Usage: bench/scripts/measure.sh OUT_DIR [scenario-set]   (run as root from the repository root)
set -euo pipefail
out="${1:?output directory}"; set_="${2:-all}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lib="$root/dist/target/simebs/lib"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
work="${BENCH_WORK:-/tmp/simebs-bench-work}"
# The driver runs through ./simebs, so it gets the shipped JVM options; SIMEBS_JAVA_OPTS in the
# environment adds to them (the launched driver inherits it). The tool itself runs C1-only too,
# so it takes less of the CPU it shares with the driver.
tool_opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
mkdir -p "$out"

bench() { # name, then bench flags
  local name="$1"; shift
  rm -rf "$work"; mkdir -p "$work"
  "$java" $tool_opts -cp "$lib/*" dev.simebs.bench.BenchCommand \
    --endpoint "unix://$work/csi.sock" \
    --launch "$root/simebs all-in-one --endpoint unix://$work/csi.sock --data-dir $work/data" \
    --launch-log "$out/$name.driver.log" --progress lines \
    --staging-dir "$work/staging" --target-dir "$work/target" \
    --out "$out/$name.json" "$@" > "$out/$name.txt" 2>&1 || true
  grep -E "^headline|^driver process|^machine busy" "$out/$name.txt" | sed "s/^/$name: /"
}

case "$set_" in
  all|startup)
    # The first start after a build makes the all-in-one's AOT cache (a training run); the later ones use it.
    for i in 0 1 2 3; do bench "startup-$i" --scenario startup; done ;;&
  quick)
    bench provision-c16 --scenario provision --warmup 500 --volumes 2000 --concurrency 16
    bench lifecycle-c1 --scenario lifecycle --warmup 10 --volumes 60 --concurrency 1
    bench startup --scenario startup ;;
  all|provision)
    for c in 1 4 16 32; do bench "provision-c$c" --scenario provision --warmup 500 --volumes 2000 --concurrency "$c"; done ;;&
  all|attach)
    for c in 1 8; do bench "attach-c$c" --scenario attach --warmup 100 --volumes 500 --concurrency "$c"; done ;;&
  all|lifecycle)
    for c in 1 2 4 8; do bench "lifecycle-c$c" --scenario lifecycle --warmup 10 --volumes 60 --concurrency "$c"; done
    bench lifecycle-block-c1 --scenario lifecycle --access-type block --warmup 10 --volumes 60 --concurrency 1 ;;&
  all|snapshot)
    bench snapshot-10g --scenario snapshot --size 10Gi --data-mib 100 --volumes 5 --concurrency 1 ;;&
  all|expand)
    bench expand-block --scenario expand --access-type block --warmup 5 --volumes 40 --concurrency 2 ;;&
  all|list)
    bench list-10k --scenario list --volumes 10000 --concurrency 8 --page-size 500 --list-passes 5 ;;&
  all|mixed)
    bench mixed --scenario mixed --access-type block --warmup 20 --volumes 300 --concurrency 4 --seed 1 ;;&
  *) ;;
esac
