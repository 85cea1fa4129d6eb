#!/usr/bin/env bash
# `make test`'s two passes at once: the SQLite pass prints as it runs while the PostgreSQL pass
# (its own throwaway cluster, its own static files folder) runs beside it; its output follows
# when the SQLite pass ends. On two cores one pass alone leaves a core idle about a third of
# the time (browser tests wait on Chromium, the server tests on their subprocesses), so the
# two together take less than one after the other. Exits non-zero if either pass failed.
# Without PostgreSQL the SQLite pass runs alone and the PostgreSQL pass says why it was skipped
# (in CI that fails: `make test-postgres`).
set -uo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}

if ! scripts/with-postgres.sh --available; then
  $MAKE --no-print-directory test-sqlite
  sqlite=$?
  $MAKE --no-print-directory test-postgres
  postgres=$?
  exit $((sqlite || postgres))
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/korea-archive-test.XXXXXX")
background=
cleanup() {
  # the background pass is a process group of its own (setsid): stop all of it
  [ -n "$background" ] && kill -- -"$background" 2>/dev/null && wait "$background" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "make test: the PostgreSQL pass runs in the background meanwhile; its output follows the SQLite pass's."
STATIC_ROOT="$work/static" setsid $MAKE --no-print-directory test-postgres >"$work/postgres.log" 2>&1 &
background=$!
$MAKE --no-print-directory test-sqlite
sqlite=$?
kill -0 "$background" 2>/dev/null \
  && echo "make test: the SQLite pass is done (exit $sqlite); waiting for the PostgreSQL pass ..."
wait "$background"
postgres=$?
background=
cat "$work/postgres.log"
echo "make test: SQLite pass $([ $sqlite = 0 ] && echo passed || echo "FAILED (exit $sqlite)"); PostgreSQL pass $([ $postgres = 0 ] && echo passed || echo "FAILED (exit $postgres)")."
exit $((sqlite || postgres))
