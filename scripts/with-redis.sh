#!/usr/bin/env bash
# Run a command with a throwaway Redis:
#   scripts/with-redis.sh COMMAND [ARGS...]
# starts redis-server (Debian's `redis-server` package) on a free loopback port with its files
# in a temporary directory and nothing saved to disk, runs COMMAND with REDIS_URL pointing at
# it (the site's cache then lives in Redis: korea_archive/settings.py), then stops the server
# and deletes the directory. `--available` exits 0 when redis-server is installed;
# `--why-not` says what is missing.
set -euo pipefail
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server 2>/dev/null || echo /usr/bin/redis-server)}

why_not() {
  [ -x "$REDIS_SERVER" ] || { echo "$REDIS_SERVER not found (install Debian's 'redis-server' package)"; return 0; }
  return 1
}

case "${1:-}" in
  --available) ! why_not >/dev/null; exit $? ;;
  --why-not) why_not || echo "nothing: Redis is available"; exit 0 ;;
  "") echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2 ;;
esac

if reason=$(why_not); then echo "cannot start Redis: $reason" >&2; exit 1; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/korea-archive-redis.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$dir"
}
trap stop EXIT

"$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
for _ in $(seq 50); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
  sleep 0.1
done
echo "Redis $("$REDIS_SERVER" --version | awk '{print $3}' | cut -d= -f2) running on 127.0.0.1:$port (throwaway, in $dir)"

export REDIS_URL="redis://127.0.0.1:$port/0"
"$@"
