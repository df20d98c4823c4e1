#!/usr/bin/env bash
# The system packages the test suite needs beyond Python: Debian's Chromium and its
# driver (browser tests) and a Java runtime (Spark tests). Shared by `make test` and
# `.ci/run` so both behave the same on a fresh machine.
#
# Harmless when everything is present (nothing is run); `apt-get update` only when
# something is missing; when not root or without apt-get it says what to install
# and carries on (the browser and Spark tests then report why they cannot run).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]}; install them (as root: apt-get install" \
       "${need[*]}) to run the browser and Spark tests. Skipping." >&2
  exit 0
fi
echo "system-deps: installing ${need[*]} with apt-get (once)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system-deps: done."
