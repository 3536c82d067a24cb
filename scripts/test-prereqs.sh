#!/usr/bin/env bash
# Installs and starts what the test suite needs that a fresh machine may lack. Idempotent and quick when done.
#   Debian packages: influxdb (InfluxDB 1.x for the observer), docker.io + busybox-static (the watchdog's real engine
#   and FROM-scratch test images), chromium (the theme's browser tests), kubernetes-client (kubectl: renders k8s/ for its test),
#   docker-compose 1.29 and debootstrap (pnpm test:compose), and Compose v2 (below).
#   Services: PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379, started if they are down.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

missing=()
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-prereqs: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Compose v2 (`docker compose`), what users and GitHub's runners have and what pnpm test:compose runs: bookworm only
# packages docker-compose 1.29, so take the static plugin from Debian trixie's package, pinned by its SHA-256.
if ! docker compose version >/dev/null 2>&1; then
  compose_deb="pool/main/d/docker-compose/docker-compose_2.26.1-4_amd64.deb"
  compose_sha256="47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea"
  echo "test-prereqs: installing Compose v2 (docker compose) from Debian trixie's docker-compose 2.26.1"
  tmp=$(mktemp -d)
  curl -fsSL --retry 3 -o "$tmp/compose.deb" "http://deb.debian.org/debian/$compose_deb"
  echo "$compose_sha256  $tmp/compose.deb" | sha256sum -c --quiet -
  dpkg-deb -x "$tmp/compose.deb" "$tmp/root"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd install -D -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose
  rm -rf "$tmp"
  docker compose version
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "test-prereqs: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "test-prereqs: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi

if [ -x "$here/watchdog/scripts/start-dockerd.sh" ]; then
  "$here/watchdog/scripts/start-dockerd.sh"
fi
echo "test-prereqs: ready"
