#!/usr/bin/env bash
# Builds qnn's libFuzzer targets (fuzz/) into build-fuzz/ and runs a campaign.
#
#   scripts/fuzz.sh [--smoke] [--time SECONDS] [--jobs N] [--junit FILE]
#                   [--build-only] [TARGET...]
#
# TARGET is parse, ptq, lower or npy (default: all four). Each target runs
# --time seconds (default 300), --jobs targets at a time (default 2), on its
# corpus in build-fuzz/fuzz-corpus/TARGET (kept between runs) plus the seeds
# that fuzz/make-corpus.sh extracts from test/. --smoke runs each target 60 s
# from the seeds alone (a fresh corpus). Crash, timeout and OOM inputs go to
# build-fuzz/fuzz-artifacts/, logs to build-fuzz/fuzz-logs/. Prints one line
# per target and exits non-zero if any target found something; --junit
# writes those results as JUnit XML (one testcase per target).
#   QNN_BUILD_LOCK=FILE  run cmake/ninja under `flock FILE`
#   FUZZ_BUILD_DIR       build directory (default: build-fuzz)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LLVM=/usr/lib/llvm-22
BUILD_DIR="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
ALL_TARGETS=(parse ptq lower npy)

smoke=0 time_s="" jobs=2 junit="" build_only=0 targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --time) time_s="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    --junit) junit="$2"; shift ;;
    --build-only) build_only=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
  case " ${ALL_TARGETS[*]} " in *" $t "*) ;; *)
    echo "fuzz.sh: unknown target '$t' (${ALL_TARGETS[*]})" >&2; exit 2 ;;
  esac
done
[ -z "$time_s" ] && time_s=$([ $smoke = 1 ] && echo 60 || echo 300)

write_junit() { # FILE then lines "name|status|seconds|message"
  local file="$1"; shift
  [ -z "$file" ] && return 0
  /usr/bin/python3 - "$file" "$@" <<'PY'
import sys
from xml.sax.saxutils import escape, quoteattr
path, rows = sys.argv[1], [r.split("|", 3) for r in sys.argv[2:]]
failures = sum(1 for r in rows if r[1] != "ok")
out = [f'<?xml version="1.0" encoding="UTF-8"?>',
       f'<testsuites><testsuite name="fuzz" tests="{len(rows)}" failures="{failures}">']
for name, status, secs, msg in rows:
    out.append(f'<testcase classname="fuzz" name={quoteattr(name)} time="{secs}">')
    if status != "ok":
        out.append(f'<failure message={quoteattr(status)}>{escape(msg)}</failure>')
    else:
        out.append(f'<system-out>{escape(msg)}</system-out>')
    out.append('</testcase>')
out.append('</testsuite></testsuites>')
open(path, "w").write("\n".join(out) + "\n")
PY
}

locked() {
  if [ -n "${QNN_BUILD_LOCK:-}" ]; then flock "$QNN_BUILD_LOCK" "$@"; else "$@"; fi
}

# --- build -----------------------------------------------------------------
build_start=$SECONDS
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  locked cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=$LLVM/bin/clang -DCMAKE_CXX_COMPILER=$LLVM/bin/clang++ \
    -DLLVM_USE_LINKER=lld -DMLIR_DIR=$LLVM/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=$LLVM/bin/lit -DQNN_ENABLE_FUZZERS=ON >&2
fi
bins=()
for t in "${targets[@]}"; do bins+=("qnn-fuzz-$t"); done
if ! locked ninja -C "$BUILD_DIR" -j"${QNN_JOBS:-2}" "${bins[@]}" >&2; then
  echo "fuzz: build failed"
  rows=()
  for t in "${targets[@]}"; do rows+=("$t|build failed|0|ninja -C $BUILD_DIR failed"); done
  write_junit "$junit" "${rows[@]}"
  exit 1
fi
echo "fuzz: build ${BUILD_DIR#$ROOT/} took $((SECONDS - build_start)) s" >&2
[ $build_only = 1 ] && exit 0

