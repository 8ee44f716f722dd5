#!/bin/sh
# Debian packages the test suite needs: namespaces and veth (iproute2), packet
# loss and rejects (iptables), captures (tcpdump) and the reference analyser (tshark).
set -eu
need=""
command -v ip >/dev/null 2>&1 || need="$need iproute2"
command -v ss >/dev/null 2>&1 || need="$need iproute2"
command -v iptables >/dev/null 2>&1 || need="$need iptables"
command -v tcpdump >/dev/null 2>&1 || need="$need tcpdump"
command -v tshark >/dev/null 2>&1 || need="$need tshark"
command -v editcap >/dev/null 2>&1 || need="$need wireshark-common"
command -v ps >/dev/null 2>&1 || need="$need procps"
if [ -n "$need" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-test-deps: missing packages:$need; run as root or install them with apt-get" >&2
    exit 3
  fi
  echo "install-test-deps: installing$need"
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
node -e 'const [major] = process.versions.node.split(".").map(Number); if (major < 20) { console.error("tcpdoc needs Node.js >= 20, found " + process.version); process.exit(3); }'
