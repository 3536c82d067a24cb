#!/usr/bin/env bash
# Installs and starts what the test suite needs that a fresh machine may lack. Idempotent and quick when done.
#   Debian packages: influxdb (InfluxDB 1.x for the observer), docker.io + busybox-static (the watchdog's real engine
#   and FROM-scratch test images), chromium (the theme's browser tests), kubernetes-client (kubectl: renders k8s/ for its test).
#   Services: PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379, started if they are down.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

missing=()
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-prereqs: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
