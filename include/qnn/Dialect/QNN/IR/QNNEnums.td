//===- QNNEnums.td - qnn enumerations ----------------------*- tablegen -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNENUMS_TD
#define QNN_DIALECT_QNN_IR_QNNENUMS_TD

include "mlir/IR/EnumAttr.td"

// Observer classes of torch.ao.quantization.observer.
def QNN_ObserverKind : I32EnumAttr<"ObserverKind", "PyTorch observer class", [
    I32EnumAttrCase<"minmax", 0>,
    I32EnumAttrCase<"moving_average_minmax", 1>,
    I32EnumAttrCase<"per_channel_minmax", 2>,
    I32EnumAttrCase<"moving_average_per_channel_minmax", 3>,
    I32EnumAttrCase<"histogram", 4>,
    I32EnumAttrCase<"noop", 5>,
    I32EnumAttrCase<"placeholder", 6>,
    I32EnumAttrCase<"fixed_qparams", 7>]> {
  let cppNamespace = "::mlir::qnn";
}

// torch dtypes an observer can target (quint4x2: rowwise embedding tables
// only, with per_channel_affine_float_qparams).
def QNN_QDType : I32EnumAttr<"QDType", "quantized dtype", [
    I32EnumAttrCase<"quint8", 0>,
    I32EnumAttrCase<"qint8", 1>,
    I32EnumAttrCase<"qint32", 2>,
    I32EnumAttrCase<"float16", 3>,
    I32EnumAttrCase<"float32", 4>,
    I32EnumAttrCase<"quint4x2", 5>]> {
  let cppNamespace = "::mlir::qnn";
}

// torch.qscheme values.
def QNN_QScheme : I32EnumAttr<"QScheme", "quantization scheme", [
    I32EnumAttrCase<"per_tensor_affine", 0>,
    I32EnumAttrCase<"per_tensor_symmetric", 1>,
    I32EnumAttrCase<"per_channel_affine", 2>,
    I32EnumAttrCase<"per_channel_symmetric", 3>,
    I32EnumAttrCase<"per_channel_affine_float_qparams", 4>]> {
  let cppNamespace = "::mlir::qnn";
}

def QNN_InterpolateModeEnum : I32EnumAttr<"InterpolateMode",
    "interpolation mode of torch.nn.functional.interpolate", [
    I32EnumAttrCase<"nearest", 0>,
    I32EnumAttrCase<"bilinear", 1>]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_InterpolateModeAttr
    : EnumAttr<QNN_Dialect, QNN_InterpolateModeEnum, "interpolate_mode">;

def QNN_EmbeddingBagModeEnum : I32EnumAttr<"EmbeddingBagMode",
    "reduction of torch.nn.EmbeddingBag", [
    I32EnumAttrCase<"sum", 0>,
    I32EnumAttrCase<"mean", 1>,
    I32EnumAttrCase<"max", 2>]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_EmbeddingBagModeAttr
    : EnumAttr<QNN_Dialect, QNN_EmbeddingBagModeEnum, "embedding_bag_mode">;

def QNN_RNNNonlinearityEnum : I32EnumAttr<"RNNNonlinearity",
    "nonlinearity of torch.nn.RNNCell", [
    I32EnumAttrCase<"tanh", 0>,
    I32EnumAttrCase<"relu", 1>]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_RNNNonlinearityAttr
    : EnumAttr<QNN_Dialect, QNN_RNNNonlinearityEnum, "nonlinearity">;

#endif // QNN_DIALECT_QNN_IR_QNNENUMS_TD
