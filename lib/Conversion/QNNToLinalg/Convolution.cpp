//===- Convolution.cpp - conv and linear to linalg --------------*- C++ -*-===//
//
// Float convolutions map to linalg's NCHW named convolutions. Quantized ones
// subtract the zero points (widening to i32), run the same named op on i32
// (exact int32 accumulation), and requantize in a fused epilogue with
// PyTorch's arithmetic (requantizeAccumulator). Linear is a 1x1 problem over
// the flattened leading dimensions, lowered with linalg.matmul_transpose_b
// semantics via a generic.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

#include <limits>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

Value constantVector(OpBuilder &b, Location loc, ArrayRef<float> values) {
  auto type = RankedTensorType::get({(int64_t)values.size()}, b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}
Value constantVector(OpBuilder &b, Location loc, ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({(int64_t)values.size()}, b.getI32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}

/// `v` widened to i32 minus its zero point(s): per tensor, or per channel
/// along `axis` for per-axis types.
Value centerToI32(OpBuilder &b, Location loc, Value v, Type originalType,
                  int64_t axis) {
  quant::QuantizedType q = getQuantizedElementType(originalType);
  ArrayRef<int64_t> shape = shapeOf(v);
  if (auto u = llvm::dyn_cast<quant::UniformQuantizedType>(q)) {
    int64_t zp = u.getZeroPoint();
    return mapElementwise(b, loc, v, shape, b.getI32Type(),
                          [&](OpBuilder &nb, Location l, ValueRange a) {
                            Value x = extendToI32(nb, l, a[0], u.isSigned());
                            return arith::SubIOp::create(
                                nb, l, x, i32Constant(nb, l, zp));
                          });
  }
  auto p = llvm::cast<quant::UniformQuantizedPerAxisType>(q);
  SmallVector<int32_t> zps(p.getZeroPoints().begin(), p.getZeroPoints().end());
  return mapWithChannelInput(b, loc, v, constantVector(b, loc, zps), axis,
                             shape, b.getI32Type(),
                             [&](OpBuilder &nb, Location l, ValueRange a) {
                               Value x = extendToI32(nb, l, a[0], p.isSigned());
                               return arith::SubIOp::create(nb, l, x, a[1]);
                             });
}

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> values) {
  return DenseIntElementsAttr::get(
      VectorType::get({(int64_t)values.size()}, b.getI64Type()), values);
}

Value expand(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape,
             ArrayRef<ReassociationIndices> reassociation) {
  auto type = RankedTensorType::get(
      shape, llvm::cast<ShapedType>(v.getType()).getElementType());
  return tensor::ExpandShapeOp::create(b, loc, type, v, reassociation);
}

Value collapse(OpBuilder &b, Location loc, Value v,
               ArrayRef<ReassociationIndices> reassociation) {
  return tensor::CollapseShapeOp::create(b, loc, v, reassociation);
}

/// N x C x spatial convolution of `x` (already zero-point-centered for
/// quantized inputs) with `w`, accumulating in `accType`, for 1-3 spatial
/// dims and any groups (3-D grouped convolution excepted).
FailureOr<Value> buildConvolution(OpBuilder &b, Location loc, Operation *op,
                                  Value x, Value w, ArrayRef<int64_t> stride,
                                  ArrayRef<int64_t> padding,
                                  ArrayRef<int64_t> dilation, int64_t groups,
                                  ArrayRef<int64_t> resultShape, Type accType) {
  int64_t rank = stride.size();
  // Zero padding (in the centered domain this is padding with the zero
  // point, as PyTorch's quantized convolutions do).
  SmallVector<int64_t> lowPad(2, 0), highPad(2, 0);
  for (int64_t p : padding) {
    lowPad.push_back(p);
    highPad.push_back(p);
  }
  if (llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(accType));
    SmallVector<int64_t> padded(shapeOf(x));
    for (int64_t i = 0; i < rank; ++i)
      padded[i + 2] += 2 * padding[i];
    auto type = RankedTensorType::get(padded, accType);
    SmallVector<OpFoldResult> lo, hi;
    for (auto [l, h] : llvm::zip(lowPad, highPad)) {
      lo.push_back(b.getIndexAttr(l));
      hi.push_back(b.getIndexAttr(h));
    }
    x = tensor::PadOp::create(b, loc, type, x, lo, hi, zero);
  }
  SmallVector<int64_t> outShape(resultShape);
  SmallVector<int64_t> s(stride), d(dilation);
  bool lifted = rank == 1;
  if (lifted) {
    // Conv1d as Conv2d over a height of 1.
    ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
    x = expand(b, loc, x, {xs[0], xs[1], 1, xs[2]}, {{0}, {1}, {2, 3}});
    w = expand(b, loc, w, {ws[0], ws[1], 1, ws[2]}, {{0}, {1}, {2, 3}});
    outShape = {resultShape[0], resultShape[1], 1, resultShape[2]};
    s.insert(s.begin(), 1);
    d.insert(d.begin(), 1);
    rank = 2;
  }
  Attribute zero = b.getZeroAttr(accType);
  Value result;
  if (groups == 1) {
    Value init = createFilled(b, loc, outShape, zero);
    if (rank == 2)
      result = linalg::Conv2DNchwFchwOp::create(
                   b, loc, TypeRange{init.getType()}, ValueRange{x, w},
                   ValueRange{init}, i64Vector(b, s), i64Vector(b, d))
                   .getResult(0);
    else
      result = linalg::Conv3DNcdhwFcdhwOp::create(
                   b, loc, TypeRange{init.getType()}, ValueRange{x, w},
                   ValueRange{init}, i64Vector(b, s), i64Vector(b, d))
                   .getResult(0);
  } else {
    if (rank == 3) {
      // linalg has no grouped 3-D convolution: one conv3d per group.
      ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
      int64_t cg = xs[1] / groups, fg = ws[0] / groups;
      auto channels = [&](Value t, int64_t start, int64_t count) {
        ArrayRef<int64_t> ts = shapeOf(t);
        SmallVector<OpFoldResult> off(ts.size(), b.getIndexAttr(0)), sz,
            st(ts.size(), b.getIndexAttr(1));
        for (int64_t e : ts)
          sz.push_back(b.getIndexAttr(e));
        off[t == w ? 0 : 1] = b.getIndexAttr(start);
        sz[t == w ? 0 : 1] = b.getIndexAttr(count);
        return tensor::ExtractSliceOp::create(b, loc, t, off, sz, st)
            .getResult();
      };
      SmallVector<Value> parts;
      SmallVector<int64_t> groupShape(outShape);
      groupShape[1] = fg;
      for (int64_t g = 0; g < groups; ++g) {
        Value init = createFilled(b, loc, groupShape, zero);
        parts.push_back(
            linalg::Conv3DNcdhwFcdhwOp::create(
                b, loc, TypeRange{init.getType()},
                ValueRange{channels(x, g * cg, cg), channels(w, g * fg, fg)},
                ValueRange{init}, i64Vector(b, s), i64Vector(b, d))
                .getResult(0));
      }
      return tensor::ConcatOp::create(b, loc, 1, parts).getResult();
    }
    ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
    int64_t g = groups;
    Value xg = expand(b, loc, x, {xs[0], g, xs[1] / g, xs[2], xs[3]},
                      {{0}, {1, 2}, {3}, {4}});
    Value wg = expand(b, loc, w, {g, ws[0] / g, ws[1], ws[2], ws[3]},
                      {{0, 1}, {2}, {3}, {4}});
    SmallVector<int64_t> og = {outShape[0], g, outShape[1] / g, outShape[2],
                               outShape[3]};
    Value init = createFilled(b, loc, og, zero);
    Value conv = linalg::Conv2DNgchwGfchwOp::create(
                     b, loc, TypeRange{init.getType()}, ValueRange{xg, wg},
                     ValueRange{init}, i64Vector(b, s), i64Vector(b, d))
                     .getResult(0);
    result = collapse(b, loc, conv, {{0}, {1, 2}, {3}, {4}});
  }
  if (lifted)
    result = collapse(b, loc, result, {{0}, {1}, {2, 3}});
  return result;
}

