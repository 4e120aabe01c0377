//===- EmbeddingOps.cpp - embedding verifiers -------------------*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

/// Weight is num_embeddings x embedding_dim (float, or quantized per tensor
/// or along axis 0) and padding_idx lies in [-num_embeddings, num_embeddings).
static LogicalResult verifyTable(Operation *op, Value weight,
                                 std::optional<uint64_t> paddingIdx) {
  if (failed(verifyRank(op, weight, 2,
                        "a weight (num_embeddings x embedding_dim)")))
    return failure();
  auto perAxis = llvm::dyn_cast_or_null<quant::UniformQuantizedPerAxisType>(
      getQuantizedElementType(weight.getType()));
  if (perAxis && perAxis.getQuantizedDimension() != 0)
    return op->emitOpError("a per-axis quantized weight must be quantized "
                           "along axis 0 (one scale per row)");
  int64_t rows = llvm::cast<ShapedType>(weight.getType()).getDimSize(0);
  if (paddingIdx && !ShapedType::isDynamic(rows)) {
    int64_t idx = static_cast<int64_t>(*paddingIdx);
    if (idx < -rows || idx >= rows)
      return op->emitOpError() << "padding_idx " << idx
                               << " must be within num_embeddings (" << rows
                               << ")";
  }
  return success();
}

LogicalResult EmbeddingOp::verify() {
  if (failed(verifyTable(*this, getWeight(), getPaddingIdx())))
    return failure();
  SmallVector<int64_t> expected(
      llvm::cast<ShapedType>(getIndices().getType()).getShape());
  expected.push_back(
      llvm::cast<ShapedType>(getWeight().getType()).getDimSize(1));
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult EmbeddingBagOp::verify() {
  if (failed(verifyTable(*this, getWeight(), getPaddingIdx())))
    return failure();
  auto indices = llvm::cast<ShapedType>(getIndices().getType());
  int64_t bags;
  if (indices.getRank() == 1) {
    if (!getOffsets())
      return emitOpError("1-D indices need offsets");
    if (failed(verifyRank(*this, getOffsets(), 1, "offsets")))
      return failure();
    bags = llvm::cast<ShapedType>(getOffsets().getType()).getDimSize(0);
    if (getIncludeLastOffset() && !ShapedType::isDynamic(bags)) {
      if (bags < 1)
        return emitOpError("include_last_offset needs at least one offset");
      --bags;
    }
  } else if (indices.getRank() == 2) {
    if (getOffsets())
      return emitOpError("2-D indices take no offsets: every row is a bag");
    bags = indices.getDimSize(0);
  } else {
    return emitOpError() << "expects 1-D or 2-D indices, got "
                         << formatShape(indices.getShape());
  }
  if (Value weights = getPerSampleWeights()) {
    if (getMode() != EmbeddingBagMode::sum)
      return emitOpError("per_sample_weights is only supported for mode 'sum'");
    if (failed(verifyShape(*this, weights, indices.getShape(),
                           "per_sample_weights")))
      return failure();
  }
  int64_t dim = llvm::cast<ShapedType>(getWeight().getType()).getDimSize(1);
  return verifyShape(*this, getResult(), {bags, dim}, "result");
}
