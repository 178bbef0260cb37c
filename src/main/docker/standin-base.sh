#!/usr/bin/env bash
# A CI aid, never used for releases: when the Dockerfile's base image (eclipse-temurin) cannot be pulled — no
# container registry is reachable from CI — make a stand-in of it from Debian packages (a minimal bookworm with
# openjdk-17-jre-headless) and tag it with the base image's name, so `docker build -f src/main/docker/Dockerfile.jvm`
# works. Releases are built on the real base image. Needs root (debootstrap) and a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")"

base=$(awk '/^FROM /{ print $2; exit }' Dockerfile.jvm)
if docker image inspect "$base" >/dev/null 2>&1; then
  echo "standin-base: $base is already here"
  exit 0
fi
if timeout 60 docker pull "$base" >/dev/null 2>&1; then
  echo "standin-base: pulled $base"
  exit 0
fi

mirror=http://deb.debian.org/debian
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
  mirror=$(awk '/^URIs:/{ print $2; exit }' /etc/apt/sources.list.d/debian.sources)
fi
root=$(mktemp -d /tmp/standin-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
started=$(date +%s)
echo "standin-base: $base cannot be pulled; making a stand-in from $mirror (bookworm, openjdk-17-jre-headless)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,curl bookworm "$root" "$mirror" \
  >/tmp/standin-base.log 2>&1 || { tail -20 /tmp/standin-base.log; exit 1; }
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
  --change 'ENV LANG=C.UTF-8' \
  - "$base" >/dev/null
echo "standin-base: tagged $base in $(( $(date +%s) - started )) s"