/// A transposed convolution as a direct one: the input is dilated by the
/// stride and padded by dilation * (k - 1) - padding (plus output_padding at
/// the end), and the weight is flipped spatially with its two channel
/// dimensions swapped per group.
FailureOr<Value> buildTransposedConvolution(
    OpBuilder &b, Location loc, Operation *op, Value x, Value w,
    ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
    ArrayRef<int64_t> outputPadding, ArrayRef<int64_t> dilation, int64_t groups,
    ArrayRef<int64_t> resultShape, Type accType) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = stride.size();
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  // Dilate by the stride and pad: one zero tensor plus an insert_slice.
  SmallVector<int64_t> padded(xs.begin(), xs.begin() + 2);
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(xs[0]),
                                     b.getIndexAttr(xs[1])};
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
  SmallVector<int64_t> crop;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t k = ws[i + 2];
    int64_t lo = dilation[i] * (k - 1) - padding[i];
    int64_t hi = lo + outputPadding[i];
    int64_t dilated = (xs[i + 2] - 1) * stride[i] + 1;
    // Negative padding crops; pad with zeros first, crop below.
    int64_t loPad = std::max<int64_t>(lo, 0), hiPad = std::max<int64_t>(hi, 0);
    padded.push_back(dilated + loPad + hiPad);
    crop.push_back(std::max<int64_t>(-lo, 0));
    offsets.push_back(b.getIndexAttr(loPad));
    sizes.push_back(b.getIndexAttr(xs[i + 2]));
    strides.push_back(b.getIndexAttr(stride[i]));
  }
  Value canvas = createFilled(b, loc, padded, b.getZeroAttr(accType));
  Value xp =
      tensor::InsertSliceOp::create(b, loc, x, canvas, offsets, sizes, strides);
  if (llvm::any_of(crop, [](int64_t c) { return c != 0; })) {
    SmallVector<OpFoldResult> co = {b.getIndexAttr(0), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> cs = {b.getIndexAttr(padded[0]),
                                    b.getIndexAttr(padded[1])};
    SmallVector<OpFoldResult> one(rank + 2, b.getIndexAttr(1));
    SmallVector<int64_t> cropped(padded.begin(), padded.begin() + 2);
    for (int64_t i = 0; i < rank; ++i) {
      int64_t k = ws[i + 2];
      int64_t lo = dilation[i] * (k - 1) - padding[i];
      int64_t hi = lo + outputPadding[i];
      int64_t size = padded[i + 2] - crop[i] - std::max<int64_t>(-hi, 0);
      co.push_back(b.getIndexAttr(crop[i]));
      cs.push_back(b.getIndexAttr(size));
      cropped.push_back(size);
    }
    xp = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(cropped, accType), xp, co, cs, one);
  }
  // Weight [Cin, Cout/g, k...] -> [Cout, Cin/g, k...], spatially flipped:
  // wt[o, i, k] = w[(o / og) * ig + i, o % og, K - 1 - k].
  int64_t cin = ws[0], og = ws[1], ig = cin / groups;
  SmallVector<int64_t> wtShape = {og * groups, ig};
  SmallVector<AffineExpr> readExprs;
  AffineExpr o = getAffineDimExpr(0, ctx), i = getAffineDimExpr(1, ctx);
  readExprs.push_back(o.floorDiv(og) * ig + i);
  readExprs.push_back(o % og);
  for (int64_t d = 0; d < rank; ++d) {
    wtShape.push_back(ws[d + 2]);
    readExprs.push_back(ws[d + 2] - 1 - getAffineDimExpr(d + 2, ctx));
  }
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank + 2, 0, readExprs, ctx),
      AffineMap::getMultiDimIdentityMap(rank + 2, ctx)};
  Value wtInit = createEmpty(b, loc, wtShape, accType);
  Value wt =
      linalg::GenericOp::create(b, loc, wtInit.getType(), ValueRange{w},
                                ValueRange{wtInit}, maps,
                                SmallVector<utils::IteratorType>(
                                    rank + 2, utils::IteratorType::parallel),
                                [](OpBuilder &nb, Location l, ValueRange a) {
                                  linalg::YieldOp::create(nb, l, a[0]);
                                })
          .getResult(0);
  SmallVector<int64_t> ones(rank, 1), zeros(rank, 0);
  return buildConvolution(b, loc, op, xp, wt, ones, zeros, dilation, groups,
                          resultShape, accType);
}

