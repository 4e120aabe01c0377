//===- QNNOps.cpp - qnn operations ------------------------------*- C++ -*-===//
//
// Generated op definitions, the dialect-wide traits, and the verifiers of the
// workflow ops (stubs, observers, fake-quant, (de/re)quantize, qconstant).
// Module op verifiers live in one file per op family.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"

LogicalResult mlir::qnn::detail::verifyValidQParams(Operation *op) {
  return verifyOperandAndResultQParams(op);
}

LogicalResult mlir::qnn::detail::verifySameQuantParams(Operation *op) {
  Type in = op->getOperand(0).getType(), out = op->getResult(0).getType();
  quant::QuantizedType qin = getQuantizedElementType(in);
  quant::QuantizedType qout = getQuantizedElementType(out);
  if (qin && qout && qin != qout)
    return op->emitOpError()
           << "result must keep the input's quantization parameters " << qin
           << " (PyTorch's kernel does not requantize here), got " << qout
           << "; use qnn.requantize to change them";
  return success();
}

//===----------------------------------------------------------------------===//
// Stubs
//===----------------------------------------------------------------------===//

static LogicalResult verifySameShape(Operation *op, Value input,
                                     Value result) {
  return verifyShape(op, result,
                     llvm::cast<ShapedType>(input.getType()).getShape(),
                     "result");
}

LogicalResult QuantStubOp::verify() {
  return verifySameShape(*this, getInput(), getResult());
}

LogicalResult DeQuantStubOp::verify() {
  return verifySameShape(*this, getInput(), getResult());
}

//===----------------------------------------------------------------------===//
// Observers and fake-quant
//===----------------------------------------------------------------------===//

/// Number of statistics entries the observer keeps for `type`: 1 for
/// per-tensor observers, the size of `ch_axis` for per-channel ones
/// (kDynamic if that size is dynamic).
static FailureOr<int64_t> statisticsCount(Operation *op, ObserverAttr observer,
                                          RankedTensorType type) {
  if (!observer.isPerChannel())
    return 1;
  FailureOr<int64_t> axis =
      normalizeDim(op, observer.getChAxis(), type.getRank(), "ch_axis");
  if (failed(axis))
    return failure();
  return type.getDimSize(*axis);
}

/// Checks min_val/max_val against the observer and the observed type.
static LogicalResult verifyMinMax(Operation *op, ObserverAttr observer,
                                  RankedTensorType type,
                                  std::optional<ArrayRef<float>> minVal,
                                  std::optional<ArrayRef<float>> maxVal) {
  FailureOr<int64_t> count = statisticsCount(op, observer, type);
  if (failed(count))
    return failure();
  if (minVal.has_value() != maxVal.has_value())
    return op->emitOpError("min_val and max_val must be given together");
  if (!minVal)
    return success();
  if (!observer.recordsStatistics())
    return op->emitOpError() << "observer '"
                             << stringifyObserverKind(observer.getKind())
                             << "' records no statistics";
  if (minVal->size() != maxVal->size())
    return op->emitOpError() << "min_val has " << minVal->size()
                             << " values but max_val has " << maxVal->size();
  if (!ShapedType::isDynamic(*count) &&
      static_cast<int64_t>(minVal->size()) != *count)
    return op->emitOpError()
           << "expects " << *count << " statistics value(s) for a "
           << (observer.isPerChannel() ? "per-channel" : "per-tensor")
           << " observer of " << type << ", got " << minVal->size();
  for (auto [lo, hi] : llvm::zip_equal(*minVal, *maxVal)) {
    if (std::isnan(lo) || std::isnan(hi))
      return op->emitOpError("statistics must not be NaN");
    if (lo > hi)
      return op->emitOpError() << "min_val " << lo << " is greater than max_val "
                               << hi;
  }
  return success();
}

LogicalResult ObserveOp::verify() {
  ObserverAttr observer = getObserver();
  if (observer.hasFixedQParams())
    return emitOpError("a fixed-qparams observer belongs on a qnn.fake_quant, "
                       "which holds its scale and zero_point");
  auto type = llvm::cast<RankedTensorType>(getInput().getType());
  if (failed(verifyMinMax(*this, observer, type, getMinVal(), getMaxVal())))
    return failure();
  if (std::optional<ArrayRef<float>> hist = getHistogram()) {
    if (observer.getKind() != ObserverKind::histogram)
      return emitOpError("only a histogram observer has a histogram");
    if (!getMinVal())
      return emitOpError("a histogram needs min_val and max_val");
    if (static_cast<int64_t>(hist->size()) != observer.getBins())
      return emitOpError() << "histogram has " << hist->size()
                           << " bins, the observer has " << observer.getBins();
    // Counts are float32 as in PyTorch, whose histogram merging can leave
    // tiny negative rounding residue; only non-finite counts are invalid.
    for (float count : *hist)
      if (!std::isfinite(count))
        return emitOpError("histogram counts must be finite");
  }
  return success();
}

