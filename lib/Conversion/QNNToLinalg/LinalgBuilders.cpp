//===- LinalgBuilders.cpp - shared builders for qnn-to-linalg ---*- C++ -*-===//

#include "LinalgBuilders.h"
#include "AddParams.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include <cmath>
#include <limits>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

std::optional<TensorQuant> mlir::qnn::getTensorQuant(Type type) {
  if (auto shaped = llvm::dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  auto uniform = llvm::dyn_cast<quant::UniformQuantizedType>(type);
  if (!uniform)
    return std::nullopt;
  return TensorQuant{uniform.getScale(), uniform.getZeroPoint(),
                     uniform.isSigned(),
                     uniform.getStorageTypeIntegralWidth(),
                     uniform.getStorageTypeMin(), uniform.getStorageTypeMax()};
}

ArrayRef<int64_t> mlir::qnn::shapeOf(Value v) {
  return llvm::cast<ShapedType>(v.getType()).getShape();
}

Value mlir::qnn::createEmpty(OpBuilder &b, Location loc,
                             ArrayRef<int64_t> shape, Type elementType) {
  return tensor::EmptyOp::create(b, loc, shape, elementType);
}

Value mlir::qnn::createFilled(OpBuilder &b, Location loc,
                              ArrayRef<int64_t> shape, Attribute value) {
  auto typed = llvm::cast<TypedAttr>(value);
  Value empty = createEmpty(b, loc, shape, typed.getType());
  Value scalar = arith::ConstantOp::create(b, loc, typed);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value mlir::qnn::channelsLastToNchw(OpBuilder &b, Location loc, Value nhwc) {
  ArrayRef<int64_t> s = shapeOf(nhwc);
  Type elem = llvm::cast<ShapedType>(nhwc.getType()).getElementType();
  SmallVector<int64_t> nchw = {s[0], s[3], s[1], s[2]};
  return linalg::TransposeOp::create(b, loc, nhwc,
                                     createEmpty(b, loc, nchw, elem),
                                     ArrayRef<int64_t>{0, 3, 1, 2})
      .getResult()[0];
}

Value mlir::qnn::f32Constant(OpBuilder &b, Location loc, float value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

/// An f16 value widened exactly to f32 with integer and f32 operations
/// only: the magnitude bits shifted into an f32 and scaled by 2^112 (exact
/// for normal and subnormal halves), infinities and NaNs rebuilt, the sign
/// restored. For targets without a half-to-float instruction, where
/// arith.extf would become a call to the compiler runtime (__extendhfsf2).
Value mlir::qnn::widenF16Portable(OpBuilder &b, Location l, Value h) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) { return arith::ConstantIntOp::create(b, l, i32, v); };
  Value bits = arith::ExtUIOp::create(
      b, l, i32, arith::BitcastOp::create(b, l, b.getI16Type(), h));
  Value mag = arith::AndIOp::create(b, l, bits, c(0x7fff));
  Value scaled = arith::MulFOp::create(
      b, l,
      arith::BitcastOp::create(b, l, b.getF32Type(),
                               arith::ShLIOp::create(b, l, mag, c(13))),
      f32Constant(b, l, 0x1p112f));
  Value special = arith::OrIOp::create(
      b, l, c(0x7f800000),
      arith::ShLIOp::create(b, l, arith::AndIOp::create(b, l, bits, c(0x3ff)),
                            c(13)));
  Value isSpecial =
      arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge, mag, c(0x7c00));
  Value value = arith::SelectOp::create(
      b, l, isSpecial, special, arith::BitcastOp::create(b, l, i32, scaled));
  Value sign = arith::ShLIOp::create(
      b, l, arith::AndIOp::create(b, l, bits, c(0x8000)), c(16));
  return arith::BitcastOp::create(b, l, b.getF32Type(),
                                  arith::OrIOp::create(b, l, value, sign));
}

