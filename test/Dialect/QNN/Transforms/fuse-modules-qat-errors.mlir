// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-fuse-modules=qat=true

// QAT-mode fusion errors: PyTorch raises for conv_transpose + bn and
// asserts bn.affine (for linear + bn too).

func.func @conv_transpose_bn(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{fusing conv_transpose with batch_norm is not supported in QAT (as in PyTorch)}}
  %c = qnn.conv_transpose2d %x, %w {name = "up"} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y = qnn.batch_norm %c, %p, %p, weight %p, bias %p {name = "bn"} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @conv_bn_not_affine(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  // expected-error @+1 {{QAT fusion needs an affine batch_norm (PyTorch asserts bn.affine)}}
  %y = qnn.batch_norm %c, %p, %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %r : tensor<1x2x3x3xf32>
}

// -----

// Conv3d + BatchNorm3d(affine=False).
func.func @conv3d_bn_not_affine(%x: tensor<1x1x2x2x2xf32>, %w: tensor<2x1x1x1x1xf32>, %p: tensor<2xf32>) -> tensor<1x2x2x2x2xf32> {
  %c = qnn.conv3d %x, %w {name = "conv"} : (tensor<1x1x2x2x2xf32>, tensor<2x1x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  // expected-error @+1 {{QAT fusion needs an affine batch_norm}}
  %y = qnn.batch_norm %c, %p, %p {name = "bn"} : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

func.func @linear_bn_not_affine(%x: tensor<2x4xf32>, %w: tensor<2x4xf32>, %p: tensor<2xf32>) -> tensor<2x2xf32> {
  %l = qnn.linear %x, %w {name = "fc"} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x2xf32>
  // expected-error @+1 {{QAT fusion needs an affine batch_norm}}
  %y = qnn.batch_norm %l, %p, %p {name = "bn"} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
