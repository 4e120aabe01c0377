#!/usr/bin/env bash
# README command 1: install, build, and run the bundled example end to end.
# Today the main job is the qnn-opt pipeline on examples/: the float ResNet
# basic block and its quantized form are parsed, verified and printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
BUILD_DIR="$("$ROOT/scripts/build.sh")"
for f in "$ROOT"/examples/*.mlir; do
  echo "== qnn-opt $(basename "$f")"
  "$BUILD_DIR/bin/qnn-opt" "$f"
done
