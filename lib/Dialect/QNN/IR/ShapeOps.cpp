//===- ShapeOps.cpp - cat, flatten and reshape verifiers --------*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

LogicalResult CatOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  auto first = llvm::cast<ShapedType>(getInputs().front().getType());
  int64_t rank = first.getRank();
  if (rank == 0)
    return emitOpError("zero-dimensional tensors cannot be concatenated");
  FailureOr<int64_t> dim =
      normalizeDim(*this, getDim(), std::max<int64_t>(rank, 1), "dim");
  if (failed(dim))
    return failure();
  SmallVector<int64_t> expected(first.getShape());
  expected[*dim] = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    if (failed(verifyActivationPair(*this, input, getResult())))
      return failure();
    auto type = llvm::cast<ShapedType>(input.getType());
    if (type.getRank() != rank)
      return emitOpError() << "input #" << i << " has rank " << type.getRank()
                           << ", expected " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = type.getDimSize(d);
      if (d == *dim) {
        expected[d] = ShapedType::isDynamic(size) ||
                              ShapedType::isDynamic(expected[d])
                          ? ShapedType::kDynamic
                          : expected[d] + size;
        continue;
      }
      if (ShapedType::isDynamic(expected[d])) {
        expected[d] = size;
      } else if (!ShapedType::isDynamic(size) && size != expected[d]) {
        return emitOpError() << "sizes of tensors must match except in "
                                "dimension "
                             << *dim << ": input #" << i << " has shape "
                             << formatShape(type.getShape());
      }
    }
  }
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult FlattenOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())))
    return failure();
  ArrayRef<int64_t> in = llvm::cast<ShapedType>(getInput().getType()).getShape();
  int64_t rank = std::max<int64_t>(in.size(), 1);
  FailureOr<int64_t> start = normalizeDim(
      *this, static_cast<int64_t>(getStartDim()), rank, "start_dim");
  FailureOr<int64_t> end =
      normalizeDim(*this, static_cast<int64_t>(getEndDim()), rank, "end_dim");
  if (failed(start) || failed(end))
    return failure();
  if (*start > *end)
    return emitOpError("start_dim cannot come after end_dim");
  if (in.empty())
    return verifyShape(*this, getResult(), {1}, "result");
  SmallVector<int64_t> expected(in.take_front(*start));
  expected.push_back(productOfDims(in.slice(*start, *end - *start + 1)));
  llvm::append_range(expected, in.drop_front(*end + 1));
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())))
    return failure();
  auto in = llvm::cast<ShapedType>(getInput().getType());
  auto out = llvm::cast<ShapedType>(getResult().getType());
  int64_t a = productOfDims(in.getShape()), b = productOfDims(out.getShape());
  if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
    return emitOpError() << "shape " << formatShape(out.getShape())
                         << " is invalid for input of size " << a;
  return success();
}
