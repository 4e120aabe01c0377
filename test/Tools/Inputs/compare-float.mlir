// The float model of compare.mlir: quant -> fc1 -> relu1 -> fc2 -> dequant,
// plus a head (sigmoid) that the quantized model does not have.
func.func @m() -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %x = arith.constant dense<[[0.2, -0.4, 0.7, 1.0]]> : tensor<1x4xf32>
  %w1 = arith.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0],
                              [0.0, 0.0, 1.0, 0.0], [0.5, 0.5, 0.5, 0.5]]>
      : tensor<4x4xf32>
  %b1 = arith.constant dense<[0.1, 0.1, -0.1, 0.0]> : tensor<4xf32>
  %w2 = arith.constant dense<[[1.0, 1.0, 1.0, 1.0], [1.0, -1.0, 2.0, 0.0]]>
      : tensor<2x4xf32>
  %q = qnn.quant_stub %x {name = "quant"} : tensor<1x4xf32> -> tensor<1x4xf32>
  %a = qnn.linear %q, %w1, %b1 {name = "fc1"}
      : (tensor<1x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %r = qnn.relu %a {name = "relu1"} : tensor<1x4xf32> -> tensor<1x4xf32>
  %c = qnn.linear %r, %w2 {name = "fc2"}
      : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  %h = qnn.sigmoid %c {name = "head"} : tensor<1x2xf32> -> tensor<1x2xf32>
  %y = qnn.dequant_stub %c {name = "dequant"} : tensor<1x2xf32> -> tensor<1x2xf32>
  return %y, %h : tensor<1x2xf32>, tensor<1x2xf32>
}
