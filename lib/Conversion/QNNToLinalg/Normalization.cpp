//===- Normalization.cpp - norms and prelu to linalg ------------*- C++ -*-===//
//
// Float computations on (dequantized) inputs with the biased variance
// PyTorch uses: mean = sum(x) / n, var = sum((x - mean)^2) / n,
// y = (x - mean) / sqrt(var + eps) * weight + bias; quantized results are
// quantized with the result type's qparams. Quantized layer/group/instance
// norms follow ATen's quantized_normalize_kernel on the storage values
// instead (quantizedNormalize).
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QParams.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// (x - mean) * rstd over `reduced` dims of the f32 tensor `x`.
Value normalize(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> reduced,
                float eps) {
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t count = 1;
  for (int64_t d : reduced)
    count *= shape[d];
  Value n = f32Constant(b, loc, static_cast<float>(count));
  Value sum = sumOver(b, loc, x, reduced);
  Value mean = mapElementwise(b, loc, sum, shapeOf(sum), b.getF32Type(),
                              [&](OpBuilder &nb, Location l, ValueRange a) {
                                return arith::DivFOp::create(nb, l, a[0], n);
                              });
  Value centered = mapWithReduced(
      b, loc, x, mean, reduced, [&](OpBuilder &nb, Location l, ValueRange a) {
        return arith::SubFOp::create(nb, l, a[0], a[1]);
      });
  Value sq = sumOver(b, loc, centered, reduced,
                     [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       return arith::MulFOp::create(nb, l, a[0], a[0]);
                     });
  Value rstd = mapElementwise(
      b, loc, sq, shapeOf(sq), b.getF32Type(),
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value var = arith::DivFOp::create(nb, l, a[0], n);
        Value v = arith::AddFOp::create(nb, l, var, f32Constant(nb, l, eps));
        // 1 / sqrt(v): correctly rounded, like ATen's rsqrt.
        return arith::DivFOp::create(nb, l, f32Constant(nb, l, 1.0f),
                                     math::SqrtOp::create(nb, l, v));
      });
  return mapWithReduced(b, loc, centered, rstd, reduced,
                        [&](OpBuilder &nb, Location l, ValueRange a) {
                          return arith::MulFOp::create(nb, l, a[0], a[1]);
                        });
}

/// y * weight + bias, with weight/bias broadcast along `channelAxis` (or
/// numpy-style when channelAxis < 0).
Value affine(OpBuilder &b, Location loc, Value y, Value weight, Value bias,
             int64_t channelAxis) {
  if (!weight)
    return y;
  auto body = [&](OpBuilder &nb, Location l, ValueRange a) {
    Value v = arith::MulFOp::create(nb, l, a[0], a[1]);
    return arith::AddFOp::create(nb, l, v, a[2]);
  };
  if (channelAxis >= 0)
    return mapWithChannelInput(b, loc, y, {weight, bias}, channelAxis,
                               shapeOf(y), b.getF32Type(), body);
  return mapElementwise(b, loc, ValueRange{y, weight, bias}, shapeOf(y),
                        b.getF32Type(), body);
}

/// tensor.reshape of `v` to `to`, keeping the element type.
Value reshapeTo(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> to) {
  auto shapeType = RankedTensorType::get({(int64_t)to.size()}, b.getI64Type());
  Value s = arith::ConstantOp::create(b, loc,
                                      DenseIntElementsAttr::get(shapeType, to));
  Type elem = llvm::cast<ShapedType>(v.getType()).getElementType();
  return tensor::ReshapeOp::create(b, loc, RankedTensorType::get(to, elem), v,
                                   s);
}

