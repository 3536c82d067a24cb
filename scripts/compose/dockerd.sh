#!/usr/bin/env bash
# A private Docker engine with bridge networks for the compose test: its own socket, data, bridge and address pool,
# so it disturbs no other engine on the machine. No iptables rules: containers reach each other on their networks
# and nothing outside; published ports bind 127.0.0.1 and are forwarded by docker-proxy. The engine keeps everything in
# a tmpfs of its own (ERP_COMPOSE_DOCKERD_SIZE, default 10g), so removing it all is one unmount.
#   usage: scripts/compose/dockerd.sh start    # prints the DOCKER_HOST to use
#          scripts/compose/dockerd.sh stop     # stops the engine and removes its data, bridge and sockets
# Environment: ERP_COMPOSE_DOCKERD (default erp-compose) names the socket and directories under /tmp.
set -euo pipefail
NAME="${ERP_COMPOSE_DOCKERD:-erp-compose}"
DIR="/tmp/$NAME-dockerd"
SOCK="$DIR/docker.sock"
BRIDGE="erpc0"          # the default bridge (unused by compose, which makes its own networks from the pool)
BRIDGE_IP="10.231.0.1/24"
POOL="base=10.232.0.0/16,size=24"

answers() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

stop() {
  if [ -f "$DIR/dockerd.pid" ]; then
    local pid; pid=$(cat "$DIR/dockerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Mounts an engine killed mid-run may leave behind (deepest first), then the tmpfs with all its data, then the bridge.
  { grep -o " $DIR/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  if grep -q " $DIR " /proc/mounts; then umount -l "$DIR"; fi
  rm -rf "$DIR"
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE" || true
}

case "${1:-}" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

if answers; then echo "unix://$SOCK"; exit 0; fi
stop
mkdir -p "$DIR"
mount -t tmpfs -o "size=${ERP_COMPOSE_DOCKERD_SIZE:-10g},mode=0711" "erp-compose-dockerd" "$DIR"
mkdir -p "$DIR/data" "$DIR/exec"
ip link add "$BRIDGE" type bridge
ip addr add "$BRIDGE_IP" dev "$BRIDGE"
ip link set "$BRIDGE" up
nohup dockerd --host "unix://$SOCK" --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" \
  --bridge "$BRIDGE" --default-address-pool "$POOL" --iptables=false --ip6tables=false --ip-masq=false \
  --userland-proxy=true --containerd-namespace "$NAME" --containerd-plugins-namespace "$NAME-plugins" \
  >"$DIR/dockerd.log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if answers; then echo "unix://$SOCK"; exit 0; fi
  sleep 0.5
done
echo "dockerd did not answer on $SOCK within 30 s; see $DIR/dockerd.log" >&2
tail -n 20 "$DIR/dockerd.log" >&2
exit 1
