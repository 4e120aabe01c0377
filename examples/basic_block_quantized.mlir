// The same BasicBlock after fuse_modules (conv+bn+relu folded), prepare,
// calibration and convert: int8 per-channel weights (one as a dense_resource
// blob), quint8 activations with their scale and zero point in the type, and
// float biases, exactly as torch.ao.quantization.convert leaves them.
!act = tensor<1x8x16x16x!quant.uniform<u8:f32, 0.0235:0>>
!res = tensor<1x8x16x16x!quant.uniform<u8:f32, 0.0412:0>>
!inp = tensor<1x8x16x16x!quant.uniform<u8:f32, 0.0157:64>>
func.func @basic_block(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> {
  %w1 = qnn.qconstant dense<13> : tensor<8x8x3x3xi8>
      -> tensor<8x8x3x3x!quant.uniform<i8:f32:0, {0.0039, 0.0039, 0.0041, 0.0038, 0.0040, 0.0039, 0.0042, 0.0037}>>
  %w2 = qnn.qconstant dense_resource<layer1_0_conv2_weight> : tensor<8x8x1x1xi8>
      -> tensor<8x8x1x1x!quant.uniform<i8:f32, 0.0016>>
  %b = arith.constant dense<0.01> : tensor<8xf32>

  %q = qnn.quantize %x : tensor<1x8x16x16xf32> -> !inp
  %c1 = qnn.conv2d %q, %w1, %b {name = "layer1.0.conv1", padding = array<i64: 1, 1>, fused_relu}
      : (!inp, tensor<8x8x3x3x!quant.uniform<i8:f32:0, {0.0039, 0.0039, 0.0041, 0.0038, 0.0040, 0.0039, 0.0042, 0.0037}>>,
         tensor<8xf32>) -> !act
  %c2 = qnn.conv2d %c1, %w2, %b {name = "layer1.0.conv2"}
      : (!act, tensor<8x8x1x1x!quant.uniform<i8:f32, 0.0016>>, tensor<8xf32>) -> !act
  %s = qnn.add_relu %c2, %q {name = "layer1.0.skip_add"} : (!act, !inp) -> !res
  %y = qnn.dequantize %s : !res -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

{-#
  dialect_resources: {
    builtin: {
      layer1_0_conv2_weight: "0x0100000001FF02FE03FD04FC05FB06FA07F908F809F70AF60BF50CF40DF30EF20FF110F011EF12EE13ED14EC15EB16EA17E918E819E71AE61BE51CE41DE31EE21FE120E0"
    }
  }
#-}