/// ATen's quantized_normalize_kernel (quantized layer_norm, group_norm and
/// instance_norm, per-tensor qparams) on the storage `q`, whose last
/// `numReduced` dimensions form one normalized group: exact integer sums of
/// the storage values and of their squares; per group, in float32,
/// `m = sum / n`, `mean = m - zp`, `var = max(sumsq / n - m * m, 0)` and
/// `s = (float)(scale / sqrt((double)(var * scale * scale) + eps))`; per
/// element `d = q - zp`, then `(d - mean) * s * gamma + beta` (elementwise
/// affine: layer_norm) or `(d - mean) * (s * gamma) + beta` (per-channel
/// affine), quantize_val with `out`. `gamma`/`beta` (or null) broadcast
/// numpy-style against `q`.
Value quantizedNormalize(OpBuilder &b, Location loc, Value q, int64_t numReduced,
                         const TensorQuant &in, const TensorQuant &out,
                         double eps, Value gamma, Value beta,
                         bool perChannelAffine) {
  ArrayRef<int64_t> shape = shapeOf(q);
  int64_t rank = shape.size(), count = 1;
  SmallVector<int64_t> reduced, statShape(shape);
  for (int64_t d = rank - numReduced; d < rank; ++d) {
    reduced.push_back(d);
    count *= shape[d];
    statShape[d] = 1;
  }
  Type f32 = b.getF32Type(), f64 = b.getF64Type(), i64 = b.getI64Type();
  auto widen = [&](OpBuilder &nb, Location l, Value v) -> Value {
    return arith::ExtSIOp::create(nb, l, i64,
                                  extendToI32(nb, l, v, in.isSigned));
  };
  Value sum = sumOverI64(b, loc, q, reduced,
                         [&](OpBuilder &nb, Location l, ValueRange a) {
                           return widen(nb, l, a[0]);
                         });
  Value sumSq = sumOverI64(b, loc, q, reduced,
                           [&](OpBuilder &nb, Location l, ValueRange a) {
                             Value w = widen(nb, l, a[0]);
                             return arith::MulIOp::create(nb, l, w, w);
                           });
  float n = static_cast<float>(count), scale = static_cast<float>(in.scale);
  auto meanShifted = [&](OpBuilder &nb, Location l, Value s) -> Value {
    return arith::DivFOp::create(nb, l, arith::SIToFPOp::create(nb, l, f32, s),
                                 f32Constant(nb, l, n));
  };
  Value mean = mapElementwise(
      b, loc, sum, shapeOf(sum), f32,
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        return arith::SubFOp::create(
            nb, l, meanShifted(nb, l, a[0]),
            f32Constant(nb, l, static_cast<float>(in.zeroPoint)));
      });
  Value factor = mapElementwise(
      b, loc, ValueRange{sum, sumSq}, shapeOf(sum), f32,
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value m = meanShifted(nb, l, a[0]);
        Value sq = arith::DivFOp::create(
            nb, l, arith::SIToFPOp::create(nb, l, f32, a[1]),
            f32Constant(nb, l, n));
        Value var = arith::SubFOp::create(
            nb, l, sq, arith::MulFOp::create(nb, l, m, m));
        var = arith::MaximumFOp::create(nb, l, var, f32Constant(nb, l, 0.0f));
        Value sc = f32Constant(nb, l, scale);
        Value t = arith::MulFOp::create(
            nb, l, arith::MulFOp::create(nb, l, var, sc), sc);
        Value d = arith::AddFOp::create(
            nb, l, arith::ExtFOp::create(nb, l, f64, t),
            arith::ConstantOp::create(nb, l, nb.getF64FloatAttr(eps)));
        Value r = arith::DivFOp::create(
            nb, l, arith::ExtFOp::create(nb, l, f64, sc),
            math::SqrtOp::create(nb, l, d));
        return arith::TruncFOp::create(nb, l, f32, r);
      });
  SmallVector<Value> inputs = {q, reshapeTo(b, loc, mean, statShape),
                               reshapeTo(b, loc, factor, statShape)};
  if (gamma)
    inputs.push_back(gamma);
  if (beta)
    inputs.push_back(beta);
  Type storage = b.getIntegerType(out.width);
  return mapElementwise(
      b, loc, inputs, shape, storage,
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value centered = arith::SubIOp::create(
            nb, l, extendToI32(nb, l, a[0], in.isSigned),
            i32Constant(nb, l, static_cast<int32_t>(in.zeroPoint)));
        Value v = arith::SubFOp::create(
            nb, l, arith::SIToFPOp::create(nb, l, f32, centered), a[1]);
        Value g = gamma ? a[3] : Value();
        Value bt = beta ? a[gamma ? 4 : 3] : Value();
        if (perChannelAffine) {
          Value gp = a[2];
          if (g)
            gp = arith::MulFOp::create(nb, l, a[2], g);
          v = arith::MulFOp::create(nb, l, v, gp);
        } else {
          v = arith::MulFOp::create(nb, l, v, a[2]);
          if (g)
            v = arith::MulFOp::create(nb, l, v, g);
        }
        if (bt)
          v = arith::AddFOp::create(nb, l, v, bt);
        return quantizeScalar(nb, l, v, out);
      });
}

