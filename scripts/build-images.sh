#!/usr/bin/env bash
# Builds the SimEBS container image (one image, every component) without a Docker daemon
# where possible: podman or buildah, else docker.
#
#   scripts/build-images.sh [--tag TAG] [--base IMAGE] [--local-base] [--skip-maven]
#
#   --local-base  bootstrap a Debian base with debootstrap (with the node tools inside) and use
#                 it, for machines that cannot pull images; cached as localhost/simebs-base.
#   --skip-maven  reuse dist/target/simebs instead of running ./mvnw package.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag=dev
base=docker.io/library/debian:bookworm-slim
local_base=0
skip_maven=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --local-base) local_base=1; shift ;;
    --skip-maven) skip_maven=1; shift ;;
    *) echo "build-images.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/jlink" ] || { echo "build-images.sh: no jlink in JAVA_HOME=$JAVA_HOME (JDK 25 needed)" >&2; exit 1; }
if command -v podman >/dev/null; then build=(podman build); engine=podman
elif command -v buildah >/dev/null; then build=(buildah bud); engine=buildah
elif command -v docker >/dev/null; then build=(docker build); engine=docker
else echo "build-images.sh: podman, buildah or docker is required" >&2; exit 1; fi

if [ "$skip_maven" = 0 ]; then
  echo "==> building the distribution (./mvnw package)"
  (cd "$repo" && ./mvnw -B -q package -DskipTests)
fi
lib="$repo/dist/target/simebs/lib"
[ -d "$lib" ] || { echo "build-images.sh: no distribution at $lib" >&2; exit 1; }

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -r "$lib" "$context/lib"
cp "$repo/dist/target/simebs/jvm.options" "$context/jvm.options"
# SQLite's native library for this machine's architecture (the image is built for it).
cp -r "$repo/dist/target/simebs/native/org/sqlite/native/Linux/$(uname -m)" "$context/native"
cp "$repo/deploy/image/Containerfile" "$context/Containerfile"

echo "==> making a Java runtime with jlink"
# java.desktop: the bench chart draws with java.awt (headless); DistributionClasspathTest checks this list.
modules="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.unsupported,jdk.jfr"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$context/runtime"

install_tools=1
if [ "$local_base" = 1 ]; then
  base=localhost/simebs-base:bookworm
  if ! "$engine" image exists "$base" 2>/dev/null && ! "$engine" inspect "$base" >/dev/null 2>&1; then
    command -v debootstrap >/dev/null || { echo "build-images.sh: --local-base needs debootstrap" >&2; exit 1; }
    echo "==> bootstrapping $base with debootstrap (about a minute and a half)"
    rootfs="$(mktemp -d)"
    debootstrap --variant=minbase --include=util-linux,mount,e2fsprogs,xfsprogs,ca-certificates \
      bookworm "$rootfs" >/dev/null
    # Package caches, docs and locales are dead weight in an image.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/locale "$rootfs"/usr/share/info
    tar -C "$rootfs" -c . | "$engine" import - "$base" >/dev/null
    rm -rf "$rootfs"
  fi
  install_tools=0
fi

echo "==> building localhost/simebs:$tag from $base with $engine"
"${build[@]}" --build-arg "BASE=$base" --build-arg "INSTALL_TOOLS=$install_tools" \
  -t "localhost/simebs:$tag" -f "$context/Containerfile" "$context"
"$engine" images "localhost/simebs:$tag" 2>/dev/null || true
