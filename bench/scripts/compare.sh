#!/usr/bin/env bash
# The issue-16 comparison in one command: SimEBS's all-in-one against the reference hostpath
# driver, every scenario with `simebs bench --compare` (each driver freshly launched every round,
# the order alternating). Run as root from the repository root on a quiet machine:
#   HOSTPATH=/path/to/hostpathplugin bench/scripts/compare.sh OUT_DIR [rounds]
# Without HOSTPATH (or when it is not executable) SimEBS runs alone and the numbers are absolute.
# Build first, from clean (a stale resource in target/ skews the numbers): ./mvnw -B -q clean package -DskipTests
set -euo pipefail
out="${1:?output directory}"; rounds="${2:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lib="$root/dist/target/simebs/lib"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
# The tool runs C1-only with a serial GC so it takes little of the CPU it shares with the drivers.
tool_opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
mkdir -p "$out"

# The first contender is the baseline of every ratio: the hostpath driver when it can run.
contenders=()
if [ -n "${HOSTPATH:-}" ] && [ -x "$HOSTPATH" ]; then
  contenders+=(--compare "hostpath=$HOSTPATH --endpoint {endpoint} --nodeid bench-node --drivername hostpath.csi.k8s.io --statedir {dir}/state")
else
  echo "compare.sh: HOSTPATH not set or not executable; measuring SimEBS alone" >&2
fi
contenders+=(--compare "simebs=$root/simebs all-in-one --endpoint {endpoint} --data-dir {dir}/data")

# ./simebs makes the all-in-one's start-up cache (a JDK AOT cache) on its first start after a
# build; make it now, so every measured round starts as every later start does.
dist="$root/dist/target/simebs"
[ -f "$dist/simebs-all-in-one.aot" ] ||
  "$root/simebs" aot-cache --output "$dist/simebs-all-in-one.aot"

compare() { # name, then bench flags
  local name="$1"; shift
  echo "== $name ($(cut -d' ' -f1-3 /proc/loadavg) load)"
  "$java" $tool_opts -cp "$lib/*" dev.simebs.bench.BenchCommand "${contenders[@]}" --rounds "$rounds" \
    --progress off --out "$out/$name.json" "$@" 2>"$out/$name.err" | tee "$out/$name.txt" || true
}

# Idle footprint after the first ready Probe (no load).
compare startup --scenario startup
# A new user's first 1,000 pairs: start-up, class loading and compilation all count.
compare fresh-provision-c16 --scenario provision --volumes 1000 --concurrency 16
# Warm: 2,000 pairs after 1,000 of warm-up; peak RSS is the RSS under load.
compare warm-provision-c16 --scenario provision --warmup 1000 --volumes 2000 --concurrency 16
# Snapshot and restore of a 10 GiB volume with 100 MiB written (mounts volumes: needs root).
compare snapshot-10g --scenario snapshot --size 10Gi --data-mib 100 --volumes 5 --concurrency 1
