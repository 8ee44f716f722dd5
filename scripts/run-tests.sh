#!/bin/sh
# Runs the compiled test files with node's test runner: unit tests beside the code
# (dist/src) and integration tests (dist/test). Usage: run-tests.sh [unit|integration|FILE...]
set -eu
cd "$(dirname "$0")/.."
case "${1:-all}" in
  unit) files=$(find dist/src -name '*.test.js' | sort) ;;
  integration) files=$(find dist/test -name '*.test.js' | sort) ;;
  all) files=$(find dist/src dist/test -name '*.test.js' | sort) ;;
  *) files="$*" ;;
esac
if [ -z "$files" ]; then
  echo "run-tests: no test files found; did 'npm run build' run?" >&2
  exit 1
fi
# shellcheck disable=SC2086
exec node --test --test-concurrency=2 --test-timeout=300000 $files
