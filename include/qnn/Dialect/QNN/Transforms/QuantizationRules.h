//===- QuantizationRules.h - which ops PyTorch quantizes how ----*- C++ -*-===//
//
// The tables of torch.ao.quantization eager mode that prepare and convert
// share: which module kinds get an observer and a quantized counterpart,
// which operands are weights, and which ops keep or fix their output qparams.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_QUANTIZATIONRULES_H
#define QNN_DIALECT_QNN_TRANSFORMS_QUANTIZATIONRULES_H

#include "qnn/Dialect/QNN/IR/QNNOps.h"

namespace mlir::qnn {

/// The op's effective qconfig: set and not `none`.
QConfigAttr getActiveQConfig(Operation *op);

/// Ops that static quantization observes and swaps for a quantized module
/// (DEFAULT_STATIC_QUANT_MODULE_MAPPINGS restricted to what add_observer_
/// observes): quant_stub, convolutions, linear, batch_norm 2d/3d, the other
/// norms, elu, hardswish, leaky_relu, relu6 (observed, though its quantized
/// kernel keeps the input's qparams), prelu, and FloatFunctional
/// add/mul/cat/add_relu.
bool isStaticallyQuantizable(Operation *op);

/// Unit attribute the importer puts on qnn.leaky_relu / qnn.cat made from a
/// torch function call (F.leaky_relu, torch.stack) rather than a module:
/// not observed, and a quantized result keeps the input's qparams.
inline constexpr llvm::StringLiteral kFunctionalAttrName = "qnn.functional";

/// Ops whose weight PyTorch quantizes with `qconfig.weight`: the weight
/// operand of conv, conv_transpose, conv_bn, linear and prelu, or null.
OpOperand *getWeightOperand(Operation *op);

/// Ops whose quantized kernel reuses the input's qparams.
inline bool keepsInputQParams(Operation *op) {
  return op->hasTrait<SameQuantParams>();
}

/// Fixed output qparams of sigmoid, hardsigmoid (scale 1/256, zp 0) and
/// tanh (scale 2/256, zp 128) for quint8 inputs (zero points - 128 for
/// qint8), or null for other ops.
quant::QuantizedType getFixedOutputType(Operation *op, Type expressedType,
                                        bool isSigned = false);

/// The output type of an op whose quantized kernel derives its output
/// qparams from its input's: the fixed qparams above, and
/// FloatFunctional.add_scalar/mul_scalar, which torch does not observe
/// (qadd.cpp: `c_q = nearbyint(c / s)`, zero point `z - c_q` or, when that
/// leaves the storage range, the nearest bound with a rescaled scale;
/// qmul.cpp: `(c * s, z)`, `(1, 0)` for 0, `(|c| * s, qmax - (z - qmin))`
/// for negative c). Null for other ops.
quant::QuantizedType getDerivedOutputType(Operation *op,
                                          quant::UniformQuantizedType input);

/// Whether `op`'s quantized output qparams follow from its input's
/// (getDerivedOutputType), so it needs no observer.
bool derivesOutputQParams(Operation *op);

/// Float32 contents of an f32 constant tensor (`dense` or `dense_resource`),
/// or failure.
FailureOr<SmallVector<float>> getConstantFloats(Value v);

/// An embedding or embedding_bag whose qconfig's weight observer is
/// per_channel_affine_float_qparams (`float_qparams_weight_only_qconfig`,
/// or its 4-bit form): convert quantizes its table.
bool quantizesEmbeddingTable(Operation *op);

/// `nnq.Embedding(Bag).from_float`: quantizes the op's f32 constant table
/// row by row (float scale and zero point) into the rowwise storage and
/// per-row scale/bias of qnn.embedding; EmbeddingBag modes become `sum` as
/// torch's converted module computes (a warning). Errors on a non-constant
/// table, include_last_offset, or an odd embedding_dim with quint4x2.
LogicalResult quantizeEmbeddingTable(Operation *op);

/// True if `v` is an activation post-process (observe or fake_quant) result.
bool isPostProcess(Value v);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_QUANTIZATIONRULES_H