/// Adds the float bias along `axis` and applies the fused ReLU, in float.
Value floatEpilogue(OpBuilder &b, Location loc, Value acc, Value bias,
                    int64_t axis, bool fusedRelu) {
  ArrayRef<int64_t> shape = shapeOf(acc);
  auto body = [&](OpBuilder &nb, Location l, ValueRange a) {
    Value y = a[0];
    if (bias)
      y = arith::AddFOp::create(nb, l, y, a[1]);
    if (fusedRelu)
      y = arith::MaximumFOp::create(nb, l, y, f32Constant(nb, l, 0.0f));
    return y;
  };
  if (!bias && !fusedRelu)
    return acc;
  if (bias)
    return mapWithChannelInput(b, loc, acc, bias, axis, shape, b.getF32Type(),
                               body);
  return mapElementwise(b, loc, acc, shape, b.getF32Type(), body);
}

/// The quantized epilogue: int32 accumulator (+ bias) -> output storage.
/// PyTorch quantizes the float bias to int32 with scale in_scale * w_scale
/// and requantizes with the float32 multiplier in_scale * w_scale /
/// out_scale, rounding half to even; a fused ReLU clamps at the zero point.
Value requantizeAccumulator(OpBuilder &b, Location loc, Value acc, Value bias,
                            int64_t axis, double inScale, const WeightQuant &w,
                            const TensorQuant &out, bool fusedRelu) {
  RequantConstants k = getRequantConstants(inScale, w, out.scale);
  SmallVector<Value> perChannel = {constantVector(b, loc, k.multiplier),
                                   constantVector(b, loc, k.invBiasScale)};
  if (bias)
    perChannel.push_back(bias);
  int64_t qmin =
      fusedRelu ? std::max<int64_t>(out.qmin, out.zeroPoint) : out.qmin;
  return mapWithChannelInput(
      b, loc, acc, perChannel, axis, shapeOf(acc), b.getIntegerType(out.width),
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value total = a[0];
        if (bias) {
          Value scaled = arith::MulFOp::create(nb, l, a[3], a[2]);
          Value rounded = math::RoundEvenOp::create(nb, l, scaled);
          Value q = arith::FPToSIOp::create(nb, l, nb.getI32Type(), rounded);
          total = arith::AddIOp::create(nb, l, total, q);
        }
        Value f = arith::SIToFPOp::create(nb, l, nb.getF32Type(), total);
        Value y = arith::MulFOp::create(nb, l, f, a[1]);
        return roundAddClamp(nb, l, y, i32Constant(nb, l, out.zeroPoint), qmin,
                             out.qmax, out.width);
      });
}

