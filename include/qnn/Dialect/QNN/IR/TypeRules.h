//===- TypeRules.h - shape and quantized-type rules -------------*- C++ -*-===//
//
// The checks op verifiers share: qparam validity of `!quant.uniform` types,
// float/quantized agreement between operands and results, and shape
// comparison that tolerates dynamic dimensions.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_TYPERULES_H
#define QNN_DIALECT_QNN_IR_TYPERULES_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"

namespace mlir::qnn {

/// The quantized element type of `type` (a tensor or scalar), or null.
quant::QuantizedType getQuantizedElementType(Type type);
inline bool isQuantized(Type type) {
  return static_cast<bool>(getQuantizedElementType(type));
}
inline bool isQuantized(Value value) { return isQuantized(value.getType()); }

/// Checks the qparams of a quantized tensor type: finite positive scales,
/// zero points inside the storage range, and for per-axis types an axis
/// inside the rank whose (static) size equals the number of scales. `emit`
/// produces the diagnostic to attach the message to.
LogicalResult verifyQuantizedTensorType(function_ref<InFlightDiagnostic()> emit,
                                        Type type);

/// Runs verifyQuantizedTensorType on every operand and result of `op`.
LogicalResult verifyOperandAndResultQParams(Operation *op);

/// `input` and `result` are both float or both quantized; quantized
/// activations are quantized per tensor.
LogicalResult verifyActivationPair(Operation *op, Value input, Value result);

/// A quantized activation needs a quantized weight (static quantization). A
/// float activation needs a float weight, unless `allowDynamic` says the op
/// has a dynamically quantized form (float activations, quantized weight).
/// Per-axis weights must be quantized along `axis` when it is given.
LogicalResult verifyWeight(Operation *op, Value input, Value weight,
                           StringRef what, std::optional<int32_t> axis,
                           bool allowDynamic = false);

/// Largest dimension size shape arithmetic accepts (2^48): results beyond
/// it are rejected instead of wrapping around.
constexpr int64_t kMaxDimSize = int64_t(1) << 48;

/// Formats a shape like [1, 3, ?, 4].
std::string formatShape(ArrayRef<int64_t> shape);

/// `value` has rank `rank`.
LogicalResult verifyRank(Operation *op, Value value, int64_t rank,
                         StringRef what);

/// `value`'s shape equals `expected`; dynamic dimensions on either side
/// match anything.
LogicalResult verifyShape(Operation *op, Value value,
                          ArrayRef<int64_t> expected, StringRef what);

/// Optional operand variant: succeeds when `value` is null.
LogicalResult verifyOptionalShape(Operation *op, Value value,
                                  ArrayRef<int64_t> expected, StringRef what);

/// The BatchNorm operands of conv_bn / linear_bn: one value per output
/// channel (dim 0 of `weight`), eps >= 0, and a weight fake-quant used by
/// this op only.
LogicalResult verifyBatchNormOperands(Operation *op, Value weight,
                                      Value bnWeight, Value bnBias, Value mean,
                                      Value var, double eps);

/// `dim` normalized against `rank` as PyTorch does for negative dims, or
/// failure with a diagnostic naming `what`.
FailureOr<int64_t> normalizeDim(Operation *op, int64_t dim, int64_t rank,
                                StringRef what);

/// Product of dims, or kDynamic if any is dynamic.
int64_t productOfDims(ArrayRef<int64_t> dims);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_TYPERULES_H
