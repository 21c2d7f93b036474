#!/usr/bin/env bash
# Deletes the kind cluster made by up.sh and the shared volume data.
set -euo pipefail
cluster="${SIMEBS_KIND_CLUSTER:-simebs}"
command -v kind >/dev/null || { echo "down.sh: 'kind' is required but not installed" >&2; exit 1; }
if command -v podman >/dev/null && ! command -v docker >/dev/null; then
  export KIND_EXPERIMENTAL_PROVIDER=podman
fi
echo "==> deleting kind cluster '$cluster'"
kind delete cluster --name "$cluster"
echo "==> removing /tmp/simebs-kind-data"
"$(dirname "${BASH_SOURCE[0]}")/reflink-store.sh" down /tmp/simebs-kind-data
rm -rf /tmp/simebs-kind-data
