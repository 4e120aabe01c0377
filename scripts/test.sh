#!/usr/bin/env bash
# README command 2: install, build, and run every test (lit + pytest).
# Ends with "N passed, N failed" and exits non-zero on any failure.
#   QNN_FUZZ_SMOKE=0 skips the 60 s-per-target libFuzzer smoke run.
#   QNN_SANITIZE=1 runs the suite on an ASan/UBSan build instead.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
BUILD_DIR="$("$ROOT/scripts/build.sh")" || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

if [ "${QNN_SANITIZE:-0}" = 1 ]; then
  # LLVM's inline allocator code poisons memory in our instrumented objects
  # that uninstrumented libMLIR.so then touches: turn off manual poisoning
  # (ASan's own checks, leak detection and UBSan stay on).
  export ASAN_OPTIONS="allow_user_poisoning=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fi

RESULTS="$BUILD_DIR/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

# lit: the IR tests (dialect, passes, conversions, end to end).
/usr/lib/llvm-22/bin/lit -sv --xunit-xml-output="$RESULTS/lit.xml" "$BUILD_DIR/test"
lit_rc=$?

# pytest: comparisons against PyTorch (python/tests), when present, on one
# pytest-xdist worker per core (QNN_TEST_JOBS overrides; 1 runs in-process).
# The slow tests (the biggest torchvision models) are collected first.
py_rc=0
if [ -d "$ROOT/python/tests" ] && ls "$ROOT"/python/tests/test_*.py >/dev/null 2>&1; then
  jobs="${QNN_TEST_JOBS:-$(nproc)}"
  xdist=()
  if [ "$jobs" -gt 1 ] && /usr/bin/python3 -c "import xdist" 2>/dev/null; then
    xdist=(-n "$jobs")
  fi
  QNN_BUILD_DIR="$BUILD_DIR" PYTHONPATH="$ROOT/python" /usr/bin/python3 -m pytest -q \
    "${xdist[@]}" --junitxml="$RESULTS/pytest.xml" "$ROOT/python/tests"
  py_rc=$?
fi

# libFuzzer smoke: scripts/fuzz.sh builds the fuzz targets (a second,
# instrumented build of the libraries, in build-fuzz/) and runs each for 60 s
# from the seeds in test/; one testcase per target. QNN_FUZZ_SMOKE=0 skips it.
fuzz_rc=0
if [ "${QNN_FUZZ_SMOKE:-1}" != 0 ]; then
  "$ROOT/scripts/fuzz.sh" --smoke --junit "$RESULTS/fuzz.xml"
  fuzz_rc=$?
fi

/usr/bin/python3 "$ROOT/scripts/summarize_results.py" "$RESULTS"/*.xml
sum_rc=$?
if [ $lit_rc -ne 0 ] || [ $py_rc -ne 0 ] || [ $fuzz_rc -ne 0 ] || [ $sum_rc -ne 0 ]; then
  exit 1
fi
