// qnn-run --compare: the per-layer accuracy report of a quantized model
// against its float model (Inputs/compare-*.mlir, no inputs). fc1 is fused
// with relu1 in the quantized model, so it is compared with relu1's float
// output; its qparams represent it exactly (only float rounding remains).
// fc2's output scale 0.4 rounds [1.65, 1.5] to [1.6, 1.6]: error
// [0.05, 0.1], SQNR 20 log10(2.2299 / 0.1118) = 26.00 dB, the worst layer.
// RUN: rm -rf %t && qnn-run %S/Inputs/compare-quantized.mlir \
// RUN:   --compare %S/Inputs/compare-float.mlir --output-dir %t | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t/compare.json
// RUN: ls %t | FileCheck %s --check-prefix=FILES

// CHECK: per-layer comparison of {{.*}}compare-quantized.mlir against {{.*}}compare-float.mlir
// CHECK-NEXT: #  layer  float output  op          SQNR (dB)  max abs err  dtype         scale  zero_point
// CHECK-NEXT: 0  fc1    relu1         qnn.linear     {{1[0-9][0-9]\.[0-9][0-9]|inf}}  {{.*}}  quint8         0.05           0
// CHECK-NEXT: 1  fc2    fc2           qnn.linear      26.00          0.1  quint8          0.4          10
// CHECK-NEXT: worst layer: fc2 (qnn.linear): SQNR 26.00 dB, max abs error 0.1
// CHECK-NEXT: unmatched, float model only: head
// CHECK-NEXT: unmatched, quantized model only: q_only
// CHECK-EMPTY:

// JSON: "layers": [
// JSON: "name": "fc1",
// JSON: "float_output": "relu1",
// JSON: "scale": 5.0000000000000003e-02,
// JSON-NEXT: "zero_point": 0,
// JSON: "name": "fc2",
// JSON: "sqnr_db": 2.59{{[0-9]+}}e+01,
// JSON-NEXT: "max_abs_error": {{1\.0000[0-9]+e-01}},
// JSON: "worst": 1,
// JSON-NEXT: "unmatched_float": [
// JSON-NEXT: "head"
// JSON: "unmatched_quantized": [
// JSON-NEXT: "q_only"

// FILES: compare.json
// FILES-NEXT: layer0_float.npy
// FILES-NEXT: layer0_quantized.npy
// FILES-NEXT: layer1_float.npy
// FILES-NEXT: layer1_quantized.npy