/// The quantized norms (per-tensor input and result) through
/// quantizedNormalize, in the grouped layout `grouped` whose last
/// `numReduced` dimensions are normalized; the affine parameters are
/// reshaped to `affineShape`. Null when the types are not per-tensor
/// quantized.
Value lowerQuantizedNorm(OpBuilder &b, Location loc, Operation *op, Value x,
                         ArrayRef<int64_t> grouped, int64_t numReduced,
                         Value weight, Value bias,
                         ArrayRef<int64_t> affineShape, bool perChannel,
                         double eps) {
  std::optional<TensorQuant> in = getTensorQuant(op->getOperand(0).getType());
  std::optional<TensorQuant> out = getTensorQuant(op->getResult(0).getType());
  if (!in || !out)
    return {};
  Value g = weight ? reshapeTo(b, loc, weight, affineShape) : Value();
  Value bt = bias ? reshapeTo(b, loc, bias, affineShape) : Value();
  Value y = quantizedNormalize(b, loc, reshapeTo(b, loc, x, grouped),
                               numReduced, *in, *out, eps, g, bt, perChannel);
  return reshapeTo(b, loc, y, shapeOf(x));
}

/// The dimensions a norm reduces over, and the axis of its affine
/// parameters (-1: they broadcast over the trailing dimensions).
SmallVector<int64_t> normDims(LayerNormOp op, int64_t rank) {
  SmallVector<int64_t> dims;
  for (int64_t d = rank - op.getNormalizedShape().size(); d < rank; ++d)
    dims.push_back(d);
  return dims;
}
SmallVector<int64_t> normDims(InstanceNormOp, int64_t rank) {
  SmallVector<int64_t> dims;
  for (int64_t d = 2; d < rank; ++d)
    dims.push_back(d);
  return dims;
}
int64_t affineAxis(LayerNormOp) { return -1; }
int64_t affineAxis(InstanceNormOp) { return 1; }

/// layer_norm and instance_norm: normalize over normDims, then the affine.
template <typename OpTy>
struct NormLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (Value q = lowerQuantized(op, adaptor, rewriter)) {
      rewriter.replaceOp(op, q);
      return success();
    }
    Value x = toFloatTensor(rewriter, loc, adaptor.getInput(),
                            op.getInput().getType());
    Value y = normalize(rewriter, loc, x, normDims(op, shapeOf(x).size()),
                        static_cast<float>(op.getEps().convertToDouble()));
    y = affine(rewriter, loc, y, adaptor.getWeight(), adaptor.getBias(),
               affineAxis(op));
    rewriter.replaceOp(op, fromFloatTensor(rewriter, loc, y, op.getType()));
    return success();
  }

  /// layer_norm: M groups of the trailing normalized dims, elementwise
  /// affine; instance_norm: one group per (n, c), per-channel affine.
  Value lowerQuantized(OpTy op, typename OpTy::Adaptor adaptor,
                       OpBuilder &b) const {
    Value x = adaptor.getInput();
    ArrayRef<int64_t> shape = shapeOf(x);
    int64_t rank = shape.size();
    SmallVector<int64_t> dims = normDims(op, rank);
    int64_t inner = 1;
    for (int64_t d : dims)
      inner *= shape[d];
    int64_t outer = 1;
    for (int64_t d = 0; d < rank - (int64_t)dims.size(); ++d)
      outer *= shape[d];
    bool perChannel = affineAxis(op) >= 0;
    SmallVector<int64_t> grouped =
        perChannel ? SmallVector<int64_t>{shape[0], shape[1], inner}
                   : SmallVector<int64_t>{outer, inner};
    SmallVector<int64_t> affineShape =
        perChannel ? SmallVector<int64_t>{shape[1], 1}
                   : SmallVector<int64_t>{inner};
    return lowerQuantizedNorm(b, op.getLoc(), op, x, grouped, 1,
                              adaptor.getWeight(), adaptor.getBias(),
                              affineShape, perChannel,
                              op.getEps().convertToDouble());
  }
};

