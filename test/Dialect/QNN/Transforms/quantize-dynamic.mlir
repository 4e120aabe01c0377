// RUN: qnn-opt %s -split-input-file --qnn-quantize-dynamic | FileCheck %s
// Quantizing again changes nothing (weights already quantized are skipped):
// RUN: qnn-opt %s -split-input-file --qnn-quantize-dynamic --qnn-quantize-dynamic | FileCheck %s
// RUN: qnn-opt %s -split-input-file --qnn-quantize-dynamic=ops=linear | FileCheck %s --check-prefix=LINEAR
// RUN: qnn-opt %s -split-input-file '--qnn-quantize-dynamic=ops=encoder,decoder.fc' | FileCheck %s --check-prefix=PATH
// RUN: qnn-opt %s -split-input-file --qnn-quantize-dynamic=dtype=float16 | FileCheck %s --check-prefix=F16

// quantize_dynamic with default_dynamic_qconfig: weights are quantized at
// compile time with MinMaxObserver(dtype=qint8, qscheme=per_tensor_symmetric),
// one observer per weight tensor; biases stay float. Expected integers and
// scales come from torch 1.13:
//   obs = MinMaxObserver(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric)
//   obs(w); scale, zp = obs.calculate_qparams()
//   torch.quantize_per_tensor(w, float(scale), int(zp), torch.qint8).int_repr()
// (zero point 0 everywhere; the quant type prints without it).

