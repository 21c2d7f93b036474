#!/usr/bin/env bash
# Source this on a machine without a Docker daemon: it configures podman (runc, rlimits the
# machine allows) and serves podman's Docker-compatible API, so Testcontainers can run the
# SimEBS images. Exports CONTAINERS_CONF, DOCKER_HOST and the Testcontainers settings.
#
#   source scripts/podman-api.sh
set -euo pipefail
command -v podman >/dev/null || { echo "podman-api.sh: podman is not installed" >&2; return 1; }

export CONTAINERS_CONF="${CONTAINERS_CONF:-/tmp/simebs-containers.conf}"
nofile="$(ulimit -Hn)"
cat > "$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF

socket=/run/podman/podman.sock
mkdir -p /run/podman
# Always a fresh service: one left running by an earlier run of this script may hold stale state
# (seen here as "write child: broken pipe" on container start). Only that one is stopped, by
# the process ID it recorded; nothing else is touched.
pidfile=/run/podman/simebs-podman-service.pid
if [ -f "$pidfile" ]; then
  old="$(cat "$pidfile")"
  if [ -n "$old" ] && kill -0 "$old" 2>/dev/null \
      && tr '\0' ' ' < "/proc/$old/cmdline" | grep -q "podman system service"; then
    kill "$old" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
fi
rm -f "$socket"
nohup podman system service --time=0 "unix://$socket" >/tmp/simebs-podman-service.log 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 1 100); do
  curl -sf --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf --unix-socket "$socket" http://d/_ping >/dev/null || {
  echo "podman-api.sh: podman API did not come up; see /tmp/simebs-podman-service.log" >&2; return 1; }

export DOCKER_HOST="unix://$socket"
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
echo "podman-api.sh: Docker API at $DOCKER_HOST"
