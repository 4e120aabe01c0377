// Input for malformed.mlir: the file ends in the middle of an op.
func.func @truncated(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  %y = qnn.conv2d %x, %w {name = "conv", stride = array<i64: 1,