using AccumulateFn =
    function_ref<FailureOr<Value>(Value x, Value w, Type accType)>;

/// The shared body of convolution lowerings: zero-point-centered i32
/// operands for quantized inputs, the accumulator from `accumulate`, then
/// the requantizing (quantized) or bias + ReLU (float) epilogue along the
/// channel dimension.
template <typename OpTy>
LogicalResult lowerConvolutionLike(OpTy op, typename OpTy::Adaptor adaptor,
                                   ConversionPatternRewriter &rewriter,
                                   bool fusedRelu, AccumulateFn accumulate) {
  Location loc = op.getLoc();
  int64_t channels = shapeOf(op.getResult())[1];
  std::optional<TensorQuant> inQ = getTensorQuant(op.getInput().getType());
  Value x = adaptor.getInput(), w = adaptor.getWeight();
  Type accType = rewriter.getF32Type();
  if (inQ) {
    x = centerToI32(rewriter, loc, x, op.getInput().getType(), 1);
    w = centerToI32(rewriter, loc, w, op.getWeight().getType(), 0);
    accType = rewriter.getI32Type();
  }
  FailureOr<Value> acc = accumulate(x, w, accType);
  if (failed(acc))
    return failure();
  Value result =
      inQ ? requantizeAccumulator(
                rewriter, loc, *acc, adaptor.getBias(), 1, inQ->scale,
                getWeightQuant(op.getWeight().getType(), channels),
                *getTensorQuant(op.getType()), fusedRelu)
          : floatEpilogue(rewriter, loc, *acc, adaptor.getBias(), 1, fusedRelu);
  rewriter.replaceOp(op, result);
  return success();
}

template <typename OpTy> struct ConvLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerConvolutionLike(
        op, adaptor, rewriter, op.getFusedRelu(),
        [&](Value x, Value w, Type accType) -> FailureOr<Value> {
          // qnn-calibrate's float forward: the host's vectorized GEMM,
          // the loops below' order with fused multiply-adds
          // (HostConvolution.h).
          if (op->hasAttr(kHostConvAttrName) && accType.isF32()) {
            // (depth, height, width) each, a unit depth and height for
            // 1-D and 2-D convolutions.
            SmallVector<int64_t> params = {
                static_cast<int64_t>(op.getGroups())};
            auto append3 = [&](ArrayRef<int64_t> v, int64_t unit) {
              params.append(3 - v.size(), unit);
              llvm::append_range(params, v);
            };
            append3(op.getStride(), 1);
            append3(op.getPadding(), 0);
            append3(op.getDilation(), 1);
            return buildHostCall(
                rewriter, op.getLoc(), kHostConvName, params, {x, w},
                RankedTensorType::get(shapeOf(op.getResult()), accType));
          }
          return buildConvolution(
              rewriter, op.getLoc(), op, x, w, op.getStride(), op.getPadding(),
              op.getDilation(), static_cast<int64_t>(op.getGroups()),
              shapeOf(op.getResult()), accType);
        });
  }
};

