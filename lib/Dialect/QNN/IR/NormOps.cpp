//===- NormOps.cpp - normalization op verifiers -----------------*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

/// PyTorch's norms have both affine parameters or neither (`affine` /
/// `elementwise_affine`).
static LogicalResult verifyAffinePair(Operation *op, Value weight, Value bias) {
  if (static_cast<bool>(weight) != static_cast<bool>(bias))
    return op->emitOpError("weight and bias must be given together (affine)");
  return success();
}

/// Checks an N x C x ... input of rank [minRank, maxRank], its per-channel
/// affine parameters, eps, and that the result has the input's shape.
static LogicalResult verifyChannelNorm(Operation *op, Value input,
                                       Value result, Value weight, Value bias,
                                       int64_t minRank, int64_t maxRank,
                                       double eps) {
  if (failed(verifyActivationPair(op, input, result)) ||
      failed(verifyAffinePair(op, weight, bias)))
    return failure();
  auto type = llvm::cast<ShapedType>(input.getType());
  if (type.getRank() < minRank || type.getRank() > maxRank)
    return op->emitOpError() << "expects an input of rank " << minRank
                             << " to " << maxRank << " (N x C x ...), got "
                             << formatShape(type.getShape());
  int64_t channels = type.getDimSize(1);
  if (failed(verifyOptionalShape(op, weight, {channels}, "weight")) ||
      failed(verifyOptionalShape(op, bias, {channels}, "bias")))
    return failure();
  if (eps < 0.0)
    return op->emitOpError() << "eps must be non-negative, got " << eps;
  return verifyShape(op, result, type.getShape(), "result");
}

LogicalResult BatchNormOp::verify() {
  if (failed(verifyChannelNorm(*this, getInput(), getResult(), getWeight(),
                               getBias(), 2, 5,
                               getEps().convertToDouble())))
    return failure();
  int64_t channels =
      llvm::cast<ShapedType>(getInput().getType()).getDimSize(1);
  if (failed(verifyShape(*this, getRunningMean(), {channels},
                         "running_mean")) ||
      failed(verifyShape(*this, getRunningVar(), {channels}, "running_var")))
    return failure();
  return success();
}

LogicalResult InstanceNormOp::verify() {
  return verifyChannelNorm(*this, getInput(), getResult(), getWeight(),
                           getBias(), 3, 5, getEps().convertToDouble());
}

LogicalResult GroupNormOp::verify() {
  if (failed(verifyChannelNorm(*this, getInput(), getResult(), getWeight(),
                               getBias(), 2, 8, getEps().convertToDouble())))
    return failure();
  int64_t groups = static_cast<int64_t>(getNumGroups());
  if (groups <= 0 || groups > kMaxDimSize)
    return emitOpError() << "num_groups must be positive, got " << groups;
  int64_t channels =
      llvm::cast<ShapedType>(getInput().getType()).getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOpError() << "num_channels (" << channels
                         << ") must be divisible by num_groups (" << groups
                         << ")";
  return success();
}

LogicalResult LayerNormOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())) ||
      failed(verifyAffinePair(*this, getWeight(), getBias())))
    return failure();
  ArrayRef<int64_t> normalized = getNormalizedShape();
  auto type = llvm::cast<ShapedType>(getInput().getType());
  if (normalized.empty())
    return emitOpError("normalized_shape must not be empty");
  for (int64_t d : normalized)
    if (d <= 0)
      return emitOpError() << "normalized_shape must be positive, got "
                           << formatShape(normalized);
  ArrayRef<int64_t> shape = type.getShape();
  bool ok = shape.size() >= normalized.size();
  for (size_t i = 0; ok && i < normalized.size(); ++i) {
    int64_t d = shape[shape.size() - normalized.size() + i];
    ok = ShapedType::isDynamic(d) || d == normalized[i];
  }
  if (!ok)
    return emitOpError() << "input of shape " << formatShape(shape)
                         << " does not end with normalized_shape "
                         << formatShape(normalized);
  if (failed(verifyOptionalShape(*this, getWeight(), normalized, "weight")) ||
      failed(verifyOptionalShape(*this, getBias(), normalized, "bias")))
    return failure();
  if (getEps().convertToDouble() < 0.0)
    return emitOpError("eps must be non-negative");
  return verifyShape(*this, getResult(), shape, "result");
}
