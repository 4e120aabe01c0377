// RUN: qnn-opt %s -split-input-file --qnn-fuse-modules | FileCheck %s

// Eval-mode fuse_modules. Expected folded weights and biases are PyTorch's
// float32 results, computed with
//   torch.nn.utils.fusion.fuse_conv_bn_weights(w, b, mean, var, eps, gamma, beta, transpose)
//   torch.nn.utils.fusion.fuse_linear_bn_weights(w, b, mean, var, eps, gamma, beta)
// on torch.tensor(<the literals below>) (torch 1.13), and written as the MLIR
// printer spells those float32 values. Per-channel parameters all differ, so
// a wrong channel index shows up as a wrong value. Fused ops are checked line
// by line, so the conv/linear, batch_norm and relu they replace must be gone.

// Conv1d + BatchNorm1d: fuse_conv_bn_weights(w, b, mean, var, 1e-3, gamma, beta).
// CHECK-LABEL: func.func @conv1d_bn
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x5xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[}}0.632104516, -1.58026123], [2.52841806, 0.948156774]], {{\[\[}}-1.517590e-01, 0.556449652], [0.455276966, -1.1128993]], {{\[\[}}-4.19785118, -0.493864834], [1.48159456, -1.1111958]]]> : tensor<3x2x2xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.455683589, 1.25762224, -1.42346621]> : tensor<3xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv1d %[[X]], %[[W]], %[[B]] {name = "features.0", padding = array<i64: 1>, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>, tensor<3xf32>) -> tensor<1x3x6xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv1d_bn(%x: tensor<1x2x5xf32>) -> tensor<1x3x6xf32> {
  %w = arith.constant dense<[[[0.5, -1.25], [2.0, 0.75]], [[-0.3, 1.1], [0.9, -2.2]], [[1.7, 0.2], [-0.6, 0.45]]]> : tensor<3x2x2xf32>
  %b = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %mean = arith.constant dense<[0.5, -1.5, 0.25]> : tensor<3xf32>
  %var = arith.constant dense<[0.9, 2.5, 0.04]> : tensor<3xf32>
  %gamma = arith.constant dense<[1.2, 0.8, -0.5]> : tensor<3xf32>
  %beta = arith.constant dense<[0.05, 0.6, -1.3]> : tensor<3xf32>
  %c = qnn.conv1d %x, %w, %b {name = "features.0", padding = array<i64: 1>, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>, tensor<3xf32>) -> tensor<1x3x6xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn", eps = 0.001} : (tensor<1x3x6xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x6xf32>
  return %y : tensor<1x3x6xf32>
}

// -----

