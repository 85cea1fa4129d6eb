#!/usr/bin/env bash
# `make test`'s two passes, one after the other: the SQLite pass, then the PostgreSQL pass on a
# throwaway cluster (`make test-postgres`: without PostgreSQL it says why it was skipped; in CI
# that fails). Each pass keeps both cores busy on its own (one worker per core, each test sent
# to the next free worker): run side by side, as they were until 1 December, their four
# workers only got in each other's way (SQLite 12:31 and PostgreSQL 10:13 side by side, against
# 6:01 then 4:40 one after the other). Both passes run even if the first fails; exits non-zero
# if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}

$MAKE --no-print-directory test-sqlite
sqlite=$?
$MAKE --no-print-directory test-postgres
postgres=$?
echo "make test: SQLite pass $([ $sqlite = 0 ] && echo passed || echo "FAILED (exit $sqlite)"); PostgreSQL pass $([ $postgres = 0 ] && echo passed || echo "FAILED (exit $postgres)")."
exit $((sqlite || postgres))