// scale = max|w| / 127.5 = 1.5 / 127.5.
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<2x4xf32>)
// CHECK:      %[[B:.+]] = arith.constant dense<[2.500000e-01, -5.000000e-01, 7.500000e-01]> : tensor<3xf32>
// CHECK-NEXT: %[[W:.+]] = qnn.qconstant dense<{{\[\[}}8, -17, 26, -34], [127, 42, -42, -108], [60, 68, -76, 85]]> : tensor<3x4xi8> -> tensor<3x4x!quant.uniform<i8:f32, 0.011764706112444401>>
// CHECK-NEXT: %[[Y:.+]] = qnn.linear %[[X]], %[[W]], %[[B]] {name = "fc", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x4xf32>, tensor<3x4x!quant.uniform<i8:f32, 0.011764706112444401>>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[Y]]
// F16-LABEL: func.func @linear
// F16:      %[[B:.+]] = arith.constant dense<[2.500000e-01, -5.000000e-01, 7.500000e-01]> : tensor<3xf32>
// F16-NEXT: %[[W:.+]] = arith.constant dense<{{\[\[}}9.997550e-02, -1.999510e-01, 3.000490e-01, -3.999020e-01], [1.500000e+00, 5.000000e-01, -5.000000e-01, -1.269530e+00], [7.001950e-01, 7.998050e-01, -8.999020e-01, 1.000000e+00]]> : tensor<3x4xf16>
// F16-NEXT: %[[Y:.+]] = qnn.linear %{{.+}}, %[[W]], %[[B]] {name = "fc", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x4xf32>, tensor<3x4xf16>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @linear(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 0.3, -0.4], [1.5, 0.5, -0.5, -1.27], [0.7, 0.8, -0.9, 1.0]]> : tensor<3x4xf32>
  %b = arith.constant dense<[0.25, -0.5, 0.75]> : tensor<3xf32>
  %y = qnn.linear %x, %w, %b {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// scale = 2.55 / 127.5 (0.02 in float32): w / scale lands on or next to
// .5 for the multiples of 0.01, so this checks PyTorch's rounding
// (round half to even of w * (1 / scale) in float32).
// CHECK-LABEL: func.func @linear_rounding
// CHECK:      qnn.qconstant dense<{{\[\[}}127, 0, 2, 2], [0, -2, -2, 4], [4, -100, 62, -18]]> : tensor<3x4xi8> -> tensor<3x4x!quant.uniform<i8:f32, 0.019999999552965164>>
func.func @linear_rounding(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[2.55, 0.01, 0.03, 0.05], [-0.01, -0.03, -0.05, 0.07], [0.09, -2.0, 1.25, -0.35]]> : tensor<3x4xf32>
  %y = qnn.linear %x, %w {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// LSTM: weight_ih and weight_hh of every layer are quantized, each with its
// own observer; bias_ih and bias_hh stay float.
// CHECK-LABEL: func.func @lstm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<3x1x2xf32>, %[[BIH:[^:]+]]: tensor<4xf32>, %[[BHH:[^:]+]]: tensor<4xf32>)
// CHECK:      %[[WIH:.+]] = qnn.qconstant dense<{{\[\[}}64, -32], [16, 127], [-96, 38], [76, -115]]> : tensor<4x2xi8> -> tensor<4x2x!quant.uniform<i8:f32, 0.0078431377187371254>>
// CHECK-NEXT: %[[WHH:.+]] = qnn.qconstant dense<{{\[\[}}64], [-128], [16], [105]]> : tensor<4x1xi8> -> tensor<4x1x!quant.uniform<i8:f32, 0.0031372548546642065>>
// CHECK-NEXT: qnn.lstm %[[X]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 1 : i64, name = "lstm", qconfig = #qnn.qconfig<dynamic>}
// LINEAR-LABEL: func.func @lstm
// LINEAR:       qnn.lstm %{{.+}} weights(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) {hidden_size = 1 : i64, name = "lstm"} : (tensor<3x1x2xf32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<4xf32>)
func.func @lstm(%x: tensor<3x1x2xf32>, %bih: tensor<4xf32>, %bhh: tensor<4xf32>) -> tensor<3x1x1xf32> {
  %wih = arith.constant dense<[[0.5, -0.25], [0.125, 1.0], [-0.75, 0.3], [0.6, -0.9]]> : tensor<4x2xf32>
  %whh = arith.constant dense<[[0.2], [-0.4], [0.05], [0.33]]> : tensor<4x1xf32>
  %out, %h, %c = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {name = "lstm", hidden_size = 1 : i64} : (tensor<3x1x2xf32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<3x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
  return %out : tensor<3x1x1xf32>
}

// -----

// Two layers without biases: all four weights are quantized.
// CHECK-LABEL: func.func @lstm_two_layers_no_bias
// CHECK:      %[[W0:.+]] = qnn.qconstant dense<{{\[\[}}16, 32], [-48, 64], [80, -96], [112, 127]]> : tensor<4x2xi8> -> tensor<4x2x!quant.uniform<i8:f32, 0.0069019608199596405>>
// CHECK-NEXT: %[[W1:.+]] = qnn.qconstant dense<{{\[\[}}-76], [26], [127], [-3]]> : tensor<4x1xi8> -> tensor<4x1x!quant.uniform<i8:f32, 0.019607843831181526>>
// CHECK-NEXT: %[[W2:.+]] = qnn.qconstant dense<{{\[\[}}127], [-113], [99], [-85]]> : tensor<4x1xi8> -> tensor<4x1x!quant.uniform<i8:f32, 0.0070588234812021255>>
// CHECK-NEXT: %[[W3:.+]] = qnn.qconstant dense<{{\[\[}}16], [32], [-64], [127]]> : tensor<4x1xi8> -> tensor<4x1x!quant.uniform<i8:f32, 6.2745099421590567E-4>>
// CHECK-NEXT: qnn.lstm %{{.+}} weights(%[[W0]], %[[W1]], %[[W2]], %[[W3]]) {has_biases = false, hidden_size = 1 : i64, name = "lstm", num_layers = 2 : i64, qconfig = #qnn.qconfig<dynamic>}
func.func @lstm_two_layers_no_bias(%x: tensor<3x1x2xf32>) -> tensor<3x1x1xf32> {
  %w0 = arith.constant dense<[[0.11, 0.22], [-0.33, 0.44], [0.55, -0.66], [0.77, 0.88]]> : tensor<4x2xf32>
  %w1 = arith.constant dense<[[-1.5], [0.5], [2.5], [-0.05]]> : tensor<4x1xf32>
  %w2 = arith.constant dense<[[0.9], [-0.8], [0.7], [-0.6]]> : tensor<4x1xf32>
  %w3 = arith.constant dense<[[0.01], [0.02], [-0.04], [0.08]]> : tensor<4x1xf32>
  %out, %h, %c = qnn.lstm %x weights(%w0, %w1, %w2, %w3) {name = "lstm", hidden_size = 1 : i64, num_layers = 2 : i64, has_biases = false} : (tensor<3x1x2xf32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>) -> (tensor<3x1x1xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return %out : tensor<3x1x1xf32>
}

// -----

// LSTMCell, GRUCell and RNNCell: weight_ih and weight_hh quantized, biases
// float.
// CHECK-LABEL: func.func @cells
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2xf32>, %[[H:[^:]+]]: tensor<1x1xf32>, %[[C:[^:]+]]: tensor<1x1xf32>, %[[B3:[^:]+]]: tensor<3xf32>, %[[B1:[^:]+]]: tensor<1xf32>)
// CHECK:      %[[LIH:.+]] = qnn.qconstant dense<{{\[\[}}64, -32], [16, 127], [-96, 38], [76, -115]]> : tensor<4x2xi8> -> tensor<4x2x!quant.uniform<i8:f32, 0.0078431377187371254>>
// CHECK-NEXT: %[[LHH:.+]] = qnn.qconstant dense<{{\[\[}}64], [-128], [16], [105]]> : tensor<4x1xi8> -> tensor<4x1x!quant.uniform<i8:f32, 0.0031372548546642065>>
// CHECK-NEXT: qnn.lstm_cell %[[X]], %[[H]], %[[C]], %[[LIH]], %[[LHH]] {name = "lstm_cell", qconfig = #qnn.qconfig<dynamic>}
// CHECK-NEXT: %[[GIH:.+]] = qnn.qconstant dense<{{\[\[}}64, 21], [-42, 85], [106, -127]]> : tensor<3x2xi8> -> tensor<3x2x!quant.uniform<i8:f32, 0.0047058826312422752>>
// CHECK-NEXT: %[[GHH:.+]] = qnn.qconstant dense<{{\[\[}}-99], [113], [127]]> : tensor<3x1xi8> -> tensor<3x1x!quant.uniform<i8:f32, 0.0070588234812021255>>
// CHECK-NEXT: qnn.gru_cell %[[X]], %[[H]], %[[GIH]], %[[GHH]], bias(%[[B3]], %[[B3]]) {name = "gru_cell", qconfig = #qnn.qconfig<dynamic>}
// CHECK-NEXT: %[[RIH:.+]] = qnn.qconstant dense<{{\[\[}}64, -128]]> : tensor<1x2xi8> -> tensor<1x2x!quant.uniform<i8:f32, 0.019607843831181526>>
// CHECK-NEXT: %[[RHH:.+]] = qnn.qconstant dense<127> : tensor<1x1xi8> -> tensor<1x1x!quant.uniform<i8:f32, 0.0058823530562222004>>
// CHECK-NEXT: qnn.rnn_cell %[[X]], %[[H]], %[[RIH]], %[[RHH]], bias(%[[B1]], %[[B1]]) {name = "rnn_cell", nonlinearity = #qnn<nonlinearity relu>, qconfig = #qnn.qconfig<dynamic>}
func.func @cells(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %c: tensor<1x1xf32>, %b3: tensor<3xf32>, %b1: tensor<1xf32>) -> (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1x1xf32>) {
  %lih = arith.constant dense<[[0.5, -0.25], [0.125, 1.0], [-0.75, 0.3], [0.6, -0.9]]> : tensor<4x2xf32>
  %lhh = arith.constant dense<[[0.2], [-0.4], [0.05], [0.33]]> : tensor<4x1xf32>
  %gih = arith.constant dense<[[0.3, 0.1], [-0.2, 0.4], [0.5, -0.6]]> : tensor<3x2xf32>
  %ghh = arith.constant dense<[[-0.7], [0.8], [0.9]]> : tensor<3x1xf32>
  %rih = arith.constant dense<[[1.25, -2.5]]> : tensor<1x2xf32>
  %rhh = arith.constant dense<[[0.75]]> : tensor<1x1xf32>
  %h1, %c1 = qnn.lstm_cell %x, %h, %c, %lih, %lhh {name = "lstm_cell"} : (tensor<1x2xf32>, tensor<1x1xf32>, tensor<1x1xf32>, tensor<4x2xf32>, tensor<4x1xf32>) -> (tensor<1x1xf32>, tensor<1x1xf32>)
  %h2 = qnn.gru_cell %x, %h, %gih, %ghh, bias(%b3, %b3) {name = "gru_cell"} : (tensor<1x2xf32>, tensor<1x1xf32>, tensor<3x2xf32>, tensor<3x1xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x1xf32>
  %h3 = qnn.rnn_cell %x, %h, %rih, %rhh, bias(%b1, %b1) {name = "rnn_cell", nonlinearity = #qnn<nonlinearity relu>} : (tensor<1x2xf32>, tensor<1x1xf32>, tensor<1x2xf32>, tensor<1x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  return %h1, %h2, %h3 : tensor<1x1xf32>, tensor<1x1xf32>, tensor<1x1xf32>
}

// -----

// Selection (qconfig_spec). Default: every linear/lstm/cell. ops=linear:
// only linears. ops=encoder,decoder.fc: the module "encoder" and its
// children, plus "decoder.fc"; "encoder2.fc" is not a child of "encoder".
// Other op kinds (conv2d) are never touched.
// CHECK-LABEL: func.func @selection
// CHECK-NOT:  qnn.conv2d {{.+}}qconfig
// CHECK:      qnn.linear {{.+}} {name = "encoder.fc", qconfig = #qnn.qconfig<dynamic>}
// CHECK:      qnn.rnn_cell {{.+}} {name = "encoder.rnn", qconfig = #qnn.qconfig<dynamic>}
// CHECK:      qnn.linear {{.+}} {name = "encoder2.fc", qconfig = #qnn.qconfig<dynamic>}
// CHECK:      qnn.linear {{.+}} {name = "decoder.fc", qconfig = #qnn.qconfig<dynamic>}
// CHECK:      qnn.linear {{.+}} {name = "decoder.out", qconfig = #qnn.qconfig<dynamic>}
// CHECK-NEXT: return
// LINEAR-LABEL: func.func @selection
// LINEAR-NOT:   qnn.conv2d {{.+}}qconfig
// LINEAR:       qnn.linear {{.+}} {name = "encoder.fc", qconfig = #qnn.qconfig<dynamic>}
// LINEAR:       qnn.rnn_cell {{.+}} {name = "encoder.rnn"} : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>)
// LINEAR:       qnn.linear {{.+}} {name = "encoder2.fc", qconfig = #qnn.qconfig<dynamic>}
// LINEAR:       qnn.linear {{.+}} {name = "decoder.fc", qconfig = #qnn.qconfig<dynamic>}
// LINEAR:       qnn.linear {{.+}} {name = "decoder.out", qconfig = #qnn.qconfig<dynamic>}
// PATH-LABEL: func.func @selection
// PATH-NOT:   qnn.conv2d {{.+}}qconfig
// PATH:       qnn.linear {{.+}} {name = "encoder.fc", qconfig = #qnn.qconfig<dynamic>} : (tensor<1x4xf32>, tensor<4x4x!quant.uniform<i8:f32, {{.+}}>>)
// PATH:       qnn.rnn_cell {{.+}} {name = "encoder.rnn", qconfig = #qnn.qconfig<dynamic>} : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<4x4x!quant.uniform<i8:f32, {{.+}}>>, tensor<4x4x!quant.uniform<i8:f32, {{.+}}>>)
// PATH-NEXT:  qnn.linear {{.+}} {name = "encoder2.fc"} : (tensor<1x4xf32>, tensor<4x4xf32>)
// PATH:       qnn.linear {{.+}} {name = "decoder.fc", qconfig = #qnn.qconfig<dynamic>} : (tensor<1x4xf32>, tensor<4x4x!quant.uniform<i8:f32, {{.+}}>>)
// PATH-NEXT:  qnn.linear {{.+}} {name = "decoder.out"} : (tensor<1x4xf32>, tensor<4x4xf32>)
func.func @selection(%x: tensor<1x4xf32>, %img: tensor<1x4x1x1xf32>) -> (tensor<1x4xf32>, tensor<1x4x1x1xf32>) {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, -2.0, -3.0, -4.0], [0.5, 0.25, 0.125, 0.0], [8.0, -8.0, 4.0, -4.0]]> : tensor<4x4xf32>
  %wc = arith.constant dense<1.0> : tensor<4x4x1x1xf32>
  %conv = qnn.conv2d %img, %wc {name = "encoder.conv"} : (tensor<1x4x1x1xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  %0 = qnn.linear %x, %w {name = "encoder.fc"} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %1 = qnn.rnn_cell %0, %x, %w, %w {name = "encoder.rnn"} : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %2 = qnn.linear %1, %w {name = "encoder2.fc"} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %3 = qnn.linear %2, %w {name = "decoder.fc"} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %4 = qnn.linear %3, %w {name = "decoder.out"} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %4, %conv : tensor<1x4xf32>, tensor<1x4x1x1xf32>
}

// -----

// dtype=float16: weight.to(torch.float16), saturated to +-65504 as fbgemm's
// fp16 prepack does (torch gives inf for 1e5 and 65520).
// F16-LABEL: func.func @float16_saturation
// F16:      %[[W:.+]] = arith.constant dense<{{\[\[}}9.997550e-02, -1.999510e-01, 6.550400e+04], [3.140630e+00, -6.550400e+04, 6.550400e+04]]> : tensor<2x3xf16>
// F16-NEXT: qnn.linear %{{.+}}, %[[W]] {name = "fc", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x2xf32>
func.func @float16_saturation(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 1.0e5], [3.14159, -65519.0, 65520.0]]> : tensor<2x3xf32>
  %y = qnn.linear %x, %w {name = "fc"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// The module's own qconfig None keeps it float (propagate_qconfig_ precedence).
// CHECK-LABEL: func.func @own_qconfig_none
// CHECK: qnn.linear %{{.+}}, %{{.+}} {name = "fc", qconfig = #qnn.qconfig<none>} : (tensor<2x4xf32>, tensor<3x4xf32>)
func.func @own_qconfig_none(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %y = qnn.linear %x, %w {name = "fc", qconfig = #qnn.qconfig<none>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// dtype=float16 rounds to nearest, ties to even, as torch's .half():
// 1 + 2^-11 and -2049 are ties that go down to the even neighbour,
// 1 + 3 * 2^-11 and 2051 ties that go up; 1 + 2^-11 + 2^-20 is just past
// the tie (up); 2^-25 and 3 * 2^-25 are ties in the subnormal range (to 0
// and to 2^-23). torch 1.13: torch.tensor(w).half() gives
// [[1, 1.001953125, 1.0009765625], [2048, 2052, -2048], [0, 2^-23, 65504]].
// F16-LABEL: func.func @float16_ties_to_even
// F16: arith.constant dense<{{\[\[}}1.000000e+00, 1.001950e+00, 1.000980e+00], [2.048000e+03, 2.052000e+03, -2.048000e+03], [0.000000e+00, 1.192090e-07, 6.550400e+04]]> : tensor<3x3xf16>
func.func @float16_ties_to_even(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[1.00048828125, 1.00146484375, 1.00048923492431640625], [2049.0, 2051.0, -2049.0], [2.98023223876953125e-08, 8.94069671630859375e-08, 65519.0]]> : tensor<3x3xf32>
  %y = qnn.linear %x, %w {name = "fc"} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// The module's own qconfig picks the weight dtype, as torch's
// quantize_dynamic does (the qconfig's weight observer dtype):
// float16_dynamic_qconfig gives float16 weights without dtype=float16, and
// default_dynamic_qconfig qint8 weights under dtype=float16.
// CHECK-LABEL: func.func @own_qconfig_dtype
// CHECK: qnn.linear %{{.+}}, %{{.+}} {name = "half", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x4xf32>, tensor<3x4xf16>)
// CHECK: qnn.linear %{{.+}}, %{{.+}} {name = "int8", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x3xf32>, tensor<3x3x!quant.uniform<i8:f32, {{.+}}>>)
// F16-LABEL: func.func @own_qconfig_dtype
// F16: qnn.linear %{{.+}}, %{{.+}} {name = "half", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x4xf32>, tensor<3x4xf16>)
// F16: qnn.linear %{{.+}}, %{{.+}} {name = "int8", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x3xf32>, tensor<3x3x!quant.uniform<i8:f32, {{.+}}>>)
func.func @own_qconfig_dtype(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %w2 = arith.constant dense<0.25> : tensor<3x3xf32>
  %y = qnn.linear %x, %w {name = "half", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %z = qnn.linear %y, %w2 {name = "int8", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}