// Conv2d without bias + BatchNorm2d (default eps): the folded bias is (0 - mean) * rsqrt(var + eps) * gamma + beta.
// CHECK-LABEL: func.func @conv2d_bn_no_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.0749997348, 0.14999947], [0.224999204, 0.299998939]], {{\[\[}}-0.374998659, 0.449998409], [0.524998128, -0.599997878]]], {{\[\[\[}}-5.36642933, 3.57761955], [-0.894404888, -7.15523911]], {{\[\[}}1.25216687, -1.60992873], [-4.47202444, -0.178880975]]]]> : tensor<2x2x2x2xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.114999205, -2.28433371]> : tensor<2xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {name = "conv", stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv2d_bn_no_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.1, 0.2], [0.3, 0.4]], [[-0.5, 0.6], [0.7, -0.8]]], [[[1.5, -1.0], [0.25, 2.0]], [[-0.35, 0.45], [1.25, 0.05]]]]> : tensor<2x2x2x2xf32>
  %mean = arith.constant dense<[0.3, -0.7]> : tensor<2xf32>
  %var = arith.constant dense<[1.44, 0.2]> : tensor<2xf32>
  %gamma = arith.constant dense<[0.9, -1.6]> : tensor<2xf32>
  %beta = arith.constant dense<[0.11, 0.22]> : tensor<2xf32>
  %c = qnn.conv2d %x, %w {name = "conv", stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn"} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Conv3d + BatchNorm3d(affine=False): gamma = 1, beta = 0.
// CHECK-LABEL: func.func @conv3d_bn_non_affine
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2x3xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[\[}}1.06064951], [-2.12129903]]]], {{\[\[\[\[}}1.4433732], [0.0721686631]]]]]> : tensor<2x1x1x2x1xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.98993963, -0.404144496]> : tensor<2xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv3d %[[X]], %[[W]], %[[B]] {name = "conv"} : (tensor<1x1x2x2x3xf32>, tensor<2x1x1x2x1xf32>, tensor<2xf32>) -> tensor<1x2x2x1x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv3d_bn_non_affine(%x: tensor<1x1x2x2x3xf32>) -> tensor<1x2x2x1x3xf32> {
  %w = arith.constant dense<[[[[[0.75], [-1.5]]]], [[[[2.5], [0.125]]]]]> : tensor<2x1x1x2x1xf32>
  %b = arith.constant dense<[0.4, -0.9]> : tensor<2xf32>
  %mean = arith.constant dense<[1.1, -0.2]> : tensor<2xf32>
  %var = arith.constant dense<[0.5, 3.0]> : tensor<2xf32>
  %c = qnn.conv3d %x, %w, %b {name = "conv"} : (tensor<1x1x2x2x3xf32>, tensor<2x1x1x2x1xf32>, tensor<2xf32>) -> tensor<1x2x2x1x3xf32>
  %y = qnn.batch_norm %c, %mean, %var {name = "bn"} : (tensor<1x2x2x1x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x1x3xf32>
  return %y : tensor<1x2x2x1x3xf32>
}

// -----

// Conv2d + BatchNorm2d + ReLU: the BN is folded and the ReLU becomes fused_relu (ConvReLU2d); name and qconfig of the conv are kept.
// CHECK-LABEL: func.func @conv2d_bn_relu
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x3xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.968237757, -0.484118879]], {{\[\[}}1.93647552, 1.45235658]]], {{\[\[\[}}0.805310845, -0.161062166]], {{\[\[}}-0.322124332, 0.483186483]]], {{\[\[\[}}2.44986367, 0.466640711]], {{\[\[}}-0.233320355, 1.51658225]]]]> : tensor<3x2x1x2xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[0.0936475619, 0.407374799, 0.683339834]> : tensor<3xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {fused_relu, name = "layer1.0.conv1", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x3x3xf32>, tensor<3x2x1x2xf32>, tensor<3xf32>) -> tensor<1x3x3x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv2d_bn_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[0.5, -0.25]], [[1.0, 0.75]]], [[[-1.5, 0.3]], [[0.6, -0.9]]], [[[2.1, 0.4]], [[-0.2, 1.3]]]]> : tensor<3x2x1x2xf32>
  %b = arith.constant dense<[0.2, 0.0, -0.4]> : tensor<3xf32>
  %mean = arith.constant dense<[0.1, 0.2, -0.3]> : tensor<3xf32>
  %var = arith.constant dense<[0.6, 1.7, 0.09]> : tensor<3xf32>
  %gamma = arith.constant dense<[1.5, -0.7, 0.35]> : tensor<3xf32>
  %beta = arith.constant dense<[-0.1, 0.3, 0.8]> : tensor<3xf32>
  %c = qnn.conv2d %x, %w, %b {name = "layer1.0.conv1", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x3x3xf32>, tensor<3x2x1x2xf32>, tensor<3xf32>) -> tensor<1x3x3x2xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn"} : (tensor<1x3x3x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x2xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x3x3x2xf32> -> tensor<1x3x3x2xf32>
  return %r : tensor<1x3x3x2xf32>
}

// -----

