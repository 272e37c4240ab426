#!/usr/bin/env bash
# Installs what simpay and its tests need on a Debian machine with Node 20: the system packages
# (as root with apt-get, only those missing) and the npm dependencies (npm ci, only when the lock
# file changed). Safe to run again; `--quiet` prints nothing when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# System packages and what uses them:
#   tshark                      decodes simpay's GSMTAP pcap traces in tests
#   pcscd vsmartcard-vpcd       the real PC/SC stack with a virtual reader (bridge tests)
#   libpcsclite-dev pcsc-tools  builds @pokusew/pcsclite; pcsc_scan and scriptor in tests
#   gammu                       a real AT client for the emulated handset's modem
#   multimon-ng sox espeak-ng   DTMF interop, audio conversion, synthetic speech for talk-off tests
#   socat                       pseudo-terminal pairs for serial tests
#   postgresql                  the scale-out ledger backend, started by the tests on loopback
#   kannel kannel-extras        bearerbox, smsbox and fakesmsc for the Kannel HTTP interface tests
packages=(tshark pcscd vsmartcard-vpcd libpcsclite-dev pcsc-tools gammu multimon-ng sox espeak-ng socat postgresql kannel kannel-extras)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# npm ci when node_modules is absent or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >/dev/null
fi
say "ready"
