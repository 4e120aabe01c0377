//===- ElementwiseOps.cpp - activation and arithmetic verifiers -*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

#include "mlir/Dialect/Traits.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

/// Input and result agree in kind (float/quantized) and shape.
static LogicalResult verifyUnary(Operation *op, Value input, Value result) {
  if (failed(verifyActivationPair(op, input, result)))
    return failure();
  return verifyShape(op, result,
                     llvm::cast<ShapedType>(input.getType()).getShape(),
                     "result");
}

LogicalResult ReluOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult Relu6Op::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult HardswishOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult HardsigmoidOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult SigmoidOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult TanhOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult EluOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult LeakyReluOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult AddScalarOp::verify() { return verifyUnary(*this, getInput(), getResult()); }
LogicalResult MulScalarOp::verify() { return verifyUnary(*this, getInput(), getResult()); }

LogicalResult DropoutOp::verify() {
  double p = getP().convertToDouble();
  if (!(p >= 0.0 && p <= 1.0))
    return emitOpError() << "dropout probability has to be between 0 and 1, "
                            "but got "
                         << p;
  return verifyUnary(*this, getInput(), getResult());
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = llvm::cast<ShapedType>(getInput().getType()).getRank();
  if (failed(normalizeDim(*this, getDim(), std::max<int64_t>(rank, 1), "dim")))
    return failure();
  return verifyUnary(*this, getInput(), getResult());
}

LogicalResult PReluOp::verify() {
  if (failed(verifyUnary(*this, getInput(), getResult())) ||
      failed(verifyWeight(*this, getInput(), getWeight(), "weight",
                          std::nullopt)))
    return failure();
  auto in = llvm::cast<ShapedType>(getInput().getType());
  auto w = llvm::cast<ShapedType>(getWeight().getType());
  if (w.getRank() != 1)
    return emitOpError() << "expects a 1-D weight, got "
                         << formatShape(w.getShape());
  int64_t params = w.getDimSize(0);
  int64_t channels = in.getRank() >= 2 ? in.getDimSize(1) : 1;
  if (!ShapedType::isDynamic(params) && params != 1 &&
      !ShapedType::isDynamic(channels) && params != channels)
    return emitOpError() << "mismatch of parameter numbers and input channel "
                            "size: weight has "
                         << params << " values, input has " << channels
                         << " channels";
  return success();
}

/// FloatFunctional binary ops: all float or all quantized, broadcastable.
static LogicalResult verifyBinary(Operation *op, Value lhs, Value rhs,
                                  Value result) {
  if (failed(verifyActivationPair(op, lhs, result)) ||
      failed(verifyActivationPair(op, rhs, result)))
    return failure();
  SmallVector<int64_t> shape;
  auto l = llvm::cast<ShapedType>(lhs.getType());
  auto r = llvm::cast<ShapedType>(rhs.getType());
  if (!OpTrait::util::getBroadcastedShape(l.getShape(), r.getShape(), shape))
    return op->emitOpError() << "operand shapes " << formatShape(l.getShape())
                             << " and " << formatShape(r.getShape())
                             << " are not broadcastable";
  return verifyShape(op, result, shape, "result");
}

LogicalResult AddOp::verify() {
  return verifyBinary(*this, getLhs(), getRhs(), getResult());
}
LogicalResult MulOp::verify() {
  return verifyBinary(*this, getLhs(), getRhs(), getResult());
}
LogicalResult AddReluOp::verify() {
  return verifyBinary(*this, getLhs(), getRhs(), getResult());
}

LogicalResult HardtanhOp::verify() {
  double lo = getMinVal().convertToDouble();
  double hi = getMaxVal().convertToDouble();
  if (std::isnan(lo) || std::isnan(hi))
    return emitOpError("min_val and max_val must not be NaN");
  if (lo > hi)
    return emitOpError() << "min_val cannot be greater than max_val (" << lo
                         << " > " << hi << ")";
  return verifyUnary(*this, getInput(), getResult());
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError() << "approximate must be \"none\" or \"tanh\", got \""
                         << getApproximate() << "\"";
  return verifyUnary(*this, getInput(), getResult());
}

LogicalResult SiluOp::verify() {
  return verifyUnary(*this, getInput(), getResult());
}