// ConvTranspose2d (weight C_in x C_out x kH x kW) + BatchNorm2d: the scale applies along weight dimension 1 (transpose=True).
// CHECK-LABEL: func.func @conv_transpose2d_bn
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x2x2xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.39130944, -0.78261888]], {{\[\[}}0.867212891, 2.60163879]], {{\[\[}}1.48323631, -1.11242723]]], {{\[\[\[}}0.97827363, 0.0782618895]], {{\[\[}}-2.08131099, 3.12196636]], {{\[\[}}-0.222485453, 0.333728164]]]]> : tensor<2x3x1x2xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[0.382607162, 0.367212892, 0.259566367]> : tensor<3xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv_transpose2d %[[X]], %[[W]], %[[B]] {name = "conv"} : (tensor<1x2x2x2xf32>, tensor<2x3x1x2xf32>, tensor<3xf32>) -> tensor<1x3x2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv_transpose2d_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x3x2x3xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0]], [[0.25, 0.75]], [[-2.0, 1.5]]], [[[1.25, 0.1]], [[-0.6, 0.9]], [[0.3, -0.45]]]]> : tensor<2x3x1x2xf32>
  %b = arith.constant dense<[0.05, -0.15, 0.25]> : tensor<3xf32>
  %mean = arith.constant dense<[0.2, -0.4, 0.6]> : tensor<3xf32>
  %var = arith.constant dense<[0.8, 0.3, 2.2]> : tensor<3xf32>
  %gamma = arith.constant dense<[0.7, 1.9, -1.1]> : tensor<3xf32>
  %beta = arith.constant dense<[0.5, -0.5, 0.0]> : tensor<3xf32>
  %c = qnn.conv_transpose2d %x, %w, %b {name = "conv"} : (tensor<1x2x2x2xf32>, tensor<2x3x1x2xf32>, tensor<3xf32>) -> tensor<1x3x2x3xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn"} : (tensor<1x3x2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x2x3xf32>
  return %y : tensor<1x3x2x3xf32>
}

// -----

// ConvTranspose1d without bias + BatchNorm1d, eps = 1e-2.
// CHECK-LABEL: func.func @conv_transpose1d_bn_no_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[}}-0.47471267, 0.949425339, -0.237356335], [1.63819528, 0.218426034, -0.76449114]], {{\[\[}}0.28482762, -0.759540259, -1.04436791], [0.655278146, -1.52898228, 0.982917129]]]> : tensor<2x2x3xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[0.732298851, 0.263819516]> : tensor<2xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv_transpose1d %[[X]], %[[W]], %[[B]] {name = "conv"} : (tensor<1x2x3xf32>, tensor<2x2x3xf32>, tensor<2xf32>) -> tensor<1x2x5xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv_transpose1d_bn_no_bias(%x: tensor<1x2x3xf32>) -> tensor<1x2x5xf32> {
  %w = arith.constant dense<[[[0.5, -1.0, 0.25], [1.5, 0.2, -0.7]], [[-0.3, 0.8, 1.1], [0.6, -1.4, 0.9]]]> : tensor<2x2x3xf32>
  %mean = arith.constant dense<[0.35, -0.15]> : tensor<2xf32>
  %var = arith.constant dense<[0.7, 1.3]> : tensor<2xf32>
  %gamma = arith.constant dense<[-0.8, 1.25]> : tensor<2xf32>
  %beta = arith.constant dense<[0.4, 0.1]> : tensor<2xf32>
  %c = qnn.conv_transpose1d %x, %w {name = "conv"} : (tensor<1x2x3xf32>, tensor<2x2x3xf32>) -> tensor<1x2x5xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn", eps = 0.01} : (tensor<1x2x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x5xf32>
  return %y : tensor<1x2x5xf32>
}

// -----

