#!/usr/bin/env bash
# Install what is missing, build, and run every test: ctest (the unit tests,
# the integration tests and the conformance corpus, each against its own
# pystd on loopback), the npm tooling's checks, the same ctest again under
# AddressSanitizer + UndefinedBehaviorSanitizer, the unit tests under
# ThreadSanitizer, the fuzz targets for a bounded time, and the linters.
# Everything a clone needs is in the repository: the expected answers are
# committed data (tests/golden/).  When the shared folder is beside the clone
# (../shared: CI has it) its instruments run as an extra step; without it that
# step says SKIPPED, loudly, on one line.  (../shared/tools/container-check is
# not run here: it needs root and podman and builds an image; CI runs it.)
# Exit status 0 only when everything passed; the last line is then ALL PASSED.
# Budget: under 30 minutes on 2 cores (README "Tests").
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=$(nproc)
FUZZ_SECONDS=${PYSTD_FUZZ_SECONDS:-12}
scripts/deps.sh test || exit 1

failed=()
step() { # step NAME COMMAND...
  local name=$1; shift
  echo "=== $name"
  local t0=$SECONDS
  if "$@"; then echo "=== $name: ok ($((SECONDS - t0)) s)"; else echo "=== $name: FAILED ($((SECONDS - t0)) s)"; failed+=("$name"); fi
}

build() { # build DIR CMAKE-ARGS...
  local dir=$1; shift
  cmake -S . -B "$dir" "$@" >/dev/null && cmake --build "$dir" -j"$JOBS"
}

step "build" build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
step "tests" ctest --test-dir build --output-on-failure -j"$JOBS"

# Every generated file (tables, openapi.json, test vectors, golden data) is what
# its generator makes; the generators that need CPython 3.11.7 are skipped
# without one, and one loud line says so (tools/regen).
step "regen check" tools/regen --check

# The shared instruments (check.py, scenarios.py, net_check.py in both modes)
# against this build, when ../shared exists.  PYSTD_SHARED names another folder.
SHARED=${PYSTD_SHARED:-$ROOT/../shared}
if [ -d "$SHARED/conformance" ]; then
  step "shared instruments ($SHARED)" python3 scripts/shared_instruments.py --shared "$SHARED" --bin build/pystd
else
  echo "=== SKIPPED: shared instruments -- no $SHARED/conformance beside the clone (CI runs them)"
fi

# The OpenAPI document under the repo's Redocly rules, the TypeScript client
# generated from a live /openapi.json, and /docs in headless Chromium
# (clients/package.json; npm packages from scripts/deps.sh test).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
step "openapi lint (redocly)" npm --prefix clients run --silent lint
# every module must be offered: a module the client test cannot find is a failure, not a skip
PYSTD_CLIENT_REQUIRE_ALL=1 step "generated client (live)" npm --prefix clients run --silent test:client
step "/docs in Chromium" npm --prefix clients run --silent test:docs
step "CORS in Chromium" npm --prefix clients run --silent test:cors

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
step "build (ASan+UBSan)" build build-asan -DPYSTD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
step "tests (ASan+UBSan)" ctest --test-dir build-asan --output-on-failure -j"$JOBS"
unset ASAN_OPTIONS

step "build (TSan)" build build-tsan -DPYSTD_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
step "unit tests (TSan)" ctest --test-dir build-tsan --output-on-failure -L unit -j"$JOBS"

fuzz() {
  CC=clang build build-fuzz -DPYSTD_FUZZ=ON -DPYSTD_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo || return 1
  local rc=0 t
  for t in build-fuzz/fuzz/fuzz_*; do
    [ -x "$t" ] || continue
    local name corpus
    name=$(basename "$t")
    corpus="fuzz/corpus/$name"
    mkdir -p "build-fuzz/corpus-$name"
    echo "--- $name (${FUZZ_SECONDS} s)"
    local seeds=""
    [ -d "$corpus" ] && seeds="$corpus"
    # shellcheck disable=SC2086
    "$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      "build-fuzz/corpus-$name" $seeds >"build-fuzz/$name.log" 2>&1
    local st=$?
    tail -n 8 "build-fuzz/$name.log"
    [ $st = 0 ] || { echo "$name: exit $st (see build-fuzz/$name.log)"; rc=1; }
  done
  return $rc
}
step "fuzz" fuzz

lint() {
  local rc=0
  cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --inline-suppr \
    --suppress=missingIncludeSystem -D__GNUC__ -Icore -Ihandlers -Iserver core handlers server || rc=1
  # generated tables (*_data.c, *_tables.c) are data, not logic: not worth the analyzer's minutes
  local files
  files=$(find core handlers server -name '*.c' | sort | grep -Ev '_(data|tables)\.c$' | sed "s|^|$ROOT/|")
  # shellcheck disable=SC2086
  run-clang-tidy -quiet -p build -j "$JOBS" $files >build/clang-tidy.log 2>&1 || rc=1
  grep -E "(warning|error):" build/clang-tidy.log | sort -u | head -n 50
  return $rc
}
step "lint (cppcheck, clang-tidy)" lint

echo "=== total: $((SECONDS / 60)) min $((SECONDS % 60)) s"
if [ ${#failed[@]} -eq 0 ]; then
  echo "ALL PASSED"
  exit 0
fi
echo "FAILED: ${failed[*]}"
exit 1
