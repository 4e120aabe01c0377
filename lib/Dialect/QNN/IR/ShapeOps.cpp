//===- ShapeOps.cpp - cat, flatten, reshape, permute, slice ----*- C++ -*-===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

#include <cmath>

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

/// Data-movement ops: the result has the input's element type (the
/// SameQuantParams trait already names differing qparams).
static LogicalResult verifySameElementType(Operation *op, Value input,
                                           Value result) {
  Type in = llvm::cast<ShapedType>(input.getType()).getElementType();
  Type out = llvm::cast<ShapedType>(result.getType()).getElementType();
  if (in != out)
    return op->emitOpError()
           << "result element type " << out << " must equal the input's " << in;
  return success();
}

LogicalResult PermuteOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())) ||
      failed(verifySameElementType(*this, getInput(), getResult())))
    return failure();
  ArrayRef<int64_t> in =
      llvm::cast<ShapedType>(getInput().getType()).getShape();
  int64_t rank = in.size();
  ArrayRef<int64_t> dims = getDims();
  if (static_cast<int64_t>(dims.size()) != rank)
    return emitOpError() << "dims has " << dims.size()
                         << " entries, expected one per input dimension ("
                         << rank << ")";
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> expected;
  for (int64_t dim : dims) {
    FailureOr<int64_t> d = normalizeDim(*this, dim, rank, "dims entry");
    if (failed(d))
      return failure();
    if (seen[*d])
      return emitOpError() << "dims is not a permutation: dimension " << *d
                           << " appears twice";
    seen[*d] = true;
    expected.push_back(in[*d]);
  }
  return verifyShape(*this, getResult(), expected, "result");
}

SmallVector<int64_t> SliceOp::getSteps() {
  if (std::optional<ArrayRef<int64_t>> step = getStep())
    return SmallVector<int64_t>(*step);
  return SmallVector<int64_t>(getStart().size(), 1);
}

LogicalResult SliceOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())) ||
      failed(verifySameElementType(*this, getInput(), getResult())))
    return failure();
  ArrayRef<int64_t> in =
      llvm::cast<ShapedType>(getInput().getType()).getShape();
  size_t rank = in.size();
  ArrayRef<int64_t> start = getStart(), end = getEnd();
  SmallVector<int64_t> step = getSteps();
  for (auto [what, size] : {std::pair<StringRef, size_t>{"start", start.size()},
                            {"end", end.size()},
                            {"step", step.size()}})
    if (size != rank)
      return emitOpError() << what << " has " << size
                           << " entries, expected one per input dimension ("
                           << rank << ")";
  SmallVector<int64_t> expected;
  for (size_t d = 0; d < rank; ++d) {
    if (step[d] < 1)
      return emitOpError() << "step " << step[d] << " of dimension " << d
                           << " must be at least 1";
    int64_t limit = ShapedType::isDynamic(in[d]) ? kMaxDimSize : in[d];
    if (start[d] < 0 || start[d] > end[d] || end[d] > limit)
      return emitOpError() << "slice [" << start[d] << ", " << end[d]
                           << ") of dimension " << d
                           << " is out of bounds: expected 0 <= start <= end "
                              "<= "
                           << (ShapedType::isDynamic(in[d])
                                   ? std::string("the size")
                                   : std::to_string(in[d]));
    int64_t extent = end[d] - start[d];
    expected.push_back(extent == 0 ? 0 : (extent - 1) / step[d] + 1);
  }
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult PadOp::verify() {
  if (failed(verifyActivationPair(*this, getInput(), getResult())) ||
      failed(verifySameElementType(*this, getInput(), getResult())))
    return failure();
  if (std::isnan(getValue().convertToDouble()))
    return emitOpError("value must not be NaN");
  ArrayRef<int64_t> in =
      llvm::cast<ShapedType>(getInput().getType()).getShape();
  ArrayRef<int64_t> pad = getPad();
  int64_t rank = in.size();
  if (pad.size() % 2 != 0)
    return emitOpError() << "pad has " << pad.size()
                         << " entries, expected (before, after) pairs";
  if (static_cast<int64_t>(pad.size()) > 2 * rank)
    return emitOpError() << "pad has " << pad.size()
                         << " entries, more than two per input dimension ("
                         << rank << ")";
  SmallVector<int64_t> expected(in);
  for (size_t i = 0; i < pad.size(); i += 2) {
    if (pad[i] < 0 || pad[i + 1] < 0)
      return emitOpError() << "pad entries must be non-negative, got ("
                           << pad[i] << ", " << pad[i + 1] << ")";
    if (pad[i] > kMaxDimSize || pad[i + 1] > kMaxDimSize)
      return emitOpError() << "pad entry too large";
    int64_t d = rank - 1 - static_cast<int64_t>(i / 2);
    if (!ShapedType::isDynamic(expected[d]))
      expected[d] += pad[i] + pad[i + 1];
  }
  return verifyShape(*this, getResult(), expected, "result");
}
