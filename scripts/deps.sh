#!/usr/bin/env bash
# Install the Debian 12 packages pystd needs -- only those missing, so that a
# second run does nothing.  Usage: scripts/deps.sh build|docs|test|bench
#   build: compile pystd        docs: + npm tooling of clients/ (Swagger UI for /docs)
#   test:  + everything the tests need        bench: + nginx and wrk
set -euo pipefail
want="build-essential cmake pkg-config libgnutls28-dev libpcre2-dev libcurl4-openssl-dev libgmp-dev libhiredis-dev zlib1g-dev"
case "${1:-build}" in
  build|docs) ;;
  test) want="$want check libsubunit-dev python3 clang libclang-rt-14-dev cppcheck clang-tidy curl chromium"
        want="$want redis-server openssl" ;; # the jobs tests on the redis backend start their own;
                                             # test_tls makes its certificates with openssl
  bench) want="$want python3 nginx-light wrk curl redis-server" ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm may come from Debian or elsewhere (the machine's Node.js 20)
case "${1:-build}" in test|docs) command -v npm >/dev/null || missing="$missing nodejs npm" ;; esac
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "pystd: missing Debian packages:$missing (run as root, or install them)" >&2
    exit 1
  fi
  echo "pystd: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $missing >/dev/null
fi
# test: the npm tooling of clients/ (OpenAPI lint, generated client, /docs
# assets, the Chromium test), exactly as locked; again only when the lock changed.
if [ "${1:-build}" = test ] || [ "${1:-build}" = docs ]; then
  cd "$(dirname "$0")/../clients"
  if ! cmp -s package-lock.json node_modules/.pystd-lock 2>/dev/null; then
    echo "pystd: npm ci (clients/)" >&2
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    cp package-lock.json node_modules/.pystd-lock
  fi
fi