Value mlir::qnn::i32Constant(OpBuilder &b, Location loc, int32_t value) {
  return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(value));
}

/// Map of an input of `inShape` broadcast into an iteration space of rank
/// `rank` (numpy rules: right-aligned, size-1 dimensions are constant 0).
static AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> inShape,
                              ArrayRef<int64_t> outShape) {
  SmallVector<AffineExpr> exprs;
  int64_t offset = outShape.size() - inShape.size();
  for (auto [i, size] : llvm::enumerate(inShape)) {
    if (size == 1 && outShape[offset + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(offset + i, ctx));
  }
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

static Value buildGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                          SmallVector<AffineMap> maps, ArrayRef<int64_t> shape,
                          Type elementType, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), ctx));
  Value init = createEmpty(b, loc, shape, elementType);
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

Value mlir::qnn::mapElementwise(OpBuilder &b, Location loc, ValueRange inputs,
                                ArrayRef<int64_t> shape, Type elementType,
                                BodyFn body) {
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(b.getContext(), shapeOf(in), shape));
  return buildGeneric(b, loc, inputs, maps, shape, elementType, body);
}

Value mlir::qnn::mapWithChannelInput(OpBuilder &b, Location loc,
                                     ValueRange inputs, ValueRange perChannel,
                                     int64_t axis, ArrayRef<int64_t> shape,
                                     Type elementType, BodyFn body) {
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(b.getContext(), shapeOf(in), shape));
  for (size_t i = 0; i < perChannel.size(); ++i)
    maps.push_back(AffineMap::get(shape.size(), 0,
                                  getAffineDimExpr(axis, b.getContext())));
  SmallVector<Value> all(inputs);
  llvm::append_range(all, perChannel);
  return buildGeneric(b, loc, all, maps, shape, elementType, body);
}

Value mlir::qnn::extendToI32(OpBuilder &b, Location loc, Value storage,
                             bool isSigned) {
  Type i32 = b.getI32Type();
  if (storage.getType() == i32)
    return storage;
  if (isSigned)
    return arith::ExtSIOp::create(b, loc, i32, storage);
  return arith::ExtUIOp::create(b, loc, i32, storage);
}

Value mlir::qnn::dequantizeScalar(OpBuilder &b, Location loc, Value storage,
                                  bool isSigned, Value scale,
                                  Value zeroPoint) {
  Value q = extendToI32(b, loc, storage, isSigned);
  Value centered = arith::SubIOp::create(b, loc, q, zeroPoint);
  Value f = arith::SIToFPOp::create(b, loc, b.getF32Type(), centered);
  return arith::MulFOp::create(b, loc, f, scale);
}

Value mlir::qnn::dequantizeScalar(OpBuilder &b, Location loc, Value storage,
                                  const TensorQuant &q) {
  return dequantizeScalar(b, loc, storage, q.isSigned,
                          f32Constant(b, loc, static_cast<float>(q.scale)),
                          i32Constant(b, loc, q.zeroPoint));
}

