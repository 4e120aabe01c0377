// qnn-compile --optimize-size (the module attribute qnn.optimize_size): the
// 16-bit kernels keep the int8 weights as the constant and fill a
// zero-initialized int16 buffer of the packed shape at the first call
// (widened, or Winograd-transformed), behind a flag read and set
// atomically. 8-bit kernels store int8 anyway and are unchanged.
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s --check-prefixes=CHECK,AVX2
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx2 winograd=false" | FileCheck %s --check-prefixes=CHECK,DIRECT
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s --check-prefixes=CHECK,VNNI

// Winograd: the 9 taps of each packed position of one problem, int8
// [q][9] (2 panels x 8 pairs of k x 16 columns x 2 = 512 positions; the
// weights 3, zero in the second panel's 8 padding columns), transformed
// into the buffer of the 16 problems.
// AVX2-DAG: memref.global "private" constant @__qnn_wino_packed_int8 : memref<4608xi8> = dense<"0x0303030303030303
// AVX2-DAG: memref.global "private" @__qnn_wino_packed_lazy : memref<32x8x32xi16> = dense<0> {alignment = 64 : i64}
// AVX2-DAG: memref.global "private" @__qnn_wino_packed_ready : memref<1xi32> = dense<0> {alignment = 64 : i64}
// AVX2-NOT: constant @__qnn_wino_packed :
// DIRECT-DAG: memref.global "private" constant @__qnn_wino_packed_int8 : memref<4608xi8>
// DIRECT-DAG: memref.global "private" @__qnn_wino_packed_lazy : memref<2x72x32xi16> = dense<0>
// DIRECT-NOT: constant @__qnn_wino_packed :
// VNNI-NOT: _lazy
// VNNI: memref.global "private" constant @__qnn_wino_packed : {{.*}}xi8>
// CHECK-LABEL: func.func @wino
// AVX2: memref.get_global @__qnn_wino_packed_int8 : memref<4608xi8>
// AVX2: %[[BUF:.*]] = memref.get_global @__qnn_wino_packed_lazy
// AVX2: %[[FLAG:.*]] = memref.get_global @__qnn_wino_packed_ready
// AVX2: %[[OLD:.*]] = memref.atomic_rmw ori %{{.*}}, %[[FLAG]][%{{.*}}] : (i32, memref<1xi32>) -> i32
// AVX2: %[[COLD:.*]] = arith.cmpi eq, %[[OLD]]
// AVX2: scf.if %[[COLD]] {
// AVX2: %[[FLAT:.*]] = memref.collapse_shape %[[BUF]] {{.*}} into memref<8192xi16>
// AVX2: scf.for %[[Q:.*]] = %c0{{.*}} to %c512{{.*}} step %c1
// AVX2-COUNT-9: memref.load {{.*}} : memref<4608xi8>
// AVX2-COUNT-16: memref.store {{.*}}, %[[FLAT]][{{.*}}] : memref<8192xi16>
// AVX2: memref.atomic_rmw assign %{{.*}}, %[[FLAG]]
// AVX2: func.call @__qnn_intrinsic_llvm_x86_avx2_pmadd_wd
// DIRECT: scf.for {{.*}} to %c4608{{.*}} step %c1
// DIRECT: arith.extsi {{.*}} : i8 to i16
// VNNI-NOT: memref.atomic_rmw
module attributes {qnn.optimize_size} {
func.func @wino(%x: tensor<1x16x7x7xf32>) -> tensor<1x24x7x7xf32> {
  %w = qnn.qconstant dense<3> : tensor<24x16x3x3xi8> -> tensor<24x16x3x3x!quant.uniform<i8:f32, 0.01>>
  %b = arith.constant dense<0.5> : tensor<24xf32>
  %q = qnn.quantize %x : tensor<1x16x7x7xf32> -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w, %b {name = "wino", padding = array<i64: 1, 1>, fused_relu}
      : (tensor<1x16x7x7x!quant.uniform<u8:f32, 0.02:3>>, tensor<24x16x3x3x!quant.uniform<i8:f32, 0.01>>, tensor<24xf32>)
      -> tensor<1x24x7x7x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x24x7x7x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x24x7x7xf32>
  return %y : tensor<1x24x7x7xf32>
}
}

// -----

// Centered weights that leave int8 (-128 - 1) keep the int16 constant.
// CHECK-LABEL: func.func @wide
// AVX2-NOT: _lazy
// AVX2: memref.get_global @__qnn_wide_packed : memref<{{.*}}xi16>
// AVX2-NOT: memref.atomic_rmw
module attributes {qnn.optimize_size} {
func.func @wide(%x: tensor<1x16x7x7xf32>) -> tensor<1x16x7x7xf32> {
  %w = qnn.qconstant dense<-128> : tensor<16x16x1x1xi8> -> tensor<16x16x1x1x!quant.uniform<i8:f32, 0.01:1>>
  %q = qnn.quantize %x : tensor<1x16x7x7xf32> -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "wide"}
      : (tensor<1x16x7x7x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x16x1x1x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x7x7xf32>
  return %y : tensor<1x16x7x7xf32>
}
}