// Linear + BatchNorm1d on N x C: fuse_linear_bn_weights(w, b, mean, var, 1e-4, gamma, beta).
// CHECK-LABEL: func.func @linear_bn
// CHECK-SAME: (%[[X:.+]]: tensor<2x4xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[}}0.21995604, -0.439912081, 0.659868121, -0.879824161], [-0.489881635, -0.163293883, 0.163293883, 0.489881635], [0.227497146, 0.259996742, -0.292496324, 0.324995935]]> : tensor<3x4xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.10997805, 0.55924654, 0.236243248]> : tensor<3xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.linear %[[X]], %[[W]], %[[B]] {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @linear_bn(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 0.3, -0.4], [1.5, 0.5, -0.5, -1.5], [0.7, 0.8, -0.9, 1.0]]> : tensor<3x4xf32>
  %b = arith.constant dense<[0.25, -0.5, 0.75]> : tensor<3xf32>
  %mean = arith.constant dense<[0.3, 0.6, -0.9]> : tensor<3xf32>
  %var = arith.constant dense<[0.25, 1.5, 4.0]> : tensor<3xf32>
  %gamma = arith.constant dense<[1.1, -0.4, 0.65]> : tensor<3xf32>
  %beta = arith.constant dense<[0.0, 0.2, -0.3]> : tensor<3xf32>
  %l = qnn.linear %x, %w, %b {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %y = qnn.batch_norm %l, %mean, %var, weight %gamma, bias %beta {name = "bn", eps = 0.0001} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Linear without bias + BatchNorm1d.
// CHECK-LABEL: func.func @linear_bn_no_bias
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[}}1.17500627, -0.13055627, 0.522225082], [-1.99406707, 0.581602871, 0.0830861255]]> : tensor<2x3xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[0.47639066, -0.797775149]> : tensor<2xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.linear %[[X]], %[[W]], %[[B]] {name = "fc"} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @linear_bn_no_bias(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.9, -0.1, 0.4], [-1.2, 0.35, 0.05]]> : tensor<2x3xf32>
  %mean = arith.constant dense<[-0.25, 0.45]> : tensor<2xf32>
  %var = arith.constant dense<[0.33, 0.66]> : tensor<2xf32>
  %gamma = arith.constant dense<[0.75, 1.35]> : tensor<2xf32>
  %beta = arith.constant dense<[0.15, -0.05]> : tensor<2xf32>
  %l = qnn.linear %x, %w {name = "fc"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  %y = qnn.batch_norm %l, %mean, %var, weight %gamma, bias %beta {name = "bn"} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}


// -----

// Grouped Conv2d (groups = 2) + BatchNorm2d: weight dimension 0 is still
// the output channel.
// CHECK-LABEL: func.func @grouped_conv2d_bn
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x2x2xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.777809679]]], {{\[\[\[}}1.46968901]]], {{\[\[\[}}1.64438105]]], {{\[\[\[}}-0.187082589]]]]> : tensor<4x1x1x1xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[0.0877809599, -0.322927445, -0.422204792, -0.521247745]> : tensor<4xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {groups = 2 : i64, name = "conv"} : (tensor<1x2x2x2xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @grouped_conv2d_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<[[[[0.5]]], [[[-1.5]]], [[[2.0]]], [[[0.25]]]]> : tensor<4x1x1x1xf32>
  %b = arith.constant dense<[0.1, 0.2, -0.3, 0.4]> : tensor<4xf32>
  %mean = arith.constant dense<[0.05, -0.15, 0.25, -0.35]> : tensor<4xf32>
  %var = arith.constant dense<[0.5, 1.5, 2.5, 3.5]> : tensor<4xf32>
  %gamma = arith.constant dense<[1.1, -1.2, 1.3, -1.4]> : tensor<4xf32>
  %beta = arith.constant dense<[0.01, 0.02, 0.03, 0.04]> : tensor<4xf32>
  %c = qnn.conv2d %x, %w, %b {name = "conv", groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn"} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

// Conv1d + BatchNorm1d + ReLU: ConvReLU1d with the BN folded (although
// BatchNorm1d + ReLU alone is not fusable).
// CHECK-LABEL: func.func @conv1d_bn_relu
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x5xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[}}0.438170761, -0.876341521, 1.31451225]], {{\[\[}}2.29482269, -2.86852837, 0.286852837]]]> : tensor<2x1x3xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.692113876, 0.782470465]> : tensor<2xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.conv1d %[[X]], %[[W]], %[[B]] {fused_relu, name = "conv"} : (tensor<1x1x5xf32>, tensor<2x1x3xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @conv1d_bn_relu(%x: tensor<1x1x5xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<[[[0.3, -0.6, 0.9]], [[1.2, -1.5, 0.15]]]> : tensor<2x1x3xf32>
  %mean = arith.constant dense<[0.2, -0.2]> : tensor<2xf32>
  %var = arith.constant dense<[0.3, 0.7]> : tensor<2xf32>
  %gamma = arith.constant dense<[0.8, 1.6]> : tensor<2xf32>
  %beta = arith.constant dense<[-0.4, 0.4]> : tensor<2xf32>
  %c = qnn.conv1d %x, %w {name = "conv"} : (tensor<1x1x5xf32>, tensor<2x1x3xf32>) -> tensor<1x2x3xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "bn"} : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x2x3xf32> -> tensor<1x2x3xf32>
  return %r : tensor<1x2x3xf32>
}

