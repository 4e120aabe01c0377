//===- LinearOps.cpp - linear op verifier -----------------------*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

LogicalResult LinearOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())) ||
      failed(verifyWeight(*this, getInput(), getWeight(), "weight", 0,
                          /*allowDynamic=*/true)) ||
      failed(verifyRank(*this, getWeight(), 2,
                        "a weight (out_features x in_features)")))
    return failure();
  auto inType = llvm::cast<ShapedType>(getInput().getType());
  if (inType.getRank() < 1)
    return emitOpError("expects an input of rank >= 1");
  ArrayRef<int64_t> w = llvm::cast<ShapedType>(getWeight().getType()).getShape();
  int64_t inFeatures = inType.getShape().back();
  if (!ShapedType::isDynamic(inFeatures) && !ShapedType::isDynamic(w[1]) &&
      inFeatures != w[1])
    return emitOpError() << "input has " << inFeatures
                         << " features but the weight " << formatShape(w)
                         << " expects " << w[1];
  if (failed(verifyOptionalShape(*this, getBias(), {w[0]}, "bias")))
    return failure();
  SmallVector<int64_t> expected(inType.getShape());
  expected.back() = w[0];
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult LinearBnOp::verify() {
  if (failed(verifyRank(*this, getInput(), 2,
                        "an input (N x in_features): BatchNorm1d normalizes "
                        "dimension 1")) ||
      failed(verifyRank(*this, getWeight(), 2,
                        "a weight (out_features x in_features)")))
    return failure();
  ArrayRef<int64_t> x = llvm::cast<ShapedType>(getInput().getType()).getShape();
  ArrayRef<int64_t> w =
      llvm::cast<ShapedType>(getWeight().getType()).getShape();
  if (!ShapedType::isDynamic(x[1]) && !ShapedType::isDynamic(w[1]) &&
      x[1] != w[1])
    return emitOpError() << "input has " << x[1] << " features but the weight "
                         << formatShape(w) << " expects " << w[1];
  if (failed(verifyOptionalShape(*this, getBias(), {w[0]}, "bias")) ||
      failed(verifyShape(*this, getResult(), {x[0], w[0]}, "result")))
    return failure();
  return verifyBatchNormOperands(*this, getWeight(), getBnWeight(), getBnBias(),
                                 getRunningMean(), getRunningVar(),
                                 getEps().convertToDouble());
}
