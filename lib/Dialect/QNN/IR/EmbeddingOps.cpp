//===- EmbeddingOps.cpp - embedding verifiers -------------------*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

/// A rowwise table (`rowwise(scale, bias)`, see qnn.embedding): i8 storage
/// of `rows` rows, `bits` 8 (f32 scale/bias, embedding_dim bytes a row) or
/// 4 (f16 scale/bias, ceil(embedding_dim / 2) bytes a row).
static LogicalResult verifyRowwise(Operation *op, Value weight, Value scale,
                                   Value bias, std::optional<uint64_t> bits,
                                   int64_t dim) {
  auto table = llvm::cast<ShapedType>(weight.getType());
  bool storage = table.getElementType().isInteger(8);
  if (!scale) {
    if (storage)
      return op->emitOpError("an i8 weight is the storage of a rowwise "
                             "quantized table and needs rowwise(scale, bias)");
    if (bits)
      return op->emitOpError("bits is only valid with rowwise(scale, bias)");
    return success();
  }
  if (!storage)
    return op->emitOpError() << "rowwise(scale, bias) needs the table's i8 "
                                "storage as weight, got "
                             << table;
  int64_t b = bits ? static_cast<int64_t>(*bits) : 8;
  if (b != 8 && b != 4)
    return op->emitOpError() << "bits must be 8 (quint8) or 4 (quint4x2), got "
                             << b;
  Type expected = b == 8 ? Type(Float32Type::get(op->getContext()))
                         : Type(Float16Type::get(op->getContext()));
  int64_t rows = table.getDimSize(0);
  for (auto [v, name] : {std::pair(scale, "scale"), std::pair(bias, "bias")}) {
    if (failed(verifyShape(op, v, {rows}, name)))
      return failure();
    if (llvm::cast<ShapedType>(v.getType()).getElementType() != expected)
      return op->emitOpError()
             << "rowwise " << name << " must be " << expected << " for "
             << b << "-bit rows (as torch's prepacked table stores it)";
  }
  if (ShapedType::isDynamic(dim))
    return success();
  int64_t bytes = b == 8 ? dim : (dim + 1) / 2;
  if (table.getDimSize(1) != bytes)
    return op->emitOpError()
           << b << "-bit rows of embedding_dim " << dim << " need " << bytes
           << " bytes, the weight has " << table.getDimSize(1);
  return success();
}

/// Weight is num_embeddings x embedding_dim (float, or quantized per tensor
/// or along axis 0, or a rowwise table's storage) and padding_idx lies in
/// [-num_embeddings, num_embeddings).
static LogicalResult verifyTable(Operation *op, Value weight, Value scale,
                                 Value bias, std::optional<uint64_t> bits,
                                 std::optional<uint64_t> paddingIdx,
                                 int64_t dim) {
  if (failed(verifyRank(op, weight, 2,
                        "a weight (num_embeddings x embedding_dim)")))
    return failure();
  if (failed(verifyRowwise(op, weight, scale, bias, bits, dim)))
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

/// embedding_dim: the weight's columns, or for a rowwise table (whose
/// 4-bit rows pack two columns a byte) the result's last dimension.
static int64_t embeddingDim(Value weight, Value scale, Value result) {
  if (scale) {
    ArrayRef<int64_t> shape = llvm::cast<ShapedType>(result.getType()).getShape();
    return shape.empty() ? ShapedType::kDynamic : shape.back();
  }
  return llvm::cast<ShapedType>(weight.getType()).getDimSize(1);
}

LogicalResult EmbeddingOp::verify() {
  if (failed(verifyRank(*this, getWeight(), 2,
                        "a weight (num_embeddings x embedding_dim)")))
    return failure();
  auto indices = llvm::cast<ShapedType>(getIndices().getType());
  if (getRowScale() &&
      llvm::cast<ShapedType>(getType()).getRank() != indices.getRank() + 1)
    return emitOpError() << "result must have rank " << indices.getRank() + 1
                         << " (indices.shape x embedding_dim)";
  int64_t dim = embeddingDim(getWeight(), getRowScale(), getResult());
  if (failed(verifyTable(*this, getWeight(), getRowScale(), getRowBias(),
                         getBits(), getPaddingIdx(), dim)))
    return failure();
  SmallVector<int64_t> expected(indices.getShape());
  expected.push_back(dim);
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult EmbeddingBagOp::verify() {
  if (failed(verifyRank(*this, getWeight(), 2,
                        "a weight (num_embeddings x embedding_dim)")))
    return failure();
  int64_t dim = embeddingDim(getWeight(), getRowScale(), getResult());
  if (failed(verifyTable(*this, getWeight(), getRowScale(), getRowBias(),
                         getBits(), getPaddingIdx(), dim)))
    return failure();
  if (getRowScale() && getMode() != EmbeddingBagMode::sum)
    return emitOpError("a rowwise quantized table only supports mode 'sum' "
                       "(torch's quantized embedding_bag kernels always sum)");
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
  return verifyShape(*this, getResult(), {bags, dim}, "result");
}
