// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-quantize-dynamic | FileCheck %s
// An unknown dtype is an error (reported on each function; the file is one
// module in these two runs):
// RUN: not qnn-opt %s --qnn-quantize-dynamic=dtype=quint8 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not qnn-opt %s --qnn-quantize-dynamic=dtype=int8 2>&1 | FileCheck %s --check-prefix=DTYPE2

// Weights that are not f32 constants are left float with a warning; the op
// is left as it was (no qconfig, no partially quantized cell).

// CHECK-LABEL: func.func @weight_argument
// CHECK-NEXT: qnn.linear %{{.+}}, %{{.+}} {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
func.func @weight_argument(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // expected-warning @+1 {{weight is not an f32 constant; left float}}
  %y = qnn.linear %x, %w {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cell_one_weight_argument
// CHECK-NOT:  qnn.qconstant
// CHECK:      qnn.gru_cell %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} {name = "cell"} : (tensor<1x2xf32>, tensor<1x1xf32>, tensor<3x2xf32>, tensor<3x1xf32>) -> tensor<1x1xf32>
func.func @cell_one_weight_argument(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %whh: tensor<3x1xf32>) -> tensor<1x1xf32> {
  %wih = arith.constant dense<0.5> : tensor<3x2xf32>
  // expected-warning @+1 {{weight is not an f32 constant; left float}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh {name = "cell"} : (tensor<1x2xf32>, tensor<1x1xf32>, tensor<3x2xf32>, tensor<3x1xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func.func @weight_f16_constant
// CHECK-NEXT: arith.constant
// CHECK-NEXT: qnn.linear %{{.+}}, %{{.+}} {name = "fc"} : (tensor<2x4xf16>, tensor<3x4xf16>) -> tensor<2x3xf16>
func.func @weight_f16_constant(%x: tensor<2x4xf16>) -> tensor<2x3xf16> {
  %w = arith.constant dense<0.5> : tensor<3x4xf16>
  // expected-warning @+1 {{weight is not an f32 constant; left float}}
  %y = qnn.linear %x, %w {name = "fc"} : (tensor<2x4xf16>, tensor<3x4xf16>) -> tensor<2x3xf16>
  return %y : tensor<2x3xf16>
}

// DTYPE: error: qnn-quantize-dynamic: dtype must be qint8 or float16, got 'quint8'
// DTYPE2: error: qnn-quantize-dynamic: dtype must be qint8 or float16, got 'int8'
