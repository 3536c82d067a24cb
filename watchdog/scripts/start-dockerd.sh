#!/bin/sh
# Start Debian's dockerd for the watchdog's tests and bench: a private socket and data root under /tmp,
# no bridge network, no iptables (containers run with --network host). Idempotent: if the socket already
# answers, it does nothing. Prints the DOCKER_HOST to use on stdout.
#   usage: watchdog/scripts/start-dockerd.sh            # starts (or reuses) the engine
#          watchdog/scripts/start-dockerd.sh stop       # stops the engine it started
# Environment: ERP_DOCKERD_NAME (default erp-dockerd) names the socket, pid file and directories.
set -eu
NAME="${ERP_DOCKERD_NAME:-erp-dockerd}"
SOCK="/tmp/$NAME.sock"
PIDFILE="/tmp/$NAME.pid"
LOG="/tmp/$NAME.log"
HOST="unix://$SOCK"

answers() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; fi
  exit 0
fi

if answers; then echo "$HOST"; exit 0; fi

# Several test workers may call this at once: one starts the engine, the others wait for it.
exec 9>"/tmp/$NAME.lock"
flock 9
if answers; then echo "$HOST"; exit 0; fi

command -v dockerd >/dev/null 2>&1 || { echo "dockerd not found: apt-get install -y docker.io" >&2; exit 1; }
# A stale pid file from a dead engine would make dockerd refuse to start.
if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then rm -f "$PIDFILE"; fi
rm -f "$SOCK"
mkdir -p "/tmp/$NAME" "/tmp/$NAME-exec"
nohup dockerd --bridge=none --iptables=false --ip6tables=false \
  --host "$HOST" --data-root "/tmp/$NAME" --exec-root "/tmp/$NAME-exec" --pidfile "$PIDFILE" \
  >"$LOG" 2>&1 </dev/null 9>&- &

i=0
until answers; do
  i=$((i + 1))
  if [ "$i" -gt 60 ]; then echo "dockerd did not answer on $SOCK within 30 s; see $LOG" >&2; tail -n 20 "$LOG" >&2; exit 1; fi
  sleep 0.5
done
echo "$HOST"
