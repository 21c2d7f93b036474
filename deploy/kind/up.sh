#!/usr/bin/env bash
# Creates a kind cluster with SimEBS installed: cluster, image, snapshot CRDs and controller,
# then the kustomization in deploy/kubernetes/overlays/kind. Re-running is safe.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cluster="${SIMEBS_KIND_CLUSTER:-simebs}"
snapshotter_version="${SNAPSHOTTER_VERSION:-v8.6.0}"
image="localhost/simebs:dev"

step() { printf '\n==> %s\n' "$*"; }
need() {
  command -v "$1" >/dev/null || { echo "up.sh: '$1' is required but not installed ($2)" >&2; exit 1; }
}

need kind "https://kind.sigs.k8s.io"
need kubectl "https://kubernetes.io/docs/tasks/tools/"
if command -v podman >/dev/null; then engine=podman; export KIND_EXPERIMENTAL_PROVIDER=podman
elif command -v docker >/dev/null; then engine=docker
else echo "up.sh: podman or docker is required" >&2; exit 1; fi

step "shared data dir /tmp/simebs-kind-data (every node mounts it at /var/lib/simebs)"
mkdir -p /tmp/simebs-kind-data
# before the cluster exists, so that every worker's bind mount sees the store
"$here/reflink-store.sh" up /tmp/simebs-kind-data

if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  step "kind cluster '$cluster' exists; reusing it"
else
  step "creating kind cluster '$cluster' (1 control plane, workers in sim-a and sim-b)"
  kind create cluster --name "$cluster" --config "$here/cluster.yaml"
fi

if [ "${SKIP_IMAGE_BUILD:-0}" != 1 ]; then
  step "building image $image"
  "$repo/scripts/build-images.sh" --tag dev
fi
step "loading $image into the cluster's nodes"
archive="$(mktemp --suffix=.tar)"
trap 'rm -f "$archive"' EXIT
"$engine" save -o "$archive" "$image"
kind load image-archive "$archive" --name "$cluster"

step "installing the snapshot CRDs and snapshot-controller $snapshotter_version"
base="https://github.com/kubernetes-csi/external-snapshotter"
kubectl apply -k "$base/client/config/crd?ref=$snapshotter_version"
kubectl apply -k "$base/deploy/kubernetes/snapshot-controller?ref=$snapshotter_version"

# VolumeAttributesClass (storage.k8s.io/v1) exists from Kubernetes 1.34; older clusters get the
# base without it.
minor="$(kubectl version -o json | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | tail -1)"
overlay=kind
if [ "${minor:-0}" -ge 34 ]; then overlay=kind-vac; fi
step "installing SimEBS (deploy/kubernetes/overlays/$overlay, server 1.${minor:-?})"
kubectl apply -k "$repo/deploy/kubernetes/overlays/$overlay"

step "waiting for SimEBS to be ready"
kubectl -n simebs-system rollout status statefulset/simebs-backend --timeout=180s
kubectl -n simebs-system rollout status deployment/simebs-controller --timeout=180s
kubectl -n simebs-node rollout status daemonset/simebs-node --timeout=180s
kubectl get csidriver ebs.csi.simebs.dev
kubectl get storageclass
step "done: try kubectl apply -f $repo/deploy/kubernetes/examples/pvc-pod.yaml"