/// A constant of `element` type, splat to `like`'s vector shape when `like`
/// is a vector (the micro-kernels run the same epilogue on vectors).
static Value constantLike(OpBuilder &b, Location loc, Type like,
                          TypedAttr scalar) {
  if (auto vec = llvm::dyn_cast<VectorType>(like))
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            VectorType::get(vec.getShape(), scalar.getType()), scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

static Type withElement(Type like, Type element) {
  if (auto vec = llvm::dyn_cast<VectorType>(like))
    return VectorType::get(vec.getShape(), element);
  return element;
}

Value mlir::qnn::clampBeforeZeroPoint(OpBuilder &b, Location loc, Value x,
                                      Value zeroPoint, int64_t qmin,
                                      int64_t qmax) {
  Type like = x.getType();
  Value zpF = arith::SIToFPOp::create(b, loc, like, zeroPoint);
  Value lo = arith::SubFOp::create(
      b, loc, constantLike(b, loc, like, b.getF32FloatAttr(float(qmin))), zpF);
  Value hi = arith::SubFOp::create(
      b, loc, constantLike(b, loc, like, b.getF32FloatAttr(float(qmax))), zpF);
  Value clamped = arith::MaxNumFOp::create(b, loc, x, lo);
  return arith::MinNumFOp::create(b, loc, clamped, hi);
}

/// roundAddClamp's value before the truncation to `width` bits: i32 for 8-
/// and 16-bit types, i64 for qint32.
static Value roundAddClampWide(OpBuilder &b, Location loc, Value x,
                               Value zeroPoint, int64_t qmin, int64_t qmax,
                               unsigned width) {
  Type like = x.getType();
  Value r = math::RoundEvenOp::create(b, loc, x);
  // Clamp in float first so fptosi never sees an out-of-range value (NaN
  // becomes qmin, as ATen's cast of NaN to int64 does on x86); the bounds
  // are offset by the zero point, so the final clamp is exact.
  Value clamped = clampBeforeZeroPoint(b, loc, r, zeroPoint, qmin, qmax);
  // i64 for qint32, whose range could overflow; the clamped value plus the
  // zero point of an 8- or 16-bit type always fits in i32 (cheaper in the
  // vectorized epilogues).
  IntegerType wide = width > 16 ? b.getI64Type() : b.getI32Type();
  Value i = arith::FPToSIOp::create(b, loc, withElement(like, wide), clamped);
  Value zpWide = zeroPoint;
  if (wide.getWidth() > 32)
    zpWide = arith::ExtSIOp::create(b, loc, withElement(like, wide), zeroPoint);
  Value withZp = arith::AddIOp::create(b, loc, i, zpWide);
  // For 8- and 16-bit types the float bounds are exact small integers, so
  // the sum is already in [qmin, qmax]; qint32's float(qmax) rounds up to
  // 2^31 and needs the integer clamp.
  if (width > 16) {
    auto i64Const = [&](int64_t v) {
      return constantLike(b, loc, like, b.getIntegerAttr(wide, v));
    };
    withZp = arith::MaxSIOp::create(b, loc, withZp, i64Const(qmin));
    withZp = arith::MinSIOp::create(b, loc, withZp, i64Const(qmax));
  }
  return withZp;
}

Value mlir::qnn::roundAddClamp(OpBuilder &b, Location loc, Value x,
                               Value zeroPoint, int64_t qmin, int64_t qmax,
                               unsigned width) {
  Value wide = roundAddClampWide(b, loc, x, zeroPoint, qmin, qmax, width);
  if (width == getElementTypeOrSelf(wide.getType()).getIntOrFloatBitWidth())
    return wide;
  return arith::TruncIOp::create(
      b, loc, withElement(x.getType(), b.getIntegerType(width)), wide);
}

Value mlir::qnn::roundAddClampI32(OpBuilder &b, Location loc, Value x,
                                  Value zeroPoint, int64_t qmin, int64_t qmax) {
  return roundAddClampWide(b, loc, x, zeroPoint, qmin, qmax, /*width=*/16);
}

std::optional<QuantizedAddParams>
mlir::qnn::getQuantizedAddParams(const TensorQuant &a, const TensorQuant &b,
                                 const TensorQuant &o, bool relu) {
  std::optional<qnn_add_params::AddParams> q = qnn_add_params::addParams(
      static_cast<float>(a.scale), a.zeroPoint, static_cast<float>(b.scale),
      b.zeroPoint, static_cast<float>(o.scale), o.zeroPoint,
      relu ? std::max<int64_t>(o.qmin, o.zeroPoint) : o.qmin, o.qmax);
  if (!q)
    return std::nullopt;
  return QuantizedAddParams{q->am, q->bm, q->zpp, q->shift, q->zeroPoint,
                            q->lo, q->hi};
}

Value mlir::qnn::emitQuantizedAdd(OpBuilder &b, Location loc,
                                  const QuantizedAddParams &p, Value qa,
                                  Value qb) {
  Type like = qa.getType();
  auto c = [&](int32_t v) {
    return constantLike(b, loc, like, b.getI32IntegerAttr(v));
  };
  Value acc = arith::AddIOp::create(b, loc, c(p.zpp),
                                    arith::MulIOp::create(b, loc, qa, c(p.am)));
  acc = arith::AddIOp::create(b, loc, acc,
                              arith::MulIOp::create(b, loc, qb, c(p.bm)));
  // Round half away from zero and add the zero point. QNNPACK: rem = (acc &
  // mask) - (acc < 0), q = (acc >> shift) + (rem > mask / 2) + zo. Here
  // t = (acc - (acc < 0)) >> (shift - 1), q = (t + 1 + 2 zo) >> 1: the same
  // value for every acc (the rounding test is the bit below the shift), in
  // five vector instructions instead of nine (no compare and mask round trip;
  // this runs in the residual-add epilogue of resnet's convs). No overflow:
  // qa * am + qb * bm and -zpp are in [0, 2^31 - 2^23] (am, bm <= 2^22, all
  // q and zero points <= 255), so acc - 1 and t + 1 + 2 zo fit in i32.
  Value q;
  if (p.shift > 0) {
    Value accm = arith::AddIOp::create(
        b, loc, acc, arith::ShRSIOp::create(b, loc, acc, c(31)));
    Value t = arith::ShRSIOp::create(b, loc, accm, c(p.shift - 1));
    q = arith::ShRSIOp::create(
        b, loc, arith::AddIOp::create(b, loc, t, c(1 + 2 * p.zeroPoint)), c(1));
  } else {
    q = arith::AddIOp::create(b, loc, acc, c(p.zeroPoint));
  }
  q = arith::MaxSIOp::create(b, loc, q, c(p.lo));
  return arith::MinSIOp::create(b, loc, q, c(p.hi));
}

Value mlir::qnn::quantizeScalar(OpBuilder &b, Location loc, Value x,
                                Value invScale, Value zeroPoint, int64_t qmin,
                                int64_t qmax, unsigned width) {
  Value scaled = arith::MulFOp::create(b, loc, x, invScale);
  return roundAddClamp(b, loc, scaled, zeroPoint, qmin, qmax, width);
}

Value mlir::qnn::quantizeScalar(OpBuilder &b, Location loc, Value x,
                                const TensorQuant &q) {
  float inv = 1.0f / static_cast<float>(q.scale);
  return quantizeScalar(b, loc, x, f32Constant(b, loc, inv),
                        i32Constant(b, loc, q.zeroPoint), q.qmin, q.qmax,
                        q.width);
}

PerAxisConstants
mlir::qnn::buildPerAxisConstants(OpBuilder &b, Location loc,
                                 quant::UniformQuantizedPerAxisType type) {
  SmallVector<float> scales, inv;
  SmallVector<int32_t> zps;
  for (double s : type.getScales()) {
    scales.push_back(static_cast<float>(s));
    inv.push_back(1.0f / static_cast<float>(s));
  }
  for (int64_t z : type.getZeroPoints())
    zps.push_back(static_cast<int32_t>(z));
  int64_t n = scales.size();
  auto f32Type = RankedTensorType::get({n}, b.getF32Type());
  auto i32Type = RankedTensorType::get({n}, b.getI32Type());
  auto make = [&](Attribute attr) {
    return arith::ConstantOp::create(b, loc, llvm::cast<TypedAttr>(attr))
        .getResult();
  };
  return {make(DenseElementsAttr::get(f32Type, ArrayRef<float>(scales))),
          make(DenseElementsAttr::get(f32Type, ArrayRef<float>(inv))),
          make(DenseElementsAttr::get(i32Type, ArrayRef<int32_t>(zps))),
          type.getQuantizedDimension()};
}

Value mlir::qnn::toFloatTensor(OpBuilder &b, Location loc, Value v,
                               Type originalType) {
  quant::QuantizedType qtype = getQuantizedElementType(originalType);
  if (!qtype)
    return v;
  Type f32 = b.getF32Type();
  if (std::optional<TensorQuant> q = getTensorQuant(originalType))
    return mapElementwise(b, loc, v, shapeOf(v), f32,
                          [&](OpBuilder &nb, Location l, ValueRange a) {
                            return dequantizeScalar(nb, l, a[0], *q);
                          });
  auto perAxis = llvm::cast<quant::UniformQuantizedPerAxisType>(qtype);
  PerAxisConstants c = buildPerAxisConstants(b, loc, perAxis);
  return mapWithChannelInput(
      b, loc, v, ValueRange{c.scales, c.zeroPoints}, c.axis,
      shapeOf(v), f32, [&](OpBuilder &nb, Location l, ValueRange a) {
        return dequantizeScalar(nb, l, a[0], perAxis.isSigned(), a[1], a[2]);
      });
}

Value mlir::qnn::fromFloatTensor(OpBuilder &b, Location loc, Value v,
                                 Type resultType) {
  std::optional<TensorQuant> q = getTensorQuant(resultType);
  if (!q)
    return v;
  return mapElementwise(b, loc, v, shapeOf(v), b.getIntegerType(q->width),
                        [&](OpBuilder &nb, Location l, ValueRange a) {
                          return quantizeScalar(nb, l, a[0], *q);
                        });
}

static Value reduceOver(OpBuilder &b, Location loc, Value x,
                        ArrayRef<int64_t> reduced, Attribute init,
                        function_ref<Value(OpBuilder &, Location, Value, Value)>
                            combine,
                        BodyFn element) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(x);
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0, e = shape.size(); d < e; ++d) {
    bool isReduced = llvm::is_contained(reduced, d);
    iterators.push_back(isReduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
    if (!isReduced) {
      outShape.push_back(shape[d]);
      outExprs.push_back(getAffineDimExpr(d, ctx));
    }
  }
  Value initT = createFilled(b, loc, outShape, init);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(shape.size(), ctx),
      AffineMap::get(shape.size(), 0, outExprs, ctx)};
  return linalg::GenericOp::create(
             b, loc, initT.getType(), ValueRange{x}, ValueRange{initT}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value v = element ? element(nb, l, a[0]) : a[0];
               linalg::YieldOp::create(nb, l, combine(nb, l, a[1], v));
             })
      .getResult(0);
}

