#!/bin/sh
# Installs tcpdoc from this checkout: npm packages, a build, and the tcpdoc command on PATH.
set -eu
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
  echo "install: Node.js >= 20 is required (https://nodejs.org or your distribution's nodejs package)" >&2
  exit 3
fi
node -e 'const [major] = process.versions.node.split(".").map(Number); if (major < 20) { console.error("tcpdoc needs Node.js >= 20, found " + process.version); process.exit(3); }'
npm ci --no-audit --no-fund
npm run build
npm install -g --no-audit --no-fund . >/dev/null
echo "install: tcpdoc $(node dist/src/cli/main.js --version | cut -d' ' -f2) is on PATH as $(command -v tcpdoc)"
