// A torchvision ResNet BasicBlock written for eager-mode quantization, as
// `qnn.from_torch` imports it: QuantStub/DeQuantStub at the edges, a
// FloatFunctional add_relu for the skip connection, and the model-wide
// qconfig (PyTorch's `model.qconfig = get_default_qconfig("x86")`) as the
// function's global qconfig.
// Weights are small splats here; real models carry dense_resource blobs.
func.func @basic_block(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<x86>}} {
  %w1 = arith.constant dense<0.05> : tensor<8x8x3x3xf32>
  %w2 = arith.constant dense<-0.02> : tensor<8x8x3x3xf32>
  %g = arith.constant dense<1.0> : tensor<8xf32>
  %b = arith.constant dense<0.0> : tensor<8xf32>
  %m = arith.constant dense<0.1> : tensor<8xf32>
  %v = arith.constant dense<0.9> : tensor<8xf32>

  %q = qnn.quant_stub %x {name = "quant"}
      : tensor<1x8x16x16xf32> -> tensor<1x8x16x16xf32>
  %c1 = qnn.conv2d %q, %w1 {name = "layer1.0.conv1", padding = array<i64: 1, 1>}
      : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  %n1 = qnn.batch_norm %c1, %m, %v, weight %g, bias %b {name = "layer1.0.bn1"}
      : (tensor<1x8x16x16xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<1x8x16x16xf32>
  %r1 = qnn.relu %n1 {name = "layer1.0.relu"} : tensor<1x8x16x16xf32> -> tensor<1x8x16x16xf32>
  %c2 = qnn.conv2d %r1, %w2 {name = "layer1.0.conv2", padding = array<i64: 1, 1>}
      : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  %n2 = qnn.batch_norm %c2, %m, %v, weight %g, bias %b {name = "layer1.0.bn2"}
      : (tensor<1x8x16x16xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<1x8x16x16xf32>
  %s = qnn.add_relu %n2, %q {name = "layer1.0.skip_add"}
      : (tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
  %y = qnn.dequant_stub %s {name = "dequant"} : tensor<1x8x16x16xf32> -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}
