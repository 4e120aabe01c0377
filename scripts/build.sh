#!/usr/bin/env bash
# Configures and builds qnn with clang-22 + lld against Debian's LLVM/MLIR 22.
#   BUILD_DIR      build directory (default: build)
#   QNN_SANITIZE=1 build with -fsanitize=address,undefined (default dir: build-asan)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAN="${QNN_SANITIZE:-0}"
if [ "$SAN" = 1 ]; then
  BUILD_DIR="${BUILD_DIR:-$ROOT/build-asan}"
else
  BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
fi
LLVM=/usr/lib/llvm-22

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=$LLVM/bin/clang -DCMAKE_CXX_COMPILER=$LLVM/bin/clang++ \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=$LLVM/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=$LLVM/bin/lit \
    -DQNN_ENABLE_SANITIZERS=$([ "$SAN" = 1 ] && echo ON || echo OFF) >&2
fi
ninja -C "$BUILD_DIR" -j"${QNN_JOBS:-2}" >&2
echo "$BUILD_DIR"