/// conv_bn / linear_bn with BatchNorm's running statistics (see the ops).
/// QAT form (the weight comes from its weight_fake_quant): torch's
/// `_forward_approximate` / `LinearBn1d.forward`, one float32 rounding per
/// torch op: `s = bn_weight / sqrt(running_var + eps)`,
/// `acc = op(x, fake_quant(w * s))`, `y = acc / s (+ bias)`. Float form:
/// `y = op(x, w) (+ bias)`. Then `y * alpha + beta` as ATen's inference
/// BatchNorm, and the optional ReLU. Float only: convert folds both ops
/// before quantizing. `accumulate` computes op(x, weight) without bias;
/// its channel dimension is `axis`.
template <typename OpTy>
LogicalResult
lowerWithBatchNorm(OpTy op, typename OpTy::Adaptor adaptor,
                   ConversionPatternRewriter &rewriter, bool relu, int64_t axis,
                   function_ref<FailureOr<Value>(Value weight)> accumulate) {
  Location loc = op.getLoc();
  if (isQuantized(op.getInput()))
    return op.emitOpError()
           << "qnn-to-linalg: quantized " << op->getName().stripDialect()
           << " is not supported (run qnn-convert, which folds it)";
  Type f32 = rewriter.getF32Type();
  float eps = static_cast<float>(op.getEps().convertToDouble());
  Value weight = adaptor.getWeight(), scale;
  if (auto fq = op.getWeight().template getDefiningOp<FakeQuantOp>()) {
    int64_t channels = shapeOf(adaptor.getRunningVar())[0];
    scale = mapElementwise(
        rewriter, loc,
        ValueRange{adaptor.getRunningVar(), adaptor.getBnWeight()}, {channels},
        f32, [&](OpBuilder &b, Location l, ValueRange a) {
          Value v = arith::AddFOp::create(b, l, a[0], f32Constant(b, l, eps));
          return arith::DivFOp::create(b, l, a[1],
                                       math::SqrtOp::create(b, l, v));
        });
    Value raw = rewriter.getRemappedValue(fq.getInput());
    Value scaled =
        mapWithChannelInput(rewriter, loc, raw, scale, 0, shapeOf(raw), f32,
                            [&](OpBuilder &b, Location l, ValueRange a) {
                              return arith::MulFOp::create(b, l, a[0], a[1]);
                            });
    FailureOr<Value> quantized = buildFakeQuant(rewriter, loc, scaled, fq);
    if (failed(quantized))
      return failure();
    weight = *quantized;
  }
  FailureOr<Value> acc = accumulate(weight);
  if (failed(acc))
    return failure();
  auto [alpha, beta] = batchNormAlphaBeta(
      rewriter, loc, adaptor.getRunningMean(), adaptor.getRunningVar(),
      adaptor.getBnWeight(), adaptor.getBnBias(), eps);
  SmallVector<Value> perChannel = {alpha, beta};
  if (scale)
    perChannel.push_back(scale);
  Value bias = adaptor.getBias();
  if (bias)
    perChannel.push_back(bias);
  Value y = mapWithChannelInput(
      rewriter, loc, *acc, perChannel, axis, shapeOf(op.getResult()), f32,
      [&](OpBuilder &b, Location l, ValueRange a) {
        Value v = a[0];
        if (scale)
          v = arith::DivFOp::create(b, l, v, a[3]);
        if (bias)
          v = arith::AddFOp::create(b, l, v, a.back());
        v = arith::MulFOp::create(b, l, v, a[1]);
        v = arith::AddFOp::create(b, l, v, a[2]);
        if (relu)
          v = arith::MaximumFOp::create(b, l, v, f32Constant(b, l, 0.0f));
        return v;
      });
  rewriter.replaceOp(op, y);
  return success();
}

template <typename OpTy> struct ConvBnLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerWithBatchNorm(
        op, adaptor, rewriter, op.getFusedRelu(), 1, [&](Value w) {
          return buildConvolution(
              rewriter, op.getLoc(), op, adaptor.getInput(), w, op.getStride(),
              op.getPadding(), op.getDilation(),
              static_cast<int64_t>(op.getGroups()), shapeOf(op.getResult()),
              rewriter.getF32Type());
        });
  }
};

