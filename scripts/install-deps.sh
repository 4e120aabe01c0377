#!/usr/bin/env bash
# Installs everything qnn needs from Debian's packages (Debian 12, as root).
# Skips apt entirely when every package is already installed.
set -euo pipefail

PACKAGES=(
  # LLVM/MLIR 22 toolchain
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  libclang-rt-22-dev  # libFuzzer and ASan runtimes (scripts/fuzz.sh)
  libomp-22-dev       # LLVM's OpenMP runtime: models compiled with --threads > 1
  cmake ninja-build
  # Python side: the PyTorch oracle and the test runner
  python3 python3-numpy python3-pytest python3-pytest-xdist python3-torch python3-torchvision python3-matplotlib
  # aarch64: cross-linking compiled models and running them under qemu
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "qnn: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