// -----

// Conv + ReLU without BatchNorm: ConvReLU1d/2d/3d. The weights need not be
// constants for this fusion.
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X1:[^:]+]]: tensor<1x2x5xf32>, %[[W1:[^:]+]]: tensor<3x2x2xf32>, %[[X2:[^:]+]]: tensor<1x2x3x3xf32>, %[[W2:[^:]+]]: tensor<3x2x2x2xf32>, %[[B2:[^:]+]]: tensor<3xf32>, %[[X3:[^:]+]]: tensor<1x1x2x2x2xf32>, %[[W3:[^:]+]]: tensor<2x1x1x1x1xf32>)
// CHECK-NEXT: %[[C1:.+]] = qnn.conv1d %[[X1]], %[[W1]] {fused_relu, name = "c1"} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>) -> tensor<1x3x4xf32>
// CHECK-NEXT: %[[C2:.+]] = qnn.conv2d %[[X2]], %[[W2]], %[[B2]] {fused_relu, name = "c2", padding = array<i64: 1, 1>, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x3x3xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: %[[C3:.+]] = qnn.conv3d %[[X3]], %[[W3]] {fused_relu, name = "c3"} : (tensor<1x1x2x2x2xf32>, tensor<2x1x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
// CHECK-NEXT: return %[[C1]], %[[C2]], %[[C3]]
func.func @conv_relu(%x1: tensor<1x2x5xf32>, %w1: tensor<3x2x2xf32>,
                     %x2: tensor<1x2x3x3xf32>, %w2: tensor<3x2x2x2xf32>, %b2: tensor<3xf32>,
                     %x3: tensor<1x1x2x2x2xf32>, %w3: tensor<2x1x1x1x1xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3x4x4xf32>, tensor<1x2x2x2x2xf32>) {
  %c1 = qnn.conv1d %x1, %w1 {name = "c1"} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>) -> tensor<1x3x4xf32>
  %r1 = qnn.relu %c1 {name = "r1"} : tensor<1x3x4xf32> -> tensor<1x3x4xf32>
  %c2 = qnn.conv2d %x2, %w2, %b2 {name = "c2", padding = array<i64: 1, 1>, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x3x3xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %r2 = qnn.relu %c2 {name = "r2"} : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  %c3 = qnn.conv3d %x3, %w3 {name = "c3"} : (tensor<1x1x2x2x2xf32>, tensor<2x1x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  %r3 = qnn.relu %c3 {name = "r3"} : tensor<1x2x2x2x2xf32> -> tensor<1x2x2x2x2xf32>
  return %r1, %r2, %r3 : tensor<1x3x4xf32>, tensor<1x3x4x4xf32>, tensor<1x2x2x2x2xf32>
}

// -----

// Linear + ReLU: LinearReLU.
// CHECK-LABEL: func.func @linear_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[W:[^:]+]]: tensor<3x4xf32>, %[[B:[^:]+]]: tensor<3xf32>)
// CHECK-NEXT: %[[L:.+]] = qnn.linear %[[X]], %[[W]], %[[B]] {fused_relu, name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[L]]
func.func @linear_relu(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %l = qnn.linear %x, %w, %b {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = qnn.relu %l {name = "relu"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// BatchNorm2d/3d + ReLU: BNReLU2d/3d. The BN parameters need not be constants.
// CHECK-LABEL: func.func @bn_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3x3xf32>, %[[Y:[^:]+]]: tensor<1x2x2x2x2xf32>, %[[M:[^:]+]]: tensor<2xf32>, %[[V:[^:]+]]: tensor<2xf32>)
// CHECK-NEXT: %[[B2:.+]] = qnn.batch_norm %[[X]], %[[M]], %[[V]] {fused_relu, name = "bn2"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT: %[[B3:.+]] = qnn.batch_norm %[[Y]], %[[M]], %[[V]], weight %[[M]], bias %[[V]] {fused_relu, name = "bn3"} : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
// CHECK-NEXT: return %[[B2]], %[[B3]]
func.func @bn_relu(%x: tensor<1x2x3x3xf32>, %y: tensor<1x2x2x2x2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x2x2x2xf32>) {
  %b2 = qnn.batch_norm %x, %m, %v {name = "bn2"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r2 = qnn.relu %b2 {name = "relu2"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %b3 = qnn.batch_norm %y, %m, %v, weight %m, bias %v {name = "bn3"} : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  %r3 = qnn.relu %b3 {name = "relu3"} : tensor<1x2x2x2x2xf32> -> tensor<1x2x2x2x2xf32>
  return %r2, %r3 : tensor<1x2x3x3xf32>, tensor<1x2x2x2x2xf32>
}

// -----

// BatchNorm1d (rank 2 and 3) + ReLU is not fusable: PyTorch has no BNReLU1d.
// CHECK-LABEL: func.func @bn1d_relu_not_fused
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3x4xf32>, %[[Y:[^:]+]]: tensor<2x3xf32>, %[[M:[^:]+]]: tensor<3xf32>, %[[V:[^:]+]]: tensor<3xf32>)
// CHECK-NEXT: %[[B:.+]] = qnn.batch_norm %[[X]], %[[M]], %[[V]] {name = "bn"} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[B]] {name = "relu"} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[B2:.+]] = qnn.batch_norm %[[Y]], %[[M]], %[[V]] {name = "bn_2d"} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[R2:.+]] = qnn.relu %[[B2]] {name = "relu_2d"} : tensor<2x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT: return %[[R]], %[[R2]]
func.func @bn1d_relu_not_fused(%x: tensor<2x3x4xf32>, %y: tensor<2x3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<2x3xf32>) {
  %b = qnn.batch_norm %x, %m, %v {name = "bn"} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  %r = qnn.relu %b {name = "relu"} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %b2 = qnn.batch_norm %y, %m, %v {name = "bn_2d"} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r2 = qnn.relu %b2 {name = "relu_2d"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %r, %r2 : tensor<2x3x4xf32>, tensor<2x3xf32>
}

// -----

// The conv result has a second use: fusing would remove a value something
// else reads, so nothing is fused (neither the BN nor a ReLU).
// CHECK-LABEL: func.func @conv_multi_use
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3x3xf32>)
// CHECK:      %[[W:.+]] = arith.constant
// CHECK:      %[[C:.+]] = qnn.conv2d %[[X]], %[[W]] {name = "conv"}
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]], {{.+}} {name = "bn"}
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[C]] {name = "relu"}
// CHECK-NEXT: return %[[Y]], %[[R]]
func.func @conv_multi_use(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<[[[[0.5]], [[1.5]]], [[[-1.0]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %v = arith.constant dense<[1.5, 0.5]> : tensor<2xf32>
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %m, %v {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %c {name = "relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %y, %r : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// The BN result has a second use: conv + bn still fold (the BN output is
// the fused conv's output), but the ReLU is not fused.
// CHECK-LABEL: func.func @bn_multi_use
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3x3xf32>)
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.408246934]], {{\[\[}}1.22474074]]], {{\[\[\[}}-1.41419935]], {{\[\[}}2.8283987]]]]> : tensor<2x2x1x1xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.163298771, -0.141419932]> : tensor<2xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {name = "conv"}
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[C]] {name = "relu"}
// CHECK-NEXT: return %[[C]], %[[R]]
func.func @bn_multi_use(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<[[[[0.5]], [[1.5]]], [[[-1.0]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[0.2, 0.1]> : tensor<2xf32>
  %v = arith.constant dense<[1.5, 0.5]> : tensor<2xf32>
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %m, %v {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %y, %r : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// A ReLU whose input has another use is not fused.
// CHECK-LABEL: func.func @relu_multi_use
// CHECK:      %[[L:.+]] = qnn.linear %{{.+}}, %{{.+}} {name = "fc"}
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[L]] {name = "relu"}
// CHECK-NEXT: return %[[L]], %[[R]]
func.func @relu_multi_use(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %l = qnn.linear %x, %w {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %r = qnn.relu %l {name = "relu"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %l, %r : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// ConvTranspose + BatchNorm + ReLU: the BN folds, but there is no
// ConvTransposeReLU, so the ReLU stays.
// CHECK-LABEL: func.func @conv_transpose_bn_relu
// CHECK:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.408246934]], {{\[\[}}2.12129903]]], {{\[\[\[}}-0.816493868]], {{\[\[}}2.8283987]]]]> : tensor<2x2x1x1xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.163298771, -0.141419932]> : tensor<2xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.conv_transpose2d %{{.+}}, %[[W]], %[[B]] {name = "up"}
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[C]] {name = "relu"}
// CHECK-NEXT: return %[[R]]
func.func @conv_transpose_bn_relu(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5]], [[1.5]]], [[[-1.0]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[0.2, 0.1]> : tensor<2xf32>
  %v = arith.constant dense<[1.5, 0.5]> : tensor<2xf32>
  %c = qnn.conv_transpose2d %x, %w {name = "up"} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y = qnn.batch_norm %c, %m, %v {name = "bn"} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}

// -----

// Not fusable: relu followed by conv, conv followed by sigmoid, and a conv
// already fused with a ReLU followed by another ReLU.
// CHECK-LABEL: func.func @not_fusable
// CHECK:      qnn.relu {{.+}} {name = "relu0"}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "conv"}
// CHECK-NEXT: qnn.sigmoid
// CHECK-NEXT: qnn.relu {{.+}} {name = "relu1"}
// CHECK-NEXT: qnn.conv2d {{.+}} {fused_relu, name = "conv2"}
// CHECK-NEXT: qnn.relu {{.+}} {name = "relu2"}
// CHECK-NEXT: return
func.func @not_fusable(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %r = qnn.relu %x {name = "relu0"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %c = qnn.conv2d %r, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %s = qnn.sigmoid %c {name = "sig"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %r1 = qnn.relu %s {name = "relu1"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %c2 = qnn.conv2d %r1, %w {name = "conv2", fused_relu} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r2 = qnn.relu %c2 {name = "relu2"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %r2 : tensor<1x2x3x3xf32>
}

// -----

// Linear + batch_norm on a rank-3 value: BN normalizes dimension 1, not the
// linear's features, so nothing is folded.
// CHECK-LABEL: func.func @linear_bn_rank3_not_fused
// CHECK: qnn.linear
// CHECK: qnn.batch_norm
func.func @linear_bn_rank3_not_fused(%x: tensor<2x3x4xf32>) -> tensor<2x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %m = arith.constant dense<0.1> : tensor<3xf32>
  %v = arith.constant dense<0.9> : tensor<3xf32>
  %l = qnn.linear %x, %w {name = "fc"} : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x3xf32>
  %n = qnn.batch_norm %l, %m, %v {name = "bn"} : (tensor<2x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x3xf32>
  return %n : tensor<2x3x3xf32>
}

// -----

// A BNReLU (batch_norm with fused_relu) keeps its ReLU when folded.
// CHECK-LABEL: func.func @conv_bnrelu
// CHECK: qnn.conv2d %{{.+}}, %{{.+}}, %{{.+}} {fused_relu, name = "conv"}
// CHECK-NOT: qnn.batch_norm
func.func @conv_bnrelu(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<0.1> : tensor<2xf32>
  %v = arith.constant dense<0.9> : tensor<2xf32>
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %n = qnn.batch_norm %c, %m, %v {name = "bn", fused_relu} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %n : tensor<1x2x4x4xf32>
}