template <typename OpTy>
struct ConvTransposeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (isQuantized(op.getInput()) && !getTensorQuant(op.getWeight().getType()))
      return op.emitOpError("qnn-to-linalg: quantized conv_transpose needs "
                            "a per-tensor quantized weight");
    return lowerConvolutionLike(op, adaptor, rewriter, /*fusedRelu=*/false,
                                [&](Value x, Value w, Type accType) {
                                  return buildTransposedConvolution(
                                      rewriter, op.getLoc(), op, x, w,
                                      op.getStride(), op.getPadding(),
                                      op.getOutputPadding(), op.getDilation(),
                                      static_cast<int64_t>(op.getGroups()),
                                      shapeOf(op.getResult()), accType);
                                });
  }
};

/// y[..., o] = sum_i x[..., i] * w[o, i] over the flattened leading dims.
/// An f16 `w` (float16_dynamic) is widened to f32 at use; `portableF16`
/// selects widenF16Portable over arith.extf.
Value buildMatmulTransposed(OpBuilder &b, Location loc, Value x, Value w,
                            Type accType, bool portableF16 = false) {
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  MLIRContext *ctx = b.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx),
                                 AffineMap::get(3, 0, {n, k}, ctx),
                                 AffineMap::get(3, 0, {m, n}, ctx)};
  int64_t rows = 1;
  for (int64_t d : xs.drop_back())
    rows *= d;
  Value x2 = x;
  // torch's Linear takes a 1-D input as one row.
  if (xs.size() == 1)
    x2 = expand(b, loc, x, {1, xs[0]}, {{0, 1}});
  else if (xs.size() != 2) {
    ReassociationIndices lead;
    for (size_t i = 0; i + 1 < xs.size(); ++i)
      lead.push_back(i);
    x2 = collapse(b, loc, x, {lead, {(int64_t)xs.size() - 1}});
  }
  Value init = createFilled(b, loc, {rows, ws[0]}, b.getZeroAttr(accType));
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{x2, w}, ValueRange{init}, maps,
      {utils::IteratorType::parallel, utils::IteratorType::parallel,
       utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location l, ValueRange a) {
        // A float16 weight (float16_dynamic_qconfig) is stored as f16 and
        // widened exactly to f32 at use: fp16 weights, float compute.
        Value wv = a[1];
        if (accType.isF32() && wv.getType().isF16())
          wv = portableF16 ? widenF16Portable(nb, l, wv)
                           : arith::ExtFOp::create(nb, l, accType, wv);
        Value prod = accType.isF32()
                         ? (Value)arith::MulFOp::create(nb, l, a[0], wv)
                         : (Value)arith::MulIOp::create(nb, l, a[0], wv);
        Value sum = accType.isF32()
                        ? (Value)arith::AddFOp::create(nb, l, a[2], prod)
                        : (Value)arith::AddIOp::create(nb, l, a[2], prod);
        linalg::YieldOp::create(nb, l, sum);
      });
  Value y = generic.getResult(0);
  if (xs.size() == 1)
    y = collapse(b, loc, y, {{0, 1}});
  else if (xs.size() != 2) {
    SmallVector<int64_t> outShape(xs.drop_back());
    outShape.push_back(ws[0]);
    ReassociationIndices lead;
    for (size_t i = 0; i + 1 < xs.size(); ++i)
      lead.push_back(i);
    y = expand(b, loc, y, outShape, {lead, {(int64_t)xs.size() - 1}});
  }
  return y;
}

} // namespace

