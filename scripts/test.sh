#!/bin/sh
# The whole test suite on a fresh Debian machine, as root: installs the Debian
# packages the tests use (real kernel, real tools), the npm packages, builds, runs.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-test-deps.sh
npm ci --no-audit --no-fund
npm test
