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
