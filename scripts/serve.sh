#!/usr/bin/env bash
# Install what is missing, build, and run pystd on :8080 (extra arguments go
# to pystd, e.g. --data-dir /srv/pystd --allow-net 10.1.0.0/16).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
# Swagger UI for /docs comes from npm; without it /docs is the built-in page.
scripts/deps.sh docs || echo "pystd: npm tooling unavailable: /docs will be the built-in page" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
export TZ="${TZ:-UTC}"
exec build/pystd --port "${PYSTD_PORT:-8080}" "$@"