Value mlir::qnn::sumOver(OpBuilder &b, Location loc, Value x,
                         ArrayRef<int64_t> reduced, BodyFn element) {
  return reduceOver(
      b, loc, x, reduced, b.getF32FloatAttr(0.0f),
      [](OpBuilder &nb, Location l, Value acc, Value v) -> Value {
        return arith::AddFOp::create(nb, l, acc, v);
      },
      element);
}

Value mlir::qnn::sumOverI64(OpBuilder &b, Location loc, Value x,
                            ArrayRef<int64_t> reduced, BodyFn element) {
  return reduceOver(
      b, loc, x, reduced, b.getI64IntegerAttr(0),
      [](OpBuilder &nb, Location l, Value acc, Value v) -> Value {
        return arith::AddIOp::create(nb, l, acc, v);
      },
      element);
}

Value mlir::qnn::maxOver(OpBuilder &b, Location loc, Value x,
                         ArrayRef<int64_t> reduced) {
  return reduceOver(
      b, loc, x, reduced,
      b.getF32FloatAttr(-std::numeric_limits<float>::infinity()),
      [](OpBuilder &nb, Location l, Value acc, Value v) -> Value {
        return arith::MaximumFOp::create(nb, l, acc, v);
      },
      nullptr);
}

Value mlir::qnn::minOver(OpBuilder &b, Location loc, Value x,
                         ArrayRef<int64_t> reduced) {
  return reduceOver(
      b, loc, x, reduced,
      b.getF32FloatAttr(std::numeric_limits<float>::infinity()),
      [](OpBuilder &nb, Location l, Value acc, Value v) -> Value {
        return arith::MinimumFOp::create(nb, l, acc, v);
      },
      nullptr);
}

