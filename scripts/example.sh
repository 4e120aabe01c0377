#!/usr/bin/env bash
# README command 1: install, build, and run the bundled examples end to end.
# The float ResNet basic block in examples/ goes through qnn's PTQ flow:
# fuse + propagate qconfig + insert observers (qnn-opt --qnn-ptq-prepare),
# calibration on random data (qnn-calibrate), convert (qnn-opt --qnn-convert),
# then both the float and the quantized model run (qnn-run) and are compared;
# the quantized model is compiled (qnn-compile) to an object with a C header,
# linked into a C program and run, bit-identical to qnn-run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
BUILD_DIR="$("$ROOT/scripts/build.sh")"
BIN="$BUILD_DIR/bin"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "== qnn-opt: parse and verify examples/"
for f in "$ROOT"/examples/*.mlir; do
  "$BIN/qnn-opt" "$f" > /dev/null && echo "   ok $(basename "$f")"
done

MODEL="$ROOT/examples/basic_block_float.mlir"
echo "== qnn-opt --qnn-ptq-prepare $(basename "$MODEL")"
"$BIN/qnn-opt" "$MODEL" --qnn-ptq-prepare -o "$WORK/prepared.mlir"
grep -o "qnn.observe %[^ ]* {name = \"[^\"]*\"" "$WORK/prepared.mlir" | sed 's/.*name = /   observer /'

echo "== qnn-calibrate on 8 random samples"
/usr/bin/python3 - "$WORK" <<'PY'
import sys, numpy as np
work = sys.argv[1]
rng = np.random.default_rng(0)
import os
os.makedirs(f"{work}/calib")
for i in range(8):
    np.save(f"{work}/calib/{i}.npy", rng.standard_normal((1, 8, 16, 16)).astype(np.float32))
np.save(f"{work}/x.npy", rng.standard_normal((1, 8, 16, 16)).astype(np.float32))
PY
"$BIN/qnn-calibrate" "$WORK/prepared.mlir" --data "$WORK/calib" -o "$WORK/calibrated.mlir"

echo "== qnn-opt --qnn-convert"
"$BIN/qnn-opt" "$WORK/calibrated.mlir" --qnn-convert -o "$WORK/quantized.mlir"
grep -o "= qnn\.[a-z_0-9]*" "$WORK/quantized.mlir" | cut -c3- | sort | uniq -c | sed 's/^/   /'

echo "== qnn-run: float and quantized model on the same input"
"$BIN/qnn-run" "$MODEL" --input "$WORK/x.npy" --output-dir "$WORK/float"
"$BIN/qnn-run" "$WORK/quantized.mlir" --input "$WORK/x.npy" --output-dir "$WORK/quant"
/usr/bin/python3 - "$WORK" <<'PY'
import sys, numpy as np
work = sys.argv[1]
f = np.load(f"{work}/float/result0.npy")
q = np.load(f"{work}/quant/result0.npy")
print(f"   output shape {q.shape}; float range [{f.min():.3f}, {f.max():.3f}]")
print(f"   quantized vs float: max |diff| {np.abs(f - q).max():.4f}, "
      f"mean |diff| {np.abs(f - q).mean():.4f}")
PY

echo "== qnn-compile: the quantized model -> native object + C header -> linked C program"
"$BIN/qnn-compile" "$WORK/quantized.mlir" --target=native -o "$WORK/model.o" --header "$WORK/model.h"
grep "SCRATCH_BYTES" "$WORK/model.h" | sed 's/^/   /'
cat > "$WORK/main.c" <<'C'
#include <stdio.h>
#include "model.h"
static float in[1 * 8 * 16 * 16], out[1 * 8 * 16 * 16];
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(in, sizeof in, 1, f) != 1) return 2;
  fclose(f);
  qnn_basic_block(in, out);
  f = fopen(argv[2], "wb");
  if (!f || fwrite(out, sizeof out, 1, f) != 1) return 3;
  fclose(f);
  return 0;
}
C
/usr/lib/llvm-22/bin/clang -O2 -I "$WORK" "$WORK/main.c" "$WORK/model.o" -lm -o "$WORK/model"
/usr/bin/python3 - "$WORK" <<'PY'
import sys, numpy as np
work = sys.argv[1]
x = np.load(f"{work}/x.npy")
x.tofile(f"{work}/x.bin")
PY
"$WORK/model" "$WORK/x.bin" "$WORK/y.bin"
/usr/bin/python3 - "$WORK" <<'PY'
import sys, numpy as np
work = sys.argv[1]
q = np.load(f"{work}/quant/result0.npy")
y = np.fromfile(f"{work}/y.bin", dtype=np.float32).reshape(q.shape)
same = np.array_equal(y, q)
print(f"   compiled program vs qnn-run: {'bit-identical' if same else 'DIFFERENT'}")
sys.exit(0 if same else 1)
PY

echo "== torchvision resnet18 (random weights): qnn PTQ -> .so -> run, against torch's PTQ"
QNN_BUILD_DIR="$BUILD_DIR" /usr/bin/python3 "$ROOT/examples/resnet18_ptq.py" 2> >(grep -v -i "warn" >&2)
