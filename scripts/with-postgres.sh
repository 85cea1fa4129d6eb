#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh COMMAND [ARGS...]
# initialises a cluster in a temporary directory, starts it on a free loopback port, runs
# COMMAND with DATABASE_URL pointing at it, then stops the server and deletes the directory.
# `--available` exits 0 when the binaries are present; `--why-not` says what is missing.
set -euo pipefail
PG_BIN=${PG_BIN:-$(dirname "$(command -v pg_ctl 2>/dev/null || echo /usr/local/bin/pg_ctl)")}

why_not() {
  for tool in initdb pg_ctl postgres; do
    [ -x "$PG_BIN/$tool" ] || { echo "$PG_BIN/$tool not found (install PostgreSQL 15 or set PG_BIN)"; return 0; }
  done
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root but there is no 'postgres' user to run the server as"; return 0
  fi
  return 1
}

case "${1:-}" in
  --available) ! why_not >/dev/null; exit $? ;;
  --why-not) why_not || echo "nothing: PostgreSQL is available"; exit 0 ;;
  "") echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2 ;;
esac

if reason=$(why_not); then echo "cannot start PostgreSQL: $reason" >&2; exit 1; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/korea-archive-pg.XXXXXX")
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (throwaway cluster in $dir)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/korea_archive"
"$@"