/// ATen's ChooseQuantizationParams(min, max, 0, 255) for the run-time
/// quantization of a dynamic op's input: returns (scale as f32, zero point
/// as i32) scalars computed in double, with the small-scale cut-off.
std::pair<Value, Value> mlir::qnn::chooseDynamicQParams(OpBuilder &b,
                                                        Location loc, Value x) {
  SmallVector<int64_t> all;
  for (int64_t d = 0, e = shapeOf(x).size(); d < e; ++d)
    all.push_back(d);
  auto scalarOf = [&](Value t) {
    return tensor::ExtractOp::create(b, loc, t, ValueRange{}).getResult();
  };
  Value lo = scalarOf(minOver(b, loc, x, all));
  Value hi = scalarOf(maxOver(b, loc, x, all));
  Type f64 = b.getF64Type(), f32 = b.getF32Type();
  auto d = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v));
  };
  auto f = [&](float v) { return f32Constant(b, loc, v); };
  lo = arith::MinimumFOp::create(b, loc, lo, f(0.0f));
  hi = arith::MaximumFOp::create(b, loc, hi, f(0.0f));
  const double qmin = 0, qmax = 255;
  Value loD = arith::ExtFOp::create(b, loc, f64, lo);
  Value hiD = arith::ExtFOp::create(b, loc, f64, hi);
  Value scale = arith::DivFOp::create(
      b, loc, arith::SubFOp::create(b, loc, hiD, loD), d(qmax - qmin));
  // A zero scale, or one whose float reciprocal overflows, becomes 0.1.
  Value scaleF = arith::TruncFOp::create(b, loc, f32, scale);
  Value isZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, scaleF, f(0.0f));
  Value inv = arith::DivFOp::create(b, loc, f(1.0f), scaleF);
  Value isInf = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, loc, inv),
      f(std::numeric_limits<float>::infinity()));
  scale = arith::SelectOp::create(
      b, loc, arith::OrIOp::create(b, loc, isZero, isInf), d(0.1), scale);
  // Scales below 6.1e-5f are raised to it, stretching min/max.
  const float small = 6.1e-5f;
  Value isSmall =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, scale, d(small));
  Value orgScale = arith::TruncFOp::create(b, loc, f32, scale);
  Value amplifier = arith::DivFOp::create(b, loc, f(small), orgScale);
  Value span = f(small * float(qmax - qmin));
  Value loIsZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, lo, f(0.0f));
  Value hiIsZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, hi, f(0.0f));
  Value loAmp = arith::MulFOp::create(b, loc, lo, amplifier);
  Value hiAmp = arith::MulFOp::create(b, loc, hi, amplifier);
  Value negSpan = arith::NegFOp::create(b, loc, span);
  Value newLo = arith::SelectOp::create(
      b, loc, loIsZero, lo,
      arith::SelectOp::create(b, loc, hiIsZero, negSpan, loAmp));
  Value newHi = arith::SelectOp::create(
      b, loc, loIsZero, span,
      arith::SelectOp::create(b, loc, hiIsZero, hi, hiAmp));
  lo = arith::SelectOp::create(b, loc, isSmall, newLo, lo);
  hi = arith::SelectOp::create(b, loc, isSmall, newHi, hi);
  scale = arith::SelectOp::create(b, loc, isSmall, d(small), scale);
  loD = arith::ExtFOp::create(b, loc, f64, lo);
  hiD = arith::ExtFOp::create(b, loc, f64, hi);
  // Zero point: from min or from max, whichever has the smaller error,
  // nudged into [qmin, qmax] and rounded half to even.
  Value loS = arith::DivFOp::create(b, loc, loD, scale);
  Value hiS = arith::DivFOp::create(b, loc, hiD, scale);
  Value zFromMin = arith::SubFOp::create(b, loc, d(qmin), loS);
  Value zFromMax = arith::SubFOp::create(b, loc, d(qmax), hiS);
  Value eMin = arith::SubFOp::create(b, loc, d(std::abs(qmin)),
                                     math::AbsFOp::create(b, loc, loS));
  Value eMax = arith::SubFOp::create(b, loc, d(std::abs(qmax)),
                                     math::AbsFOp::create(b, loc, hiS));
  Value useMin =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, eMin, eMax);
  Value z = arith::SelectOp::create(b, loc, useMin, zFromMin, zFromMax);
  z = arith::MaximumFOp::create(b, loc, z, d(qmin));
  z = arith::MinimumFOp::create(b, loc, z, d(qmax));
  z = math::RoundEvenOp::create(b, loc, z);
  Value zp = arith::FPToSIOp::create(b, loc, b.getI32Type(), z);
  return {arith::TruncFOp::create(b, loc, f32, scale), zp};
}

