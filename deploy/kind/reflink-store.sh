#!/usr/bin/env bash
# Makes kind's shared volume store able to clone files, so that snapshots and clones of volumes
# in use are point-in-time (docs/backend-sim.md, "Point in time: the volume store").
#
#   reflink-store.sh up DIR     DIR can reflink afterwards, or a warning says why not
#   reflink-store.sh down DIR   unmounts what "up" mounted and removes its image
#
# The backend pod runs non-root and cannot make such a store itself, so it is made on the host
# before the cluster exists: a sparse file DIR.img formatted as xfs with reflink, loop-mounted at
# DIR. Every kind worker bind-mounts DIR, and the backend finds a data directory that reflinks.
# DIR is left alone when it already reflinks, when it is a mount point, or when it holds files
# (a mount would hide them). SIMEBS_KIND_REFLINK=0 skips it; SIMEBS_KIND_STORE_SIZE sets the
# image's size (default 200G: only what volumes write takes space).
set -euo pipefail

usage() { echo "usage: $0 up|down DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
dir="$(realpath -m "$2")"
image="$dir.img"

say() { printf 'reflink-store: %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}
can_run_as_root() { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }

can_reflink() {
  local probe
  probe="$(as_root mktemp "$1/.reflink-probe.XXXXXX")" || return 1
  if as_root cp --reflink=always "$probe" "$probe.clone" 2>/dev/null; then
    as_root rm -f "$probe" "$probe.clone"
    return 0
  fi
  as_root rm -f "$probe" "$probe.clone"
  return 1
}

up() {
  mkdir -p "$dir" 2>/dev/null || as_root mkdir -p "$dir"
  if [ "${SIMEBS_KIND_REFLINK:-1}" = 0 ]; then
    say "skipped (SIMEBS_KIND_REFLINK=0): snapshots of volumes in use are not point-in-time"
    return 0
  fi
  if ! can_run_as_root; then
    say "WARNING: needs root (or passwordless sudo) to loop-mount an xfs store at $dir;" \
      "snapshots of volumes in use will not be point-in-time"
    return 0
  fi
  if can_reflink "$dir"; then
    say "$dir can reflink: snapshots and clones are point-in-time"
    return 0
  fi
  if mountpoint -q "$dir"; then
    say "WARNING: $dir is a mount point that cannot reflink; left as it is," \
      "snapshots of volumes in use will not be point-in-time"
    return 0
  fi
  if [ -n "$(ls -A "$dir")" ]; then
    say "WARNING: $dir already holds files and cannot reflink; left as it is (a mount would" \
      "hide them), snapshots of volumes in use will not be point-in-time"
    return 0
  fi
  command -v mkfs.xfs >/dev/null || {
    say "WARNING: mkfs.xfs (xfsprogs) is missing; snapshots of volumes in use will not be point-in-time"
    return 0
  }
  as_root truncate -s "${SIMEBS_KIND_STORE_SIZE:-200G}" "$image"
  as_root mkfs.xfs -q -f -m reflink=1 "$image"
  as_root mount -o loop "$image" "$dir"
  as_root chmod 0755 "$dir"
  if can_reflink "$dir"; then
    say "made an xfs store with reflink at $dir ($image): snapshots and clones are point-in-time"
  else
    say "WARNING: the xfs store at $dir cannot reflink (kernel too old?);" \
      "snapshots of volumes in use will not be point-in-time"
  fi
}

down() {
  if [ -f "$image" ]; then
    if mountpoint -q "$dir" && ! as_root umount "$dir"; then
      # a loop device of a deleted cluster's node may still hold a volume file open
      say "$dir is busy; detaching it lazily (the space returns when the last user lets go)"
      as_root umount --lazy "$dir"
    fi
    as_root rm -f "$image"
    say "removed the store $image"
  fi
}

case "$action" in
  up) up ;;
  down) down ;;
  *) usage ;;
esac