struct GroupNormLowering : OpConversionPattern<GroupNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GroupNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    {
      ArrayRef<int64_t> shape = shapeOf(adaptor.getInput());
      int64_t groups = static_cast<int64_t>(op.getNumGroups());
      int64_t rest = 1;
      for (int64_t d : shape.drop_front(2))
        rest *= d;
      if (Value q = lowerQuantizedNorm(
              rewriter, loc, op, adaptor.getInput(),
              {shape[0], groups, shape[1] / groups, rest}, 2,
              adaptor.getWeight(), adaptor.getBias(),
              {groups, shape[1] / groups, 1}, /*perChannel=*/true,
              op.getEps().convertToDouble())) {
        rewriter.replaceOp(op, q);
        return success();
      }
    }
    Value x = toFloatTensor(rewriter, loc, adaptor.getInput(),
                            op.getInput().getType());
    ArrayRef<int64_t> shape = shapeOf(x);
    int64_t groups = static_cast<int64_t>(op.getNumGroups());
    int64_t rest = 1;
    for (int64_t d : shape.drop_front(1))
      rest *= d;
    // [N, C, *] -> [N, G, C/G * prod(*)]
    auto reshape = [&](Value v, ArrayRef<int64_t> to) -> Value {
      auto shapeType =
          RankedTensorType::get({(int64_t)to.size()}, rewriter.getI64Type());
      Value s = arith::ConstantOp::create(
          rewriter, loc, DenseIntElementsAttr::get(shapeType, to));
      return tensor::ReshapeOp::create(
          rewriter, loc, RankedTensorType::get(to, rewriter.getF32Type()), v, s);
    };
    Value grouped = reshape(x, {shape[0], groups, rest / groups});
    Value y = normalize(rewriter, loc, grouped, {2},
                        static_cast<float>(op.getEps().convertToDouble()));
    y = reshape(y, shape);
    y = affine(rewriter, loc, y, adaptor.getWeight(), adaptor.getBias(), 1);
    rewriter.replaceOp(op, fromFloatTensor(rewriter, loc, y, op.getType()));
    return success();
  }
};

