//===- LinalgBuilders.cpp - shared builders for qnn-to-linalg ---*- C++ -*-===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

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

Value mlir::qnn::f32Constant(OpBuilder &b, Location loc, float value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
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

Value mlir::qnn::roundAddClamp(OpBuilder &b, Location loc, Value x,
                               Value zeroPoint, int64_t qmin, int64_t qmax,
                               unsigned width) {
  Value r = math::RoundEvenOp::create(b, loc, x);
  // Clamp in float first so fptosi never sees an out-of-range value (NaN
  // becomes qmin, as ATen's cast of NaN to int64 does on x86); the bounds
  // are offset by the zero point, so the final clamp is exact.
  Value zpF = arith::SIToFPOp::create(b, loc, b.getF32Type(), zeroPoint);
  Value lo = arith::SubFOp::create(b, loc, f32Constant(b, loc, float(qmin)), zpF);
  Value hi = arith::SubFOp::create(b, loc, f32Constant(b, loc, float(qmax)), zpF);
  Value clamped = arith::MaxNumFOp::create(b, loc, r, lo);
  clamped = arith::MinNumFOp::create(b, loc, clamped, hi);
  // i64 so that qint32's range cannot overflow.
  Type i64 = b.getI64Type();
  Value i = arith::FPToSIOp::create(b, loc, i64, clamped);
  Value zp64 = arith::ExtSIOp::create(b, loc, i64, zeroPoint);
  Value withZp = arith::AddIOp::create(b, loc, i, zp64);
  auto i64Const = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  withZp = arith::MaxSIOp::create(b, loc, withZp, i64Const(qmin));
  withZp = arith::MinSIOp::create(b, loc, withZp, i64Const(qmax));
  return arith::TruncIOp::create(b, loc, b.getIntegerType(width), withZp);
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