static bool isMovingAverage(ObserverKind kind) {
  return kind == ObserverKind::moving_average_minmax ||
         kind == ObserverKind::moving_average_per_channel_minmax;
}

LogicalResult FakeQuantOp::verify() {
  ObserverAttr observer = getObserver();
  if (!observer.recordsStatistics() && !observer.hasFixedQParams())
    return emitOpError() << "fake-quant needs a statistics or fixed-qparams "
                            "observer, got '"
                         << stringifyObserverKind(observer.getKind()) << "'";
  if (getFused() && !isMovingAverage(observer.getKind()))
    return emitOpError() << "a fused fake-quant (FusedMovingAvgObsFakeQuantize) "
                            "needs a moving-average observer, got '"
                         << stringifyObserverKind(observer.getKind()) << "'";
  auto type = llvm::cast<RankedTensorType>(getInput().getType());
  if (failed(verifyMinMax(*this, observer, type, getMinVal(), getMaxVal())))
    return failure();
  std::optional<ArrayRef<float>> scale = getScale();
  std::optional<ArrayRef<int64_t>> zeroPoint = getZeroPoint();
  if (scale.has_value() != zeroPoint.has_value())
    return emitOpError("scale and zero_point must be given together");
  if (!scale && observer.hasFixedQParams())
    return emitOpError("a fixed-qparams fake-quant needs its scale and "
                       "zero_point");
  if (!scale)
    return success();
  FailureOr<int64_t> count = statisticsCount(*this, observer, type);
  if (failed(count))
    return failure();
  if (scale->size() != zeroPoint->size() ||
      (!ShapedType::isDynamic(*count) &&
       static_cast<int64_t>(scale->size()) != *count))
    return emitOpError() << "expects " << *count
                         << " scale and zero_point value(s), got "
                         << scale->size() << " and " << zeroPoint->size();
  auto [qmin, qmax] = observer.getQuantRange();
  for (auto [s, zp] : llvm::zip_equal(*scale, *zeroPoint)) {
    if (!(s > 0.0f) || !std::isfinite(s))
      return emitOpError() << "invalid scale " << s
                           << ": scales must be positive and finite";
    if (zp < qmin || zp > qmax)
      return emitOpError() << "zero point " << zp << " is outside [" << qmin
                           << ", " << qmax << "]";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// quantize / dequantize / requantize / qconstant
//===----------------------------------------------------------------------===//

static LogicalResult verifyExpressedType(Operation *op, Type floatType,
                                         Type quantType) {
  Type expressed = getQuantizedElementType(quantType).getExpressedType();
  Type elem = llvm::cast<ShapedType>(floatType).getElementType();
  if (expressed != elem)
    return op->emitOpError() << "quantized type expresses " << expressed
                             << " but the float type is " << elem;
  return success();
}

LogicalResult QuantizeOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())))
    return failure();
  return verifyExpressedType(*this, getInput().getType(), getResult().getType());
}

LogicalResult DequantizeOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())))
    return failure();
  return verifyExpressedType(*this, getResult().getType(), getInput().getType());
}

LogicalResult RequantizeOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())))
    return failure();
  Type in = getQuantizedElementType(getInput().getType()).getExpressedType();
  Type out = getQuantizedElementType(getResult().getType()).getExpressedType();
  if (in != out)
    return emitOpError() << "input expresses " << in << " but result expresses "
                         << out;
  return success();
}

LogicalResult QConstantOp::verify() {
  auto valueType = llvm::dyn_cast<ShapedType>(getValue().getType());
  auto resultType = llvm::cast<RankedTensorType>(getResult().getType());
  quant::QuantizedType qtype = getQuantizedElementType(resultType);
  if (!valueType)
    return emitOpError("value must be a shaped elements attribute");
  auto storage = llvm::dyn_cast<IntegerType>(valueType.getElementType());
  if (!storage || storage.getWidth() != qtype.getStorageTypeIntegralWidth())
    return emitOpError() << "value element type " << valueType.getElementType()
                         << " must be an integer of the storage width "
                         << qtype.getStorageTypeIntegralWidth();
  if (valueType.getShape() != resultType.getShape())
    return emitOpError() << "value shape " << formatShape(valueType.getShape())
                         << " does not match the result shape "
                         << formatShape(resultType.getShape());
  if (auto dense = llvm::dyn_cast<DenseIntElementsAttr>(getValue())) {
    for (const APInt &v : dense.getValues<APInt>()) {
      int64_t x = qtype.isSigned() ? v.getSExtValue()
                                   : static_cast<int64_t>(v.getZExtValue());
      if (x < qtype.getStorageTypeMin() || x > qtype.getStorageTypeMax())
        return emitOpError() << "value " << x << " is outside the storage range ["
                             << qtype.getStorageTypeMin() << ", "
                             << qtype.getStorageTypeMax() << "]";
    }
  }
  return success();
}
