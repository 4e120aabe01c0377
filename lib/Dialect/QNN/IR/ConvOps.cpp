//===- ConvOps.cpp - convolution op verifiers -------------------*- C++ -*-===//
//
// conv{1,2,3}d, conv_transpose{1,2,3}d and conv_bn{1,2,3}d share one
// verifier that applies PyTorch's shape rules (_ConvNd / F.conv*).
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {
struct ConvGeometry {
  int64_t rank;
  bool transposed;
  ArrayRef<int64_t> stride, padding, dilation, outputPadding;
  int64_t groups;
};
} // namespace

static LogicalResult verifyAttrLength(Operation *op, StringRef name,
                                      ArrayRef<int64_t> values, int64_t rank,
                                      int64_t minValue) {
  if (static_cast<int64_t>(values.size()) != rank)
    return op->emitOpError() << "expects `" << name << "` to have " << rank
                             << " value(s), got " << values.size();
  for (int64_t v : values)
    if (v < minValue)
      return op->emitOpError() << "`" << name << "` values must be >= "
                               << minValue << ", got " << formatShape(values);
  return success();
}

/// Returns the channel count C_out of a verified convolution.
static LogicalResult verifyConv(Operation *op, Value input, Value weight,
                                Value bias, Value result,
                                const ConvGeometry &g) {
  if (failed(verifyActivationPair(op, input, result)) ||
      failed(verifyWeight(op, input, weight, "weight",
                          g.transposed ? std::nullopt
                                       : std::optional<int32_t>(0))) ||
      failed(verifyRank(op, input, g.rank + 2,
                        "an input (N x C_in x spatial)")) ||
      failed(verifyRank(op, weight, g.rank + 2, "a weight")) ||
      failed(verifyAttrLength(op, "stride", g.stride, g.rank, 1)) ||
      failed(verifyAttrLength(op, "padding", g.padding, g.rank, 0)) ||
      failed(verifyAttrLength(op, "dilation", g.dilation, g.rank, 1)))
    return failure();
  if (g.transposed) {
    if (failed(verifyAttrLength(op, "output_padding", g.outputPadding, g.rank,
                                0)))
      return failure();
    for (int64_t i = 0; i < g.rank; ++i)
      if (g.outputPadding[i] >= std::max(g.stride[i], g.dilation[i]))
        return op->emitOpError()
               << "output padding must be smaller than either stride or "
                  "dilation, got output_padding "
               << formatShape(g.outputPadding) << ", stride "
               << formatShape(g.stride) << ", dilation "
               << formatShape(g.dilation);
  }
  if (g.groups <= 0 || g.groups > kMaxDimSize)
    return op->emitOpError() << "groups must be positive, got " << g.groups;

  auto dyn = ShapedType::isDynamic;
  ArrayRef<int64_t> in = llvm::cast<ShapedType>(input.getType()).getShape();
  ArrayRef<int64_t> w = llvm::cast<ShapedType>(weight.getType()).getShape();
  int64_t cin = in[1];
  int64_t cout;
  if (!g.transposed) {
    cout = w[0];
    if (!dyn(cin) && !dyn(w[1]) && cin != w[1] * g.groups)
      return op->emitOpError()
             << "given groups=" << g.groups << ", weight of size "
             << formatShape(w) << " expects an input with " << w[1] * g.groups
             << " channels, but got " << cin << " channels";
    if (!dyn(cout) && cout % g.groups != 0)
      return op->emitOpError() << "out_channels (" << cout
                               << ") must be divisible by groups (" << g.groups
                               << ")";
  } else {
    if (!dyn(cin) && !dyn(w[0]) && cin != w[0])
      return op->emitOpError()
             << "weight of size " << formatShape(w) << " expects an input with "
             << w[0] << " channels, but got " << cin << " channels";
    cout = dyn(w[1]) ? ShapedType::kDynamic : w[1] * g.groups;
  }
  if (!dyn(cin) && cin % g.groups != 0)
    return op->emitOpError() << "in_channels (" << cin
                             << ") must be divisible by groups (" << g.groups
                             << ")";
  if (failed(verifyOptionalShape(op, bias, {cout}, "bias")))
    return failure();

  SmallVector<int64_t> expected = {in[0], cout};
  for (int64_t i = 0; i < g.rank; ++i) {
    int64_t size = in[i + 2], k = w[i + 2];
    if (!dyn(k) && k <= 0)
      return op->emitOpError() << "kernel sizes must be positive, got weight "
                               << formatShape(w);
    if (dyn(size) || dyn(k)) {
      expected.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t s = g.stride[i], p = g.padding[i], d = g.dilation[i];
    // 128-bit so that absurd attribute values cannot wrap around.
    __int128 out;
    if (g.transposed) {
      out = (__int128)(size - 1) * s - (__int128)2 * p + (__int128)d * (k - 1) +
            g.outputPadding[i] + 1;
    } else {
      __int128 span = (__int128)size + (__int128)2 * p - (__int128)d * (k - 1) - 1;
      out = span < 0 ? 0 : span / s + 1;
    }
    if (out > kMaxDimSize)
      return op->emitOpError()
             << "calculated output size along spatial dimension " << i
             << " is too large";
    if (out < 1)
      return op->emitOpError()
             << "calculated output size along spatial dimension " << i
             << " is " << static_cast<int64_t>(out) << ": the input " << formatShape(in)
             << " is too small for kernel " << formatShape(w.drop_front(2))
             << " with this padding and dilation";
    expected.push_back(static_cast<int64_t>(out));
  }
  return verifyShape(op, result, expected, "result");
}

template <typename OpTy>
static LogicalResult verifyForwardConv(OpTy op, int64_t rank) {
  return verifyConv(op, op.getInput(), op.getWeight(), op.getBias(),
                    op.getResult(),
                    {rank, false, op.getStride(), op.getPadding(),
                     op.getDilation(), {}, static_cast<int64_t>(op.getGroups())});
}

template <typename OpTy>
static LogicalResult verifyTransposedConv(OpTy op, int64_t rank) {
  return verifyConv(op, op.getInput(), op.getWeight(), op.getBias(),
                    op.getResult(),
                    {rank, true, op.getStride(), op.getPadding(),
                     op.getDilation(), op.getOutputPadding(),
                     static_cast<int64_t>(op.getGroups())});
}

LogicalResult mlir::qnn::verifyBatchNormOperands(Operation *op, Value weight,
                                                 Value bnWeight, Value bnBias,
                                                 Value mean, Value var,
                                                 double eps) {
  int64_t cout = llvm::cast<ShapedType>(weight.getType()).getDimSize(0);
  if (failed(verifyShape(op, bnWeight, {cout}, "bn_weight")) ||
      failed(verifyShape(op, bnBias, {cout}, "bn_bias")) ||
      failed(verifyShape(op, mean, {cout}, "running_mean")) ||
      failed(verifyShape(op, var, {cout}, "running_var")))
    return failure();
  if (eps < 0.0)
    return op->emitOpError("eps must be non-negative");
  // The weight fake-quant applies to the BN-scaled weight, which only this
  // op sees: another user would read the raw weight fake-quantized with the
  // scaled weight's qparams.
  if (auto fq = weight.getDefiningOp<FakeQuantOp>())
    if (!fq.getResult().hasOneUse())
      return op->emitOpError(
          "weight fake-quant applies to the BN-scaled weight and must have "
          "no other user");
  return success();
}

template <typename OpTy>
static LogicalResult verifyConvBn(OpTy op, int64_t rank) {
  if (failed(verifyForwardConv(op, rank)))
    return failure();
  return verifyBatchNormOperands(op, op.getWeight(), op.getBnWeight(),
                                 op.getBnBias(), op.getRunningMean(),
                                 op.getRunningVar(),
                                 op.getEps().convertToDouble());
}

LogicalResult Conv1dOp::verify() { return verifyForwardConv(*this, 1); }
LogicalResult Conv2dOp::verify() { return verifyForwardConv(*this, 2); }
LogicalResult Conv3dOp::verify() { return verifyForwardConv(*this, 3); }
LogicalResult ConvTranspose1dOp::verify() {
  return verifyTransposedConv(*this, 1);
}
LogicalResult ConvTranspose2dOp::verify() {
  return verifyTransposedConv(*this, 2);
}
LogicalResult ConvTranspose3dOp::verify() {
  return verifyTransposedConv(*this, 3);
}
LogicalResult ConvBn1dOp::verify() { return verifyConvBn(*this, 1); }
LogicalResult ConvBn2dOp::verify() { return verifyConvBn(*this, 2); }
LogicalResult ConvBn3dOp::verify() { return verifyConvBn(*this, 3); }