Value mlir::qnn::mapWithReduced(OpBuilder &b, Location loc, Value x,
                                ValueRange stats, ArrayRef<int64_t> reduced,
                                BodyFn body, Type elementType) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(x);
  SmallVector<AffineExpr> kept;
  for (int64_t d = 0, e = shape.size(); d < e; ++d)
    if (!llvm::is_contained(reduced, d))
      kept.push_back(getAffineDimExpr(d, ctx));
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(shape.size(), ctx)};
  for (size_t i = 0; i < stats.size(); ++i)
    maps.push_back(AffineMap::get(shape.size(), 0, kept, ctx));
  SmallVector<Value> inputs = {x};
  llvm::append_range(inputs, stats);
  return buildGeneric(b, loc, inputs, maps, shape,
                      elementType ? elementType : b.getF32Type(), body);
}

std::pair<Value, Value> mlir::qnn::batchNormAlphaBeta(OpBuilder &b,
                                                      Location loc, Value mean,
                                                      Value var, Value weight,
                                                      Value bias, float eps) {
  SmallVector<Value> params = {mean, var};
  bool affine = weight && bias;
  if (affine) {
    params.push_back(weight);
    params.push_back(bias);
  }
  int64_t channels = shapeOf(mean)[0];
  auto compute = [&](bool wantBeta) {
    return mapElementwise(
        b, loc, params, {channels}, b.getF32Type(),
        [&](OpBuilder &nb, Location l, ValueRange a) {
          Value v = arith::AddFOp::create(nb, l, a[1], f32Constant(nb, l, eps));
          Value invstd = arith::DivFOp::create(nb, l, f32Constant(nb, l, 1.0f),
                                               math::SqrtOp::create(nb, l, v));
          Value alpha =
              affine ? arith::MulFOp::create(nb, l, a[2], invstd) : invstd;
          if (!wantBeta)
            return alpha;
          Value m = arith::MulFOp::create(nb, l, a[0], alpha);
          return affine ? (Value)arith::SubFOp::create(nb, l, a[3], m)
                        : (Value)arith::NegFOp::create(nb, l, m);
        });
  };
  return {compute(false), compute(true)};
}

