// RUN: qnn-opt %s -split-input-file --qnn-propagate-qconfig | FileCheck %s

// propagate_qconfig_: module.qconfig > qconfig_dict module_name (exact path)
// > object_type (op name) > nearest parent path's module_name entry > global.

// The op's own qconfig wins over every dict entry, including an own
// #qnn.qconfig<none>.
// CHECK-LABEL: func.func @own_qconfig_wins
// CHECK:      qnn.conv2d {{.+}} {name = "conv", qconfig = #qnn.qconfig<fbgemm_qat>}
// CHECK-NEXT: qnn.relu {{.+}} {name = "conv.relu", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "conv2", qconfig = #qnn.qconfig<onednn>}
func.func @own_qconfig_wins(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm>,
                                    module_name = {"conv" = #qnn.qconfig<qnnpack>, "conv.relu" = #qnn.qconfig<qnnpack>},
                                    object_type = {"qnn.conv2d" = #qnn.qconfig<onednn>}}} {
  %c = qnn.conv2d %x, %w {name = "conv", qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %c {name = "conv.relu", qconfig = #qnn.qconfig<none>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %c2 = qnn.conv2d %r, %w {name = "conv2"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %c2 : tensor<1x2x3x3xf32>
}

// -----

// An exact module_name entry beats the object_type entry; object_type
// beats the parent's module_name entry and global.
// CHECK-LABEL: func.func @module_name_beats_object_type
// CHECK:      qnn.linear {{.+}} {name = "fc1", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "fc2", qconfig = #qnn.qconfig<onednn>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "block.fc", qconfig = #qnn.qconfig<onednn>}
// CHECK-NEXT: qnn.relu {{.+}} {name = "block.relu", qconfig = #qnn.qconfig<fbgemm_qat>}
func.func @module_name_beats_object_type(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm>,
                                    module_name = {"fc1" = #qnn.qconfig<qnnpack>, "block" = #qnn.qconfig<fbgemm_qat>},
                                    object_type = {"qnn.linear" = #qnn.qconfig<onednn>}}} {
  %0 = qnn.linear %x, %w {name = "fc1"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = qnn.linear %0, %w {name = "fc2"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %2 = qnn.linear %1, %w {name = "block.fc"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %3 = qnn.relu %2 {name = "block.relu"} : tensor<2x4xf32> -> tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}

// -----

// Children inherit the qconfig of their nearest parent path that has a
// module_name entry: "layer1" applies to "layer1.0.conv1" unless
// "layer1.0" has its own. Parents are matched by path components, so
// "layer1" is not a parent of "layer10.conv".
// CHECK-LABEL: func.func @nearest_parent
// CHECK:      qnn.conv2d {{.+}} {name = "layer1.0.conv1", qconfig = #qnn.qconfig<onednn>}
// CHECK-NEXT: qnn.relu {{.+}} {name = "layer1.0.relu", qconfig = #qnn.qconfig<onednn>}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "layer1.1.conv1", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "layer1.1.downsample.0", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "layer10.conv", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "layer2.conv", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: qnn.conv2d {{.+}} {name = "layer1", qconfig = #qnn.qconfig<qnnpack>}
func.func @nearest_parent(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm>,
                                    module_name = {"layer1" = #qnn.qconfig<qnnpack>, "layer1.0" = #qnn.qconfig<onednn>}}} {
  %0 = qnn.conv2d %x, %w {name = "layer1.0.conv1"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qnn.relu %0 {name = "layer1.0.relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %2 = qnn.conv2d %1, %w {name = "layer1.1.conv1"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = qnn.conv2d %2, %w {name = "layer1.1.downsample.0"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %4 = qnn.conv2d %3, %w {name = "layer10.conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %5 = qnn.conv2d %4, %w {name = "layer2.conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %6 = qnn.conv2d %5, %w {name = "layer1"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %6 : tensor<1x2x3x3xf32>
}

// -----

// Every module op without an entry gets global, including stubs, activations
// and an op without a module path; non-module ops are untouched.
// CHECK-LABEL: func.func @global_default
// CHECK:      arith.constant dense<1.000000e+00> : tensor<4x4xf32>
// CHECK-NEXT: qnn.quant_stub {{.+}} {name = "quant", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "fc", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.sigmoid {{.+}} {qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.dequant_stub {{.+}} {name = "dequant", qconfig = #qnn.qconfig<qnnpack>}
func.func @global_default(%x: tensor<2x4xf32>) -> tensor<2x4xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<qnnpack>}} {
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %q = qnn.quant_stub %x {name = "quant"} : tensor<2x4xf32> -> tensor<2x4xf32>
  %0 = qnn.linear %q, %w {name = "fc"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = qnn.sigmoid %0 : tensor<2x4xf32> -> tensor<2x4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<2x4xf32> -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

// -----

// #qnn.qconfig<none> entries are PyTorch's None: they propagate to children
// as none, and a child entry can re-enable quantization below them.
// CHECK-LABEL: func.func @none_propagates
// CHECK:      qnn.linear {{.+}} {name = "head.fc", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: qnn.relu {{.+}} {name = "head.act.relu", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "head.out", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "body", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "tail", qconfig = #qnn.qconfig<fbgemm_qat>}
func.func @none_propagates(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm_qat>,
                                    module_name = {"head" = #qnn.qconfig<none>, "head.out" = #qnn.qconfig<fbgemm>, "body" = #qnn.qconfig<none>}}} {
  %0 = qnn.linear %x, %w {name = "head.fc"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = qnn.relu %0 {name = "head.act.relu"} : tensor<2x4xf32> -> tensor<2x4xf32>
  %2 = qnn.linear %1, %w {name = "head.out"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %3 = qnn.linear %2, %w {name = "body"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %4 = qnn.linear %3, %w {name = "tail"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %4 : tensor<2x4xf32>
}

// -----

// A global none with an object_type entry: only that op kind is quantized.
// CHECK-LABEL: func.func @global_none
// CHECK:      qnn.conv2d {{.+}} {name = "conv", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "fc", qconfig = #qnn.qconfig<activation = #qnn.observer<minmax>, weight = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>>}
func.func @global_none(%x: tensor<1x4x1x1xf32>, %w: tensor<4x4x1x1xf32>, %y: tensor<2x4xf32>, %wl: tensor<4x4xf32>) -> (tensor<1x4x1x1xf32>, tensor<2x4xf32>)
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<none>,
                                    object_type = {"qnn.linear" = #qnn.qconfig<activation = #qnn.observer<minmax>, weight = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>>}}} {
  %0 = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x4x1x1xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  %1 = qnn.linear %y, %wl {name = "fc"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<1x4x1x1xf32>, tensor<2x4xf32>
}

// -----

// Without global, ops that no entry reaches get no qconfig at all.
// CHECK-LABEL: func.func @no_global
// CHECK:      qnn.linear {{.+}} {name = "enc.fc", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.linear {{.+}} {name = "dec.fc"} :
func.func @no_global(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32>
    attributes {qnn.qconfig_dict = {module_name = {"enc" = #qnn.qconfig<qnnpack>}}} {
  %0 = qnn.linear %x, %w {name = "enc.fc"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = qnn.linear %0, %w {name = "dec.fc"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// Without a qnn.qconfig_dict the ops keep exactly the qconfigs they have.
// CHECK-LABEL: func.func @no_dict
// CHECK:      qnn.linear {{.+}} {name = "fc1"} :
// CHECK-NEXT: qnn.linear {{.+}} {name = "fc2", qconfig = #qnn.qconfig<qnnpack>} :
func.func @no_dict(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %0 = qnn.linear %x, %w {name = "fc1"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = qnn.linear %0, %w {name = "fc2", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// The dict is per function.
// CHECK-LABEL: func.func @with_dict
// CHECK:      qnn.relu {{.+}} {name = "r", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-LABEL: func.func @without_dict
// CHECK:      qnn.relu {{.+}} {name = "r"} :
func.func @with_dict(%x: tensor<4xf32>) -> tensor<4xf32> attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm>}} {
  %0 = qnn.relu %x {name = "r"} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @without_dict(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x {name = "r"} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