# --- seeds -----------------------------------------------------------------
SEEDS="$BUILD_DIR/fuzz-seeds"
if ! "$ROOT/fuzz/make-corpus.sh" "$SEEDS" >&2; then
  echo "fuzz: make-corpus.sh failed"
  rows=()
  for t in "${targets[@]}"; do rows+=("$t|no seeds|0|fuzz/make-corpus.sh failed"); done
  write_junit "$junit" "${rows[@]}"
  exit 1
fi
ARTIFACTS="$BUILD_DIR/fuzz-artifacts"
LOGS="$BUILD_DIR/fuzz-logs"
mkdir -p "$ARTIFACTS" "$LOGS"

# LLVM's inline allocator code in our instrumented objects poisons memory
# that the uninstrumented libMLIR.so then uses (see docs/Testing.md).
export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# Per target: max input length, per-input timeout (s), RSS limit (MB).
limits() {
  case "$1" in
    parse) echo "24576 10 2048" ;;
    ptq) echo "24576 20 2048" ;;
    lower) echo "24576 30 3072" ;;
    npy) echo "4096 5 1024" ;;
  esac
}

run_target() { # TARGET: runs it, writes $LOGS/TARGET.result
  local t="$1" max_len timeout rss corpus seeds dict=()
  read -r max_len timeout rss <<<"$(limits "$t")"
  if [ "$t" = npy ]; then seeds="$SEEDS/npy"; else
    seeds="$SEEDS/mlir"; dict=(-dict="$SEEDS/mlir.dict"); fi
  if [ $smoke = 1 ]; then
    corpus="$BUILD_DIR/fuzz-smoke-corpus/$t"; rm -rf "$corpus"
  else
    corpus="$BUILD_DIR/fuzz-corpus/$t"
  fi
  mkdir -p "$corpus"
  local start=$SECONDS rc
  "$BUILD_DIR/bin/qnn-fuzz-$t" -max_total_time="$time_s" -timeout="$timeout" \
    -rss_limit_mb="$rss" -max_len="$max_len" "${dict[@]}" \
    -artifact_prefix="$ARTIFACTS/$t-" -print_final_stats=1 \
    "$corpus" "$seeds" >"$LOGS/$t.log" 2>&1
  rc=$?
  local secs=$((SECONDS - start))
  local execs units
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOGS/$t.log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  local artifact status msg
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$LOGS/$t.log" | tail -1)
  if [ $rc -eq 0 ]; then
    status=ok
    msg="${execs:-?} execs, corpus $units, ${secs} s"
  else
    status=$(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-zA-Z -]+' "$LOGS/$t.log" \
      | sed 's/^ERROR: //')
    status="${status:-exit code $rc}"
    msg="$status after ${execs:-?} execs, ${secs} s; input ${artifact:-?}; log ${LOGS#$ROOT/}/$t.log"
    msg="$msg"$'\n'"$(grep -m1 -A30 -E '^==[0-9]+==ERROR|^ERROR: libFuzzer|deadly signal|LLVM ERROR|Assertion' "$LOGS/$t.log")"
  fi
  printf '%s|%s|%s|%s' "$t" "$status" "$secs" "$msg" >"$LOGS/$t.result"
}

for t in "${targets[@]}"; do rm -f "$LOGS/$t.result"; done
running=0
for t in "${targets[@]}"; do
  if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  run_target "$t" &
  running=$((running + 1))
done
wait

failed=0 rows=()
for t in "${targets[@]}"; do
  row="$(cat "$LOGS/$t.result" 2>/dev/null || printf '%s|no result|0|runner died' "$t")"
  rows+=("$row")
  IFS='|' read -r name status secs msg <<<"$row"
  if [ "$status" = ok ]; then
    echo "fuzz $name: ok ($msg)"
  else
    echo "fuzz $name: FAILED (${msg%%$'\n'*})"
    failed=$((failed + 1))
  fi
done
write_junit "$junit" "${rows[@]}"
[ $failed -eq 0 ]
