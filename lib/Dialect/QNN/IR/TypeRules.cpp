//===- TypeRules.cpp - shape and quantized-type rules -----------*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/TypeRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

quant::QuantizedType mlir::qnn::getQuantizedElementType(Type type) {
  if (auto shaped = llvm::dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  return llvm::dyn_cast<quant::QuantizedType>(type);
}

static LogicalResult verifyScaleAndZeroPoint(
    function_ref<InFlightDiagnostic()> emit, quant::QuantizedType qtype,
    double scale, int64_t zeroPoint) {
  if (!(scale > 0.0) || !std::isfinite(scale))
    return emit() << "invalid scale " << scale
                  << ": scales must be positive and finite";
  if (zeroPoint < qtype.getStorageTypeMin() ||
      zeroPoint > qtype.getStorageTypeMax())
    return emit() << "zero point " << zeroPoint << " is outside the storage range ["
                  << qtype.getStorageTypeMin() << ", "
                  << qtype.getStorageTypeMax() << "]";
  return success();
}

LogicalResult
mlir::qnn::verifyQuantizedTensorType(function_ref<InFlightDiagnostic()> emit,
                                     Type type) {
  quant::QuantizedType qtype = getQuantizedElementType(type);
  if (!qtype)
    return success();
  if (auto uniform = llvm::dyn_cast<quant::UniformQuantizedType>(qtype))
    return verifyScaleAndZeroPoint(emit, qtype, uniform.getScale(),
                                   uniform.getZeroPoint());
  auto perAxis = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(qtype);
  if (!perAxis)
    return emit() << "unsupported quantized type " << qtype
                  << ": expected !quant.uniform (per tensor or per axis)";
  for (auto [scale, zp] :
       llvm::zip_equal(perAxis.getScales(), perAxis.getZeroPoints()))
    if (failed(verifyScaleAndZeroPoint(emit, qtype, scale, zp)))
      return failure();
  auto shaped = llvm::dyn_cast<RankedTensorType>(type);
  if (!shaped)
    return emit() << "per-axis quantized type " << qtype
                  << " needs a ranked tensor";
  int64_t axis = perAxis.getQuantizedDimension();
  if (axis < 0 || axis >= shaped.getRank())
    return emit() << "quantization axis " << axis
                  << " is out of range for a tensor of rank "
                  << shaped.getRank();
  int64_t dim = shaped.getDimSize(axis);
  int64_t count = perAxis.getScales().size();
  if (!ShapedType::isDynamic(dim) && dim != count)
    return emit() << "per-axis type has " << count
                  << " scales but dimension " << axis << " has size " << dim;
  return success();
}

LogicalResult mlir::qnn::verifyOperandAndResultQParams(Operation *op) {
  for (OpOperand &operand : op->getOpOperands())
    if (failed(verifyQuantizedTensorType(
            [&] {
              return op->emitOpError()
                     << "operand #" << operand.getOperandNumber() << ": ";
            },
            operand.get().getType())))
      return failure();
  for (OpResult result : op->getResults())
    if (failed(verifyQuantizedTensorType(
            [&] {
              return op->emitOpError()
                     << "result #" << result.getResultNumber() << ": ";
            },
            result.getType())))
      return failure();
  return success();
}

LogicalResult mlir::qnn::verifyActivationPair(Operation *op, Value input,
                                              Value result) {
  bool inQ = isQuantized(input), outQ = isQuantized(result);
  if (inQ != outQ)
    return op->emitOpError() << "input and result must both be float or both "
                                "be quantized, got "
                             << input.getType() << " and " << result.getType();
  for (Value v : {input, result})
    if (llvm::isa_and_nonnull<quant::UniformQuantizedPerAxisType>(
            getQuantizedElementType(v.getType())))
      return op->emitOpError()
             << "activations must be quantized per tensor, got " << v.getType();
  return success();
}

LogicalResult mlir::qnn::verifyWeight(Operation *op, Value input, Value weight,
                                      StringRef what,
                                      std::optional<int32_t> axis,
                                      bool allowDynamic) {
  if (isQuantized(input) && !isQuantized(weight))
    return op->emitOpError() << "a quantized input needs a quantized " << what
                             << ", got " << weight.getType();
  if (!isQuantized(input) && isQuantized(weight) && !allowDynamic)
    return op->emitOpError() << "a float input needs a float " << what
                             << " (this op has no dynamically quantized form), got "
                             << weight.getType();
  auto perAxis = llvm::dyn_cast_or_null<quant::UniformQuantizedPerAxisType>(
      getQuantizedElementType(weight.getType()));
  if (perAxis && axis && perAxis.getQuantizedDimension() != *axis)
    return op->emitOpError()
           << what << " must be quantized per tensor or along axis " << *axis
           << ", got axis " << perAxis.getQuantizedDimension();
  return success();
}

std::string mlir::qnn::formatShape(ArrayRef<int64_t> shape) {
  std::string str;
  llvm::raw_string_ostream os(str);
  os << '[';
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << '?';
    else
      os << d;
  });
  os << ']';
  return str;
}

LogicalResult mlir::qnn::verifyRank(Operation *op, Value value, int64_t rank,
                                    StringRef what) {
  auto type = llvm::cast<ShapedType>(value.getType());
  if (type.getRank() != rank)
    return op->emitOpError() << "expects " << what << " of rank " << rank
                             << ", got " << formatShape(type.getShape());
  return success();
}

LogicalResult mlir::qnn::verifyShape(Operation *op, Value value,
                                     ArrayRef<int64_t> expected,
                                     StringRef what) {
  ArrayRef<int64_t> shape = llvm::cast<ShapedType>(value.getType()).getShape();
  bool ok = shape.size() == expected.size();
  for (size_t i = 0; ok && i < shape.size(); ++i)
    ok = ShapedType::isDynamic(shape[i]) ||
         ShapedType::isDynamic(expected[i]) || shape[i] == expected[i];
  if (!ok)
    return op->emitOpError() << what << " has shape " << formatShape(shape)
                             << ", expected " << formatShape(expected);
  return success();
}

LogicalResult mlir::qnn::verifyOptionalShape(Operation *op, Value value,
                                             ArrayRef<int64_t> expected,
                                             StringRef what) {
  return value ? verifyShape(op, value, expected, what) : success();
}

FailureOr<int64_t> mlir::qnn::normalizeDim(Operation *op, int64_t dim,
                                           int64_t rank, StringRef what) {
  if (dim < -rank || dim >= rank)
    return op->emitOpError() << what << " " << dim
                             << " is out of range for rank " << rank;
  return dim < 0 ? dim + rank : dim;
}

int64_t mlir::qnn::productOfDims(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t d : dims) {
    if (ShapedType::isDynamic(d))
      return ShapedType::kDynamic;
    product *= d;
  }
  return product;
}
