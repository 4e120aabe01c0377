//===- PoolOps.cpp - pooling and resizing verifiers -------------*- C++ -*-===//
//
// Output sizes follow ATen's pooling_output_shape and interpolate's
// floor(size * scale_factor).
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

/// N x C x <spatial> (or C x <spatial>) input with a result of the same
/// kind; `spatialRank` is 2 (H x W) or 3 (D x H x W).
static LogicalResult verifySpatialInput(Operation *op, Value input,
                                        Value result, int64_t spatialRank = 2) {
  if (failed(verifyActivationPair(op, input, result)))
    return failure();
  auto type = llvm::cast<ShapedType>(input.getType());
  if (type.getRank() != spatialRank + 1 && type.getRank() != spatialRank + 2)
    return op->emitOpError()
           << "expects a " << spatialRank + 1 << "-D or " << spatialRank + 2
           << "-D input (N x C x " << (spatialRank == 3 ? "D x " : "")
           << "H x W), got " << formatShape(type.getShape());
  return success();
}

static LogicalResult verifyPair(Operation *op, StringRef name,
                                ArrayRef<int64_t> values, int64_t minValue,
                                size_t count = 2) {
  if (values.size() != count)
    return op->emitOpError() << "expects `" << name << "` to have " << count
                             << " values, got " << values.size();
  for (int64_t v : values)
    if (v < minValue)
      return op->emitOpError() << "`" << name << "` values must be >= "
                               << minValue << ", got " << formatShape(values);
  return success();
}

/// ATen's pooling_output_shape, in 128 bits so that absurd attribute values
/// cannot wrap around.
static __int128 poolingOutputSize(int64_t in, int64_t k, int64_t pad,
                                  int64_t stride, int64_t dilation,
                                  bool ceilMode) {
  __int128 numerator = (__int128)in + (__int128)2 * pad -
                       (__int128)dilation * (k - 1) - 1 +
                       (ceilMode ? stride - 1 : 0);
  // Division rounding toward negative infinity.
  __int128 q = numerator / stride;
  if ((numerator % stride != 0) && ((numerator < 0) != (stride < 0)))
    --q;
  __int128 out = q + 1;
  if (ceilMode && (out - 1) * stride >= (__int128)in + pad)
    --out;
  return out;
}

/// Checks the window attributes and the result shape of a 2-D or 3-D
/// (`rank`) pooling op.
static LogicalResult verifyPool(Operation *op, Value input, Value result,
                                ArrayRef<int64_t> kernel,
                                std::optional<ArrayRef<int64_t>> strideAttr,
                                ArrayRef<int64_t> padding,
                                ArrayRef<int64_t> dilation, bool ceilMode,
                                int64_t rank = 2) {
  if (failed(verifySpatialInput(op, input, result, rank)) ||
      failed(verifyPair(op, "kernel_size", kernel, 1, rank)) ||
      failed(verifyPair(op, "padding", padding, 0, rank)) ||
      failed(verifyPair(op, "dilation", dilation, 1, rank)))
    return failure();
  ArrayRef<int64_t> stride = strideAttr ? *strideAttr : kernel;
  if (failed(verifyPair(op, "stride", stride, 1, rank)))
    return failure();
  ArrayRef<int64_t> in = llvm::cast<ShapedType>(input.getType()).getShape();
  SmallVector<int64_t> expected(in.drop_back(rank));
  for (int i = 0; i < rank; ++i) {
    // PyTorch 1.13 checks against the plain (undilated) kernel.
    if (padding[i] > kernel[i] / 2)
      return op->emitOpError()
             << "pad should be at most half of kernel size, got padding "
             << formatShape(padding) << " for kernel " << formatShape(kernel);
    int64_t size = in[in.size() - rank + i];
    if (ShapedType::isDynamic(size)) {
      expected.push_back(ShapedType::kDynamic);
      continue;
    }
    __int128 out = poolingOutputSize(size, kernel[i], padding[i], stride[i],
                                     dilation[i], ceilMode);
    if (out < 1)
      return op->emitOpError() << "output size is too small: input "
                               << formatShape(in) << " gives "
                               << static_cast<int64_t>(out)
                               << " along spatial dimension " << i;
    if (out > kMaxDimSize)
      return op->emitOpError() << "output size along spatial dimension " << i
                               << " is too large";
    expected.push_back(static_cast<int64_t>(out));
  }
  return verifyShape(op, result, expected, "result");
}

LogicalResult MaxPool2dOp::verify() {
  return verifyPool(*this, getInput(), getResult(), getKernelSize(),
                    getStride(), getPadding(), getDilation(), getCeilMode());
}

LogicalResult MaxPool3dOp::verify() {
  return verifyPool(*this, getInput(), getResult(), getKernelSize(),
                    getStride(), getPadding(), getDilation(), getCeilMode(),
                    /*rank=*/3);
}

template <typename AvgPoolOp>
static LogicalResult verifyAvgPool(AvgPoolOp op, int64_t rank) {
  if (std::optional<uint64_t> divisor = op.getDivisorOverride();
      divisor && *divisor == 0)
    return op.emitOpError("divisor must be not zero");
  SmallVector<int64_t> unitDilation(rank, 1);
  return verifyPool(op, op.getInput(), op.getResult(), op.getKernelSize(),
                    op.getStride(), op.getPadding(), unitDilation,
                    op.getCeilMode(), rank);
}

LogicalResult AvgPool2dOp::verify() { return verifyAvgPool(*this, 2); }