namespace {

/// torch.ops.quantized.linear_dynamic (qnnpack; reduce_range has no
/// effect there): quantize the input with run-time qparams, int32 GEMM with
/// the int8 weight, then y = (float)acc * (x_scale * w_scale) + bias.
Value buildDynamicLinear(OpBuilder &b, Location loc, Value x, Value weight,
                         Type weightType, Value bias, bool relu) {
  Value scale, zp;
  std::tie(scale, zp) = chooseDynamicQParams(b, loc, x);
  Value inv = arith::DivFOp::create(b, loc, f32Constant(b, loc, 1.0f), scale);
  Value xc = mapElementwise(b, loc, x, shapeOf(x), b.getI32Type(),
                            [&](OpBuilder &nb, Location l, ValueRange a) {
                              Value q = quantizeScalar(nb, l, a[0], inv, zp, 0,
                                                       255, 32);
                              return arith::SubIOp::create(nb, l, q, zp);
                            });
  Value w = centerToI32(b, loc, weight, weightType, 0);
  Value acc = buildMatmulTransposed(b, loc, xc, w, b.getI32Type());
  int64_t outFeatures = shapeOf(weight)[0];
  WeightQuant wq = getWeightQuant(weightType, outFeatures);
  SmallVector<float> wScales(wq.scales.begin(), wq.scales.end());
  SmallVector<Value> perChannel = {constantVector(b, loc, wScales)};
  if (bias)
    perChannel.push_back(bias);
  return mapWithChannelInput(
      b, loc, acc, perChannel, shapeOf(acc).size() - 1, shapeOf(acc),
      b.getF32Type(), [&](OpBuilder &nb, Location l, ValueRange a) {
        Value m = arith::MulFOp::create(nb, l, scale, a[1]);
        Value y = arith::MulFOp::create(
            nb, l, arith::SIToFPOp::create(nb, l, nb.getF32Type(), a[0]), m);
        if (a.size() > 2)
          y = arith::AddFOp::create(nb, l, y, a[2]);
        if (relu)
          y = arith::MaximumFOp::create(nb, l, y, f32Constant(nb, l, 0.0f));
        return y;
      });
}

struct LinearLowering : OpConversionPattern<LinearOp> {
  LinearLowering(const TypeConverter &converter, MLIRContext *ctx,
                 KernelTarget target)
      : OpConversionPattern<LinearOp>(converter, ctx), target(target) {}
  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildLinear(rewriter, op.getLoc(), adaptor.getInput(),
                        op.getInput().getType(), adaptor.getWeight(),
                        op.getWeight().getType(), adaptor.getBias(),
                        op.getType(), op.getFusedRelu(), target, op));
    return success();
  }
  KernelTarget target;
};

struct LinearBnLowering : OpConversionPattern<LinearBnOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LinearBnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerWithBatchNorm(op, adaptor, rewriter, /*relu=*/false, 1,
                              [&](Value w) -> FailureOr<Value> {
                                return buildMatmulTransposed(
                                    rewriter, op.getLoc(), adaptor.getInput(),
                                    w, rewriter.getF32Type());
                              });
  }
};

} // namespace

Value mlir::qnn::buildLinear(OpBuilder &b, Location loc, Value x, Type xType,
                             Value w, Type wType, Value bias, Type resultType,
                             bool fusedRelu, KernelTarget target,
                             Operation *anchor) {
  std::optional<TensorQuant> inQ = getTensorQuant(xType);
  if (!inQ && isQuantized(wType)) {
    if (Value kernel = buildDynamicLinearMicroKernel(b, loc, target, anchor, x,
                                                     w, wType, bias, fusedRelu))
      return kernel;
    return buildDynamicLinear(b, loc, x, w, wType, bias, fusedRelu);
  }
  int64_t axis = shapeOf(x).size() - 1;
  if (inQ) {
    x = centerToI32(b, loc, x, xType, 0);
    w = centerToI32(b, loc, w, wType, 0);
    Value acc = buildMatmulTransposed(b, loc, x, w, b.getI32Type());
    WeightQuant wq = getWeightQuant(wType, shapeOf(w)[0]);
    return requantizeAccumulator(b, loc, acc, bias, axis, inQ->scale, wq,
                                 *getTensorQuant(resultType), fusedRelu);
  }
  Value acc = buildMatmulTransposed(b, loc, x, w, b.getF32Type(),
                                    target == KernelTarget::Generic);
  return floatEpilogue(b, loc, acc, bias, axis, fusedRelu);
}

void mlir::qnn::populateConvolutionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target) {
  patterns
      .add<ConvLowering<Conv1dOp>, ConvLowering<Conv2dOp>,
           ConvLowering<Conv3dOp>, ConvTransposeLowering<ConvTranspose1dOp>,
           ConvTransposeLowering<ConvTranspose2dOp>,
           ConvTransposeLowering<ConvTranspose3dOp>, ConvBnLowering<ConvBn1dOp>,
           ConvBnLowering<ConvBn2dOp>, ConvBnLowering<ConvBn3dOp>>(
          converter, patterns.getContext());
  patterns.add<LinearLowering>(converter, patterns.getContext(), target);
  patterns.add<LinearBnLowering>(converter, patterns.getContext());
}