/// prelu: x >= 0 ? x : w * x, w shared or per channel (dim 1).
struct PReluLowering : OpConversionPattern<PReluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    std::optional<TensorQuant> xq = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> wq = getTensorQuant(op.getWeight().getType());
    std::optional<TensorQuant> oq = getTensorQuant(op.getType());
    if (xq && wq && oq)
      return lowerQuantized(op, adaptor, rewriter, *xq, *wq, *oq);
    Value x = toFloatTensor(rewriter, loc, adaptor.getInput(),
                            op.getInput().getType());
    Value w = toFloatTensor(rewriter, loc, adaptor.getWeight(),
                            op.getWeight().getType());
    ArrayRef<int64_t> shape = shapeOf(x);
    int64_t axis = shape.size() >= 2 && shapeOf(w)[0] != 1 ? 1 : -1;
    auto body = [](OpBuilder &b, Location l, ValueRange a) {
      Value neg = arith::MulFOp::create(b, l, a[0], a[1]);
      Value pos = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, a[0],
                                        f32Constant(b, l, 0.0f));
      return arith::SelectOp::create(b, l, pos, a[0], neg);
    };
    Value y;
    if (axis == 1) {
      y = mapWithChannelInput(rewriter, loc, x, w, 1, shape,
                              rewriter.getF32Type(), body);
    } else {
      // One shared slope.
      Value scalar = tensor::ExtractOp::create(
          rewriter, loc, w,
          ValueRange{arith::ConstantIndexOp::create(rewriter, loc, 0)});
      y = mapElementwise(rewriter, loc, x, shape, rewriter.getF32Type(),
                         [&](OpBuilder &b, Location l, ValueRange a) {
                           return body(b, l, ValueRange{a[0], scalar});
                         });
    }
    rewriter.replaceOp(op, fromFloatTensor(rewriter, loc, y, op.getType()));
    return success();
  }

  /// torch's qprelu kernel, in integers: the positive part is multiplied by
  /// 1.0 quantized with the weight's qparams, `qy = (max(q, zx) - zx) *
  /// (q1 - zw) + (min(q, zx) - zx) * (qw - zw)`, then
  /// `zo + rint(qy * (sx * sw * (1 / so)))` in float32, clamped.
  LogicalResult lowerQuantized(PReluOp op, OpAdaptor adaptor,
                               ConversionPatternRewriter &rewriter,
                               const TensorQuant &xq, const TensorQuant &wq,
                               const TensorQuant &oq) const {
    Location loc = op.getLoc();
    float m = static_cast<float>(xq.scale) * static_cast<float>(wq.scale) *
              (1.0f / static_cast<float>(oq.scale));
    int64_t one = quantizeValue(1.0f, static_cast<float>(wq.scale),
                                wq.zeroPoint, wq.qmin, wq.qmax);
    ArrayRef<int64_t> shape = shapeOf(op.getInput());
    auto body = [&](OpBuilder &b, Location l, ValueRange a) -> Value {
      Value zx = i32Constant(b, l, static_cast<int32_t>(xq.zeroPoint));
      Value x = extendToI32(b, l, a[0], xq.isSigned);
      Value w = arith::SubIOp::create(
          b, l, extendToI32(b, l, a[1], wq.isSigned),
          i32Constant(b, l, static_cast<int32_t>(wq.zeroPoint)));
      Value pos = arith::SubIOp::create(b, l, arith::MaxSIOp::create(b, l, x, zx), zx);
      Value neg = arith::SubIOp::create(b, l, arith::MinSIOp::create(b, l, x, zx), zx);
      Value y = arith::AddIOp::create(
          b, l,
          arith::MulIOp::create(
              b, l, pos,
              i32Constant(b, l, static_cast<int32_t>(one - wq.zeroPoint))),
          arith::MulIOp::create(b, l, neg, w));
      Value f = arith::SIToFPOp::create(b, l, b.getF32Type(), y);
      f = arith::MulFOp::create(b, l, f, f32Constant(b, l, m));
      return roundAddClamp(b, l, f,
                           i32Constant(b, l, static_cast<int32_t>(oq.zeroPoint)),
                           oq.qmin, oq.qmax, oq.width);
    };
    Type elem = rewriter.getIntegerType(oq.width);
    Value w = adaptor.getWeight();
    Value y;
    if (shape.size() >= 2 && shapeOf(op.getWeight())[0] != 1) {
      y = mapWithChannelInput(rewriter, loc, adaptor.getInput(), w, 1, shape,
                              elem, body);
    } else {
      Value scalar = tensor::ExtractOp::create(
          rewriter, loc, w,
          ValueRange{arith::ConstantIndexOp::create(rewriter, loc, 0)});
      y = mapElementwise(rewriter, loc, adaptor.getInput(), shape, elem,
                         [&](OpBuilder &b, Location l, ValueRange a) {
                           return body(b, l, ValueRange{a[0], scalar});
                         });
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::qnn::populateNormalizationToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<NormLowering<LayerNormOp>, NormLowering<InstanceNormOp>,
               GroupNormLowering,
               PReluLowering>(converter,
                                               patterns.getContext());
}