LogicalResult AvgPool3dOp::verify() { return verifyAvgPool(*this, 3); }

/// Adaptive pools: any input size gives PyTorch's bins for `output_size`.
static LogicalResult verifyAdaptivePool(Operation *op, Value input,
                                        Value result,
                                        ArrayRef<int64_t> outputSize,
                                        int64_t rank) {
  if (failed(verifySpatialInput(op, input, result, rank)) ||
      failed(verifyPair(op, "output_size", outputSize, 1, rank)))
    return failure();
  ArrayRef<int64_t> in = llvm::cast<ShapedType>(input.getType()).getShape();
  SmallVector<int64_t> expected(in.drop_back(rank));
  llvm::append_range(expected, outputSize);
  return verifyShape(op, result, expected, "result");
}

LogicalResult AdaptiveAvgPool2dOp::verify() {
  return verifyAdaptivePool(*this, getInput(), getResult(), getOutputSize(), 2);
}

LogicalResult AdaptiveAvgPool3dOp::verify() {
  return verifyAdaptivePool(*this, getInput(), getResult(), getOutputSize(), 3);
}

LogicalResult AdaptiveMaxPool2dOp::verify() {
  return verifyAdaptivePool(*this, getInput(), getResult(), getOutputSize(), 2);
}

LogicalResult InterpolateOp::verify() {
  if (failed(verifySpatialInput(*this, getInput(), getResult())))
    return failure();
  std::optional<ArrayRef<int64_t>> size = getSize();
  std::optional<ArrayRef<double>> scale = getScaleFactor();
  if (size.has_value() == scale.has_value())
    return emitOpError("exactly one of size and scale_factor must be given");
  if (getAlignCorners() && getMode() != InterpolateMode::bilinear)
    return emitOpError("align_corners option can only be set with the "
                       "interpolating modes: bilinear");
  // `size` and `scale_factor` have two entries: this is 2-D resizing, whose
  // input PyTorch requires to be N x C x H x W.
  if (llvm::cast<ShapedType>(getInput().getType()).getRank() != 4)
    return emitOpError("expects a 4-D input (N x C x H x W) for 2-D resizing");
  ArrayRef<int64_t> in = llvm::cast<ShapedType>(getInput().getType()).getShape();
  SmallVector<int64_t> expected(in.drop_back(2));
  if (size) {
    if (failed(verifyPair(*this, "size", *size, 1)))
      return failure();
    llvm::append_range(expected, *size);
  } else {
    if (scale->size() != 2)
      return emitOpError() << "expects `scale_factor` to have 2 values, got "
                           << scale->size();
    for (int i = 0; i < 2; ++i) {
      double s = (*scale)[i];
      if (!(s > 0.0) || !std::isfinite(s))
        return emitOpError() << "scale_factor must be positive and finite, "
                                "got "
                             << s;
      int64_t dim = in[in.size() - 2 + i];
      if (ShapedType::isDynamic(dim)) {
        expected.push_back(ShapedType::kDynamic);
        continue;
      }
      double outF = std::floor(dim * s);
      if (outF > static_cast<double>(kMaxDimSize))
        return emitOpError() << "scale_factor " << s
                             << " gives an output that is too large";
      int64_t out = static_cast<int64_t>(outF);
      if (out < 1)
        return emitOpError() << "scale_factor " << s << " gives an empty output";
      expected.push_back(out);
    }
  }
  return verifyShape(*this, getResult(), expected, "result");
}

LogicalResult MeanOp::verify() {
  auto in = llvm::cast<ShapedType>(getInput().getType());
  if (llvm::isa<quant::UniformQuantizedPerAxisType>(in.getElementType()))
    return emitOpError("expects a per-tensor quantized input (torch's "
                       "quantized mean keeps one scale and zero point)");
  int64_t rank = in.getRank();
  ArrayRef<int64_t> dims = getDims();
  if (rank == 0 || dims.empty())
    return emitOpError() << "expects at least one reduced dim of a ranked "
                            "input, got dims "
                         << formatShape(dims) << " of a " << rank
                         << "-D input";
  SmallVector<int64_t> normalized;
  for (int64_t d : dims) {
    FailureOr<int64_t> n = normalizeDim(*this, d, rank, "dims");
    if (failed(n))
      return failure();
    if (llvm::is_contained(normalized, *n))
      return emitOpError() << "dim " << *n << " appears more than once in "
                           << formatShape(dims);
    normalized.push_back(*n);
  }
  int64_t kept = rank - static_cast<int64_t>(dims.size());
  for (int64_t n : normalized)
    if (n < kept)
      return emitOpError()
             << "reduces the innermost dims only (torch's integer kernel): "
                "dims "
             << formatShape(dims) << " of a " << rank
             << "-D input must be the last " << dims.size();
  SmallVector<int64_t> dropped(in.getShape().take_front(kept));
  SmallVector<int64_t> keptOnes = dropped;
  keptOnes.append(dims.size(), 1);
  auto out = llvm::cast<ShapedType>(getResult().getType());
  if (out.getRank() == kept)
    return verifyShape(*this, getResult(), dropped, "result");
  if (out.getRank() == rank)
    return verifyShape(*this, getResult(), keptOnes, "result");
  return emitOpError() << "expects a result of shape " << formatShape(dropped)
                       << " or " << formatShape(keptOnes) << " (keepdim), got "
                       << formatShape(out.getShape());
}