WeightQuant mlir::qnn::getWeightQuant(Type type, int64_t channels) {
  quant::QuantizedType q = getQuantizedElementType(type);
  WeightQuant w;
  w.isSigned = q.isSigned();
  if (auto u = llvm::dyn_cast<quant::UniformQuantizedType>(q)) {
    w.scales.assign(channels, u.getScale());
    w.zeroPoints.assign(channels, u.getZeroPoint());
  } else {
    auto p = llvm::cast<quant::UniformQuantizedPerAxisType>(q);
    w.scales.assign(p.getScales().begin(), p.getScales().end());
    w.zeroPoints.assign(p.getZeroPoints().begin(), p.getZeroPoints().end());
  }
  return w;
}

RequantConstants mlir::qnn::getRequantConstants(double inScale,
                                                const WeightQuant &w,
                                                double outScale) {
  RequantConstants k;
  for (double ws : w.scales) {
    // torch's qnnpack kernels: the bias scale is the double product
    // in_scale * w_scale rounded to float; the requantization multiplier is
    // (w_scale * in_scale) * (1.0f / out_scale), all in float32.
    float biasScale = static_cast<float>(inScale * ws);
    k.invBiasScale.push_back(1.0f / biasScale);
    float product = static_cast<float>(ws) * static_cast<float>(inScale);
    k.multiplier.push_back(product * (1.0f / static_cast<float>(outScale)));
  }
  return k;
}
