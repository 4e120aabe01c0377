// compare-float.mlir after fusion (fc1 + relu1) and convert, with
// hand-picked qparams: fc1's output (scale 0.05) is exact, fc2's (scale
// 0.4) rounds [1.65, 1.5] to [1.6, 1.6]. q_only has no float counterpart.
!in = tensor<1x4x!quant.uniform<u8:f32, 0.01:40>>
!h = tensor<1x4x!quant.uniform<u8:f32, 0.05>>
!o = tensor<1x2x!quant.uniform<u8:f32, 0.4:10>>
func.func @m() -> (tensor<1x2xf32>, !o) {
  %x = arith.constant dense<[[0.2, -0.4, 0.7, 1.0]]> : tensor<1x4xf32>
  %w1 = qnn.qconstant dense<[[4, 0, 0, 0], [0, 4, 0, 0], [0, 0, 4, 0],
                             [2, 2, 2, 2]]> : tensor<4x4xi8>
      -> tensor<4x4x!quant.uniform<i8:f32, 0.25>>
  %b1 = arith.constant dense<[0.1, 0.1, -0.1, 0.0]> : tensor<4xf32>
  %w2 = qnn.qconstant dense<[[2, 2, 2, 2], [2, -2, 4, 0]]> : tensor<2x4xi8>
      -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  %q = qnn.quantize %x : tensor<1x4xf32> -> !in
  %a = qnn.linear %q, %w1, %b1 {name = "fc1", fused_relu}
      : (!in, tensor<4x4x!quant.uniform<i8:f32, 0.25>>, tensor<4xf32>) -> !h
  %c = qnn.linear %a, %w2 {name = "fc2"}
      : (!h, tensor<2x4x!quant.uniform<i8:f32, 0.5>>) -> !o
  %t = qnn.relu %c {name = "q_only"} : !o -> !o
  %y = qnn.dequantize %c : !o -> tensor<1x2xf32>
  return %y, %t : tensor<1x2xf32>, !o
}
