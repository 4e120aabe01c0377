//===- Pooling.cpp - pooling to linalg --------------------------*- C++ -*-===//
//
// max_pool2d pools channels-last storage values (quint8 compares unsigned)
// and keeps the input's qparams. Float average
// pools sum over the (padded) window and divide by PyTorch's divisor,
// computed at compile time per output position. Quantized 2-D average pools
// sum `q - zp` channels-last (in i16 when no window sum can leave it, else
// i32; 3-D ones in i32) and requantize the way torch's kernel for the case does
// (docs/numerics.md): QNNPACK's `zo + rint(acc * (si / (so * kh * kw)))`
// for quint8 without ceil_mode, ATen's `rint(acc * ((si / so) / divisor) +
// zo)` otherwise. 3-D pools and adaptive pools go through one N-D windowed
// reduction (linalg.generic, window in ATen's row-major order); adaptive bins
// that are not uniform read the input at `start[o] + j`.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include <cmath>
#include <limits>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> values) {
  return DenseIntElementsAttr::get(
      VectorType::get({(int64_t)values.size()}, b.getI64Type()), values);
}

/// Pads the trailing low.size() (spatial) dims of an N x C x ... tensor with
/// `value`.
Value padSpatial(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high, Attribute value) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return x;
  SmallVector<int64_t> shape(shapeOf(x));
  SmallVector<OpFoldResult> lo = {b.getIndexAttr(0), b.getIndexAttr(0)},
                            hi = {b.getIndexAttr(0), b.getIndexAttr(0)};
  for (size_t i = 0; i < low.size(); ++i) {
    shape[i + 2] += low[i] + high[i];
    lo.push_back(b.getIndexAttr(low[i]));
    hi.push_back(b.getIndexAttr(high[i]));
  }
  auto type = RankedTensorType::get(
      shape, llvm::cast<ShapedType>(x.getType()).getElementType());
  Value pad = arith::ConstantOp::create(b, loc, llvm::cast<TypedAttr>(value));
  return tensor::PadOp::create(b, loc, type, x, lo, hi, pad);
}

/// Pads the spatial dims (1 and 2) of an N x H x W x C tensor with `value`.
Value padChannelsLast(OpBuilder &b, Location loc, Value x,
                      ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                      Attribute value) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return x;
  SmallVector<int64_t> shape(shapeOf(x));
  shape[1] += low[0] + high[0];
  shape[2] += low[1] + high[1];
  SmallVector<OpFoldResult> lo = {b.getIndexAttr(0), b.getIndexAttr(low[0]),
                                  b.getIndexAttr(low[1]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> hi = {b.getIndexAttr(0), b.getIndexAttr(high[0]),
                                  b.getIndexAttr(high[1]), b.getIndexAttr(0)};
  auto type = RankedTensorType::get(
      shape, llvm::cast<ShapedType>(x.getType()).getElementType());
  Value pad = arith::ConstantOp::create(b, loc, llvm::cast<TypedAttr>(value));
  return tensor::PadOp::create(b, loc, type, x, lo, hi, pad);
}

/// linalg.transpose of an N x C x H x W tensor to N x H x W x C.
Value nchwToChannelsLast(OpBuilder &b, Location loc, Value x) {
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> nhwc = {s[0], s[2], s[3], s[1]};
  Type elem = llvm::cast<ShapedType>(x.getType()).getElementType();
  return linalg::TransposeOp::create(b, loc, x, createEmpty(b, loc, nhwc, elem),
                                     ArrayRef<int64_t>{0, 2, 3, 1})
      .getResult()[0];
}

/// Extra high padding so that ceil-mode windows stay inside the tensor.
SmallVector<int64_t> highPadding(ArrayRef<int64_t> inShape,
                                 ArrayRef<int64_t> outShape,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> stride,
                                 ArrayRef<int64_t> padding,
                                 ArrayRef<int64_t> dilation) {
  SmallVector<int64_t> high;
  size_t rank = kernel.size();
  for (size_t i = 0; i < rank; ++i) {
    int64_t in = inShape[inShape.size() - rank + i];
    int64_t out = outShape[outShape.size() - rank + i];
    int64_t needed = (out - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1;
    high.push_back(std::max<int64_t>(padding[i], needed - in - padding[i]));
  }
  return high;
}

/// The lowest value of a pooled element type: padding never wins a max.
Attribute lowestValue(OpBuilder &b, Type elem, std::optional<TensorQuant> q) {
  if (q)
    return b.getIntegerAttr(elem, q->isSigned
                                      ? APInt::getSignedMinValue(q->width)
                                      : APInt::getZero(q->width));
  return b.getF32FloatAttr(-std::numeric_limits<float>::infinity());
}

/// A quantized tensor's values in f32.
Value dequantized(OpBuilder &b, Location loc, Value x, const TensorQuant &q) {
  return mapElementwise(b, loc, x, shapeOf(x), b.getF32Type(),
                        [&](OpBuilder &nb, Location l, ValueRange a) {
                          return dequantizeScalar(nb, l, a[0], q);
                        });
}

/// A quantized tensor's storage values less its zero point, in i32.
Value centered(OpBuilder &b, Location loc, Value x, const TensorQuant &q) {
  int64_t zp = q.zeroPoint;
  bool isSigned = q.isSigned;
  return mapElementwise(b, loc, x, shapeOf(x), b.getI32Type(),
                        [&](OpBuilder &nb, Location l, ValueRange a) {
                          Value v = extendToI32(nb, l, a[0], isSigned);
                          return arith::SubIOp::create(nb, l, v,
                                                       i32Constant(nb, l, zp));
                        });
}

/// `ins[0]` divided by each of the other inputs in turn (f32), quantized to
/// `outQ` if given.
Value divideAndQuantize(OpBuilder &b, Location loc, ValueRange ins,
                        ArrayRef<int64_t> outShape,
                        std::optional<TensorQuant> outQ) {
  Type elem = outQ ? Type(b.getIntegerType(outQ->width)) : b.getF32Type();
  return mapElementwise(b, loc, ins, outShape, elem,
                        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                          Value y = a[0];
                          for (Value k : a.drop_front())
                            y = arith::DivFOp::create(nb, l, y, k);
                          return outQ ? quantizeScalar(nb, l, y, *outQ) : y;
                        });
}

/// max_pool2d in channels-last (linalg.pooling_nhwc_max*), between two
/// transposes that qnn-fuse-elementwise folds into the neighbouring layout
/// changes. Quantized inputs pool their storage values directly (q -> q - zp
/// is monotonic; unsigned storage compares unsigned) and keep their qparams.
struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (shapeOf(op.getInput()).size() != 4)
      return op.emitOpError("qnn-to-linalg: max_pool2d needs a 4-D input");
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getStride().value_or(kernel);
    ArrayRef<int64_t> outShape = shapeOf(op.getResult());
    std::optional<TensorQuant> q = getTensorQuant(op.getInput().getType());
    Value x = adaptor.getInput();
    Type elem = llvm::cast<ShapedType>(x.getType()).getElementType();
    Attribute lowest = lowestValue(rewriter, elem, q);
    ArrayRef<int64_t> inShape = shapeOf(x);
    SmallVector<int64_t> high = highPadding(inShape, outShape, kernel, stride,
                                            op.getPadding(), op.getDilation());
    x = padChannelsLast(rewriter, loc, nchwToChannelsLast(rewriter, loc, x),
                        op.getPadding(), high, lowest);
    SmallVector<int64_t> outNhwc = {outShape[0], outShape[2], outShape[3],
                                    outShape[1]};
    Value window = createEmpty(rewriter, loc, kernel, rewriter.getF32Type());
    Value init = createFilled(rewriter, loc, outNhwc, lowest);
    SmallVector<Value> ins = {x, window};
    auto strides = i64Vector(rewriter, stride);
    auto dilations = i64Vector(rewriter, op.getDilation());
    Value pooled =
        q && !q->isSigned
            ? linalg::PoolingNhwcMaxUnsignedOp::create(
                  rewriter, loc, TypeRange{init.getType()}, ins,
                  ValueRange{init}, strides, dilations)
                  .getResult(0)
            : linalg::PoolingNhwcMaxOp::create(rewriter, loc,
                                               TypeRange{init.getType()}, ins,
                                               ValueRange{init}, strides,
                                               dilations)
                  .getResult(0);
    rewriter.replaceOp(op, channelsLastToNchw(rewriter, loc, pooled));
    return success();
  }
};

/// Averages windows of an N x C x H x W tensor in float: `sum /
/// divisor[h][w]`; a quantized input is dequantized first and a quantized
/// result quantized at the end (inQ/outQ).
Value averageWindows(OpBuilder &b, Location loc, Value x,
                     std::optional<TensorQuant> inQ,
                     std::optional<TensorQuant> outQ,
                     ArrayRef<int64_t> outShape, ArrayRef<int64_t> kernel,
                     ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                     ArrayRef<int64_t> high, ArrayRef<float> divisors) {
  if (inQ)
    x = dequantized(b, loc, x, *inQ);
  x = padSpatial(b, loc, x, padding, high, b.getF32FloatAttr(0.0f));
  Value window = createEmpty(b, loc, kernel, b.getF32Type());
  Value init = createFilled(b, loc, outShape, b.getF32FloatAttr(0.0f));
  SmallVector<int64_t> ones = {1, 1};
  Value sum = linalg::PoolingNchwSumOp::create(
                  b, loc, TypeRange{init.getType()}, ValueRange{x, window},
                  ValueRange{init}, i64Vector(b, stride), i64Vector(b, ones))
                  .getResult(0);
  auto divType = RankedTensorType::get(outShape.take_back(2), b.getF32Type());
  Value div =
      arith::ConstantOp::create(b, loc, DenseElementsAttr::get(divType, divisors));
  return divideAndQuantize(b, loc, ValueRange{sum, div}, outShape, outQ);
}

/// Window sums of `q - zp` over a quantized N x C x H x W tensor, as an
/// N x C x H x W tensor; padded positions contribute 0 (they hold the zero
/// point). The sums run channels-last (linalg.pooling_nhwc_sum between two
/// transposes that qnn-fuse-elementwise folds into the neighbouring layout
/// changes, so the loops vectorize across channels), in i16 when no sum can
/// leave it (8-bit storage: |q - zp| <= 255 per element, at most 128
/// elements per window), else in i32. Integer sums are exact in either.
Value quantizedWindowSums(OpBuilder &b, Location loc, Value x,
                          const TensorQuant &inQ, ArrayRef<int64_t> outShape,
                          ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                          ArrayRef<int64_t> padding, ArrayRef<int64_t> high) {
  int64_t poolSize = kernel[0] * kernel[1];
  Type acc = inQ.width == 8 && poolSize * 255 <= INT16_MAX ? b.getI16Type()
                                                          : b.getI32Type();
  int64_t zp = inQ.zeroPoint;
  bool isSigned = inQ.isSigned;
  Value nhwc = nchwToChannelsLast(b, loc, x);
  Value c = mapElementwise(
      b, loc, nhwc, shapeOf(nhwc), acc,
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value v = extendToI32(nb, l, a[0], isSigned);
        v = arith::SubIOp::create(nb, l, v, i32Constant(nb, l, zp));
        return acc.isInteger(32) ? v : arith::TruncIOp::create(nb, l, acc, v);
      });
  c = padChannelsLast(b, loc, c, padding, high, b.getIntegerAttr(acc, 0));
  SmallVector<int64_t> outNhwc = {outShape[0], outShape[2], outShape[3],
                                  outShape[1]};
  Value window = createEmpty(b, loc, kernel, b.getF32Type());
  Value init = createFilled(b, loc, outNhwc, b.getIntegerAttr(acc, 0));
  SmallVector<int64_t> ones = {1, 1};
  Value sums = linalg::PoolingNhwcSumOp::create(
                   b, loc, TypeRange{init.getType()}, ValueRange{c, window},
                   ValueRange{init}, i64Vector(b, stride), i64Vector(b, ones))
                   .getResult(0);
  return channelsLastToNchw(b, loc, sums);
}

/// QNNPACK's average-pooling requantization (pytorch_qnnp average pooling,
/// used by torch's quint8 avg_pool2d without ceil_mode and by
/// adaptive_avg_pool2d with divisible sizes): `zo + rint(acc * m)` with
/// `m = si / (so * (float)(kh * kw))` in float32.
Value qnnpackAverage(OpBuilder &b, Location loc, Value sums,
                     ArrayRef<int64_t> outShape, const TensorQuant &inQ,
                     const TensorQuant &outQ, int64_t poolSize) {
  float si = static_cast<float>(inQ.scale), so = static_cast<float>(outQ.scale);
  float m = si / (so * static_cast<float>(poolSize));
  TensorQuant o = outQ;
  return mapElementwise(
      b, loc, sums, outShape, b.getIntegerType(o.width),
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value f = arith::SIToFPOp::create(nb, l, nb.getF32Type(), a[0]);
        Value y = arith::MulFOp::create(nb, l, f, f32Constant(nb, l, m));
        return roundAddClamp(nb, l, y, i32Constant(nb, l, o.zeroPoint), o.qmin,
                             o.qmax, o.width);
      });
}

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> inShape = shapeOf(op.getInput());
    if (inShape.size() != 4)
      return op.emitOpError("qnn-to-linalg: avg_pool2d needs a 4-D input");
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getStride().value_or(kernel);
    ArrayRef<int64_t> pad = op.getPadding();
    ArrayRef<int64_t> outShape = shapeOf(op.getResult());
    SmallVector<int64_t> ones = {1, 1};
    SmallVector<int64_t> high =
        highPadding(inShape, outShape, kernel, stride, pad, ones);
    std::optional<TensorQuant> inQ = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    int64_t poolSize = kernel[0] * kernel[1];
    if (inQ && outQ && !inQ->isSigned && inQ->width == 8 && !op.getCeilMode() &&
        poolSize > 1) {
      // QNNPACK's kernel: padding holds the zero point and the divisor is
      // always kh * kw (count_include_pad and divisor_override are ignored,
      // as torch's qnnpack path does).
      Value sums = quantizedWindowSums(rewriter, loc, adaptor.getInput(), *inQ,
                                       outShape, kernel, stride, pad, high);
      rewriter.replaceOp(op, qnnpackAverage(rewriter, loc, sums, outShape, *inQ,
                                            *outQ, poolSize));
      return success();
    }
    // ATen's avg_pool2d divisor for each output position.
    SmallVector<float> divisors;
    int64_t H = inShape[2], W = inShape[3];
    for (int64_t oh = 0; oh < outShape[2]; ++oh)
      for (int64_t ow = 0; ow < outShape[3]; ++ow) {
        if (std::optional<uint64_t> d = op.getDivisorOverride()) {
          divisors.push_back(static_cast<float>(*d));
          continue;
        }
        int64_t hs = oh * stride[0] - pad[0], ws = ow * stride[1] - pad[1];
        int64_t he = std::min(hs + kernel[0], H + pad[0]);
        int64_t we = std::min(ws + kernel[1], W + pad[1]);
        int64_t poolSize = (he - hs) * (we - ws);
        hs = std::max<int64_t>(hs, 0);
        ws = std::max<int64_t>(ws, 0);
        he = std::min(he, H);
        we = std::min(we, W);
        divisors.push_back(static_cast<float>(
            op.getCountIncludePad() ? poolSize : (he - hs) * (we - ws)));
      }
    if (!inQ || !outQ) {
      rewriter.replaceOp(op, averageWindows(rewriter, loc, adaptor.getInput(),
                                            inQ, outQ, outShape, kernel,
                                            stride, pad, high, divisors));
      return success();
    }
    // ATen's avg_pool2d_out_frame: rint(acc * multiplier + zo) with
    // multiplier = (float)((double)si / (double)so / divisor).
    SmallVector<float> multipliers;
    for (float d : divisors)
      multipliers.push_back(
          static_cast<float>(inQ->scale / outQ->scale / static_cast<double>(d)));
    Value sums = quantizedWindowSums(rewriter, loc, adaptor.getInput(), *inQ,
                                     outShape, kernel, stride, pad, high);
    auto mulType = RankedTensorType::get(outShape.take_back(2),
                                         rewriter.getF32Type());
    Value mul = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(mulType, ArrayRef(multipliers)));
    TensorQuant o = *outQ;
    rewriter.replaceOp(
        op, mapElementwise(
                rewriter, loc, ValueRange{sums, mul}, outShape,
                rewriter.getIntegerType(o.width),
                [&](OpBuilder &b, Location l, ValueRange a) {
                  Value f = arith::SIToFPOp::create(b, l, b.getF32Type(), a[0]);
                  Value y = arith::MulFOp::create(b, l, f, a[1]);
                  y = arith::AddFOp::create(
                      b, l, y, f32Constant(b, l, static_cast<float>(o.zeroPoint)));
                  return roundAddClamp(b, l, y, i32Constant(b, l, 0), o.qmin,
                                       o.qmax, o.width);
                }));
    return success();
  }
};

/// How windowed reductions combine their elements.
enum class Combine { MaxFloat, MaxSigned, MaxUnsigned, Add };

Value combine(OpBuilder &b, Location loc, Combine kind, Value acc, Value v) {
  switch (kind) {
  case Combine::MaxFloat:
    return arith::MaximumFOp::create(b, loc, acc, v); // NaN propagates
  case Combine::MaxSigned:
    return arith::MaxSIOp::create(b, loc, acc, v);
  case Combine::MaxUnsigned:
    return arith::MaxUIOp::create(b, loc, acc, v);
  case Combine::Add:
    return llvm::isa<FloatType>(acc.getType())
               ? arith::AddFOp::create(b, loc, acc, v).getResult()
               : arith::AddIOp::create(b, loc, acc, v).getResult();
  }
  llvm_unreachable("combine kind");
}

/// out[n, c, o] = combine over the window k (row-major, ATen's loop order) of
/// x[n, c, o * stride + k * dilation], for any number of spatial dims; `x`
/// is already padded.
Value reduceWindows(OpBuilder &b, Location loc, Value x,
                    ArrayRef<int64_t> outShape, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation,
                    Attribute init, Combine kind) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = kernel.size(), loops = 2 + 2 * rank;
  SmallVector<AffineExpr> inExprs = {getAffineDimExpr(0, ctx),
                                     getAffineDimExpr(1, ctx)};
  SmallVector<AffineExpr> windowExprs, outExprs = inExprs;
  for (int64_t i = 0; i < rank; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, ctx);
    AffineExpr k = getAffineDimExpr(2 + rank + i, ctx);
    inExprs.push_back(o * stride[i] + k * dilation[i]);
    windowExprs.push_back(k);
    outExprs.push_back(o);
  }
  SmallVector<AffineMap> maps = {AffineMap::get(loops, 0, inExprs, ctx),
                                 AffineMap::get(loops, 0, windowExprs, ctx),
                                 AffineMap::get(loops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(2 + rank,
                                             utils::IteratorType::parallel);
  iterators.append(rank, utils::IteratorType::reduction);
  Value window = createEmpty(b, loc, kernel, b.getF32Type());
  Value out = createFilled(b, loc, outShape, init);
  return linalg::GenericOp::create(
             b, loc, out.getType(), ValueRange{x, window}, ValueRange{out},
             maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(nb, l, combine(nb, l, kind, a[2], a[0]));
             })
      .getResult(0);
}

/// ATen's adaptive bins along one dimension: start `floor(i * in / out)` and
/// end `ceil((i + 1) * in / out)`, with its float32 division.
struct AdaptiveBins {
  SmallVector<int64_t> start, size;
  int64_t maxSize = 0;
  bool uniform = false;
};

AdaptiveBins adaptiveBins(int64_t in, int64_t out) {
  AdaptiveBins bins;
  for (int64_t i = 0; i < out; ++i) {
    auto lo = static_cast<int64_t>(
        std::floor(static_cast<float>(i * in) / static_cast<float>(out)));
    auto hi = static_cast<int64_t>(
        std::ceil(static_cast<float>((i + 1) * in) / static_cast<float>(out)));
    bins.start.push_back(lo);
    bins.size.push_back(hi - lo);
    bins.maxSize = std::max(bins.maxSize, hi - lo);
  }
  bins.uniform = in % out == 0;
  for (int64_t i = 0; i < out && bins.uniform; ++i)
    bins.uniform = bins.start[i] == i * (in / out) && bins.size[i] == in / out;
  return bins;
}

/// out[n, c, o] = combine over x[n, c, bin(o)] in row-major order, for
/// PyTorch's adaptive bins. Uniform bins are strided windows; otherwise a
/// window of the largest bin size reads the input through tensor.extract at
/// `start[o] + j` and skips `j >= size[o]`.
Value reduceAdaptiveBins(OpBuilder &b, Location loc, Value x,
                         ArrayRef<AdaptiveBins> bins,
                         ArrayRef<int64_t> outShape, Attribute init,
                         Combine kind) {
  int64_t rank = bins.size();
  if (llvm::all_of(bins, [](const AdaptiveBins &d) { return d.uniform; })) {
    SmallVector<int64_t> kernel, ones(rank, 1);
    for (const AdaptiveBins &d : bins)
      kernel.push_back(d.size[0]);
    return reduceWindows(b, loc, x, outShape, kernel, kernel, ones, init, kind);
  }
  MLIRContext *ctx = b.getContext();
  int64_t loops = 2 + 2 * rank;
  SmallVector<Value> tables;
  SmallVector<AffineMap> maps;
  SmallVector<int64_t> window;
  for (int64_t i = 0; i < rank; ++i) {
    auto type =
        RankedTensorType::get({(int64_t)bins[i].start.size()}, b.getI64Type());
    for (ArrayRef<int64_t> t :
         {ArrayRef(bins[i].start), ArrayRef(bins[i].size)}) {
      tables.push_back(arith::ConstantOp::create(
          b, loc, DenseIntElementsAttr::get(type, t)));
      maps.push_back(AffineMap::get(loops, 0, getAffineDimExpr(2 + i, ctx)));
    }
    window.push_back(bins[i].maxSize);
  }
  SmallVector<AffineExpr> windowExprs, outExprs;
  for (int64_t i = 0; i < 2 + rank; ++i)
    outExprs.push_back(getAffineDimExpr(i, ctx));
  for (int64_t i = 0; i < rank; ++i)
    windowExprs.push_back(getAffineDimExpr(2 + rank + i, ctx));
  tables.push_back(createEmpty(b, loc, window, b.getF32Type()));
  maps.push_back(AffineMap::get(loops, 0, windowExprs, ctx));
  maps.push_back(AffineMap::get(loops, 0, outExprs, ctx));
  SmallVector<utils::IteratorType> iterators(2 + rank,
                                             utils::IteratorType::parallel);
  iterators.append(rank, utils::IteratorType::reduction);
  Value out = createFilled(b, loc, outShape, init);
  return linalg::GenericOp::create(
             b, loc, out.getType(), tables, ValueRange{out}, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Type index = nb.getIndexType();
               SmallVector<Value> indices = {
                   linalg::IndexOp::create(nb, l, 0).getResult(),
                   linalg::IndexOp::create(nb, l, 1).getResult()};
               Value valid;
               for (int64_t i = 0; i < rank; ++i) {
                 Value j = arith::IndexCastOp::create(
                     nb, l, nb.getI64Type(),
                     linalg::IndexOp::create(nb, l, 2 + rank + i));
                 Value inBin = arith::CmpIOp::create(
                     nb, l, arith::CmpIPredicate::slt, j, a[2 * i + 1]);
                 valid = valid ? arith::AndIOp::create(nb, l, valid, inBin)
                                     .getResult()
                               : inBin;
                 // Out-of-bin positions read the bin's start (never used).
                 Value pos = arith::SelectOp::create(
                     nb, l, inBin, arith::AddIOp::create(nb, l, a[2 * i], j),
                     a[2 * i]);
                 indices.push_back(
                     arith::IndexCastOp::create(nb, l, index, pos));
               }
               Value v = tensor::ExtractOp::create(nb, l, x, indices);
               Value acc = a.back();
               linalg::YieldOp::create(
                   nb, l,
                   arith::SelectOp::create(nb, l, valid,
                                           combine(nb, l, kind, acc, v), acc)
                       .getResult());
             })
      .getResult(0);
}

/// The adaptive bins of every spatial dim of `op`'s input.
SmallVector<AdaptiveBins> adaptiveBinsOf(ArrayRef<int64_t> inShape,
                                         ArrayRef<int64_t> outputSize) {
  SmallVector<AdaptiveBins> bins;
  int64_t rank = outputSize.size();
  for (int64_t i = 0; i < rank; ++i)
    bins.push_back(
        adaptiveBins(inShape[inShape.size() - rank + i], outputSize[i]));
  return bins;
}

/// Constant f32 tensor over the output's spatial positions holding
/// `value(position)` (row-major).
Value perPositionConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> spatial,
                          function_ref<float(ArrayRef<int64_t>)> value) {
  SmallVector<float> values;
  SmallVector<int64_t> pos(spatial.size(), 0);
  int64_t count = 1;
  for (int64_t s : spatial)
    count *= s;
  for (int64_t n = 0; n < count; ++n) {
    int64_t rest = n;
    for (int64_t i = spatial.size() - 1; i >= 0; --i) {
      pos[i] = rest % spatial[i];
      rest /= spatial[i];
    }
    values.push_back(value(pos));
  }
  auto type = RankedTensorType::get(spatial, b.getF32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef(values)));
}

/// adaptive_avg_pool2d/3d. Float: ATen's sequential window sum, then
/// `sum / kd / kh / kw`. Quantized (ATen's adaptive_avg_pool_single_out_frame,
/// the output keeping the input's qparams): the raw storage sum times
/// `1.0f / (kd * kh * kw)`, rounded half to even; torch's quint8
/// adaptive_avg_pool2d with divisible sizes runs QNNPACK's average pooling
/// instead (qnnpackAverage).
template <typename OpTy>
struct AdaptiveAvgPoolLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> inShape = shapeOf(op.getInput());
    ArrayRef<int64_t> out = op.getOutputSize();
    int64_t rank = out.size();
    if ((int64_t)inShape.size() != rank + 2)
      return op.emitOpError()
             << "qnn-to-linalg: needs a " << rank + 2 << "-D input";
    ArrayRef<int64_t> outShape = shapeOf(op.getResult());
    ArrayRef<int64_t> spatial = outShape.take_back(rank);
    SmallVector<AdaptiveBins> bins = adaptiveBinsOf(inShape, out);
    std::optional<TensorQuant> inQ = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    Value x = adaptor.getInput();
    auto binSize = [&](ArrayRef<int64_t> pos, int64_t i) {
      return bins[i].size[pos[i]];
    };
    if (!inQ || !outQ) {
      if (inQ)
        x = dequantized(rewriter, loc, x, *inQ);
      Value sum =
          reduceAdaptiveBins(rewriter, loc, x, bins, outShape,
                             rewriter.getF32FloatAttr(0.0f), Combine::Add);
      SmallVector<Value> ins = {sum};
      for (int64_t i = 0; i < rank; ++i)
        ins.push_back(perPositionConstant(
            rewriter, loc, spatial,
            [&](ArrayRef<int64_t> pos) { return (float)binSize(pos, i); }));
      rewriter.replaceOp(op,
                         divideAndQuantize(rewriter, loc, ins, outShape, outQ));
      return success();
    }
    bool uniform =
        llvm::all_of(bins, [](const AdaptiveBins &d) { return d.uniform; });
    if (rank == 2 && uniform && !inQ->isSigned && inQ->width == 8) {
      // torch runs divisible quint8 2-D cases through QNNPACK's average
      // pooling; for equal sizes (n = 1) the formula is the identity it
      // computes too.
      SmallVector<int64_t> kernel = {bins[0].size[0], bins[1].size[0]};
      SmallVector<int64_t> zeros = {0, 0};
      Value sums = quantizedWindowSums(rewriter, loc, x, *inQ, outShape, kernel,
                                       kernel, zeros, zeros);
      rewriter.replaceOp(op, qnnpackAverage(rewriter, loc, sums, outShape, *inQ,
                                            *outQ, kernel[0] * kernel[1]));
      return success();
    }
    bool isSigned = inQ->isSigned;
    x = mapElementwise(rewriter, loc, x, shapeOf(x), rewriter.getI32Type(),
                       [&](OpBuilder &nb, Location l, ValueRange a) {
                         return extendToI32(nb, l, a[0], isSigned);
                       });
    Value sums =
        reduceAdaptiveBins(rewriter, loc, x, bins, outShape,
                           rewriter.getI32IntegerAttr(0), Combine::Add);
    Value r =
        perPositionConstant(rewriter, loc, spatial, [&](ArrayRef<int64_t> pos) {
          int64_t n = 1;
          for (int64_t i = 0; i < rank; ++i)
            n *= binSize(pos, i);
          return 1.0f / static_cast<float>(n);
        });
    TensorQuant o = *outQ;
    rewriter.replaceOp(
        op, mapElementwise(rewriter, loc, ValueRange{sums, r}, outShape,
                           rewriter.getIntegerType(o.width),
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             Value f = arith::SIToFPOp::create(
                                 b, l, b.getF32Type(), a[0]);
                             f = arith::MulFOp::create(b, l, f, a[1]);
                             return roundAddClamp(b, l, f, i32Constant(b, l, 0),
                                                  o.qmin, o.qmax, o.width);
                           }));
    return success();
  }
};

Combine maxKind(std::optional<TensorQuant> q) {
  if (!q)
    return Combine::MaxFloat;
  return q->isSigned ? Combine::MaxSigned : Combine::MaxUnsigned;
}

/// adaptive_max_pool2d: the maximum over each bin; quantized inputs pool
/// their storage values (q -> q - zp is monotonic) and keep their qparams.
struct AdaptiveMaxPool2dLowering : OpConversionPattern<AdaptiveMaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdaptiveMaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> inShape = shapeOf(op.getInput());
    if (inShape.size() != 4)
      return op.emitOpError("qnn-to-linalg: adaptive_max_pool2d needs a 4-D "
                            "input");
    std::optional<TensorQuant> q = getTensorQuant(op.getInput().getType());
    Value x = adaptor.getInput();
    Type elem = llvm::cast<ShapedType>(x.getType()).getElementType();
    rewriter.replaceOp(
        op, reduceAdaptiveBins(rewriter, op.getLoc(), x,
                               adaptiveBinsOf(inShape, op.getOutputSize()),
                               shapeOf(op.getResult()),
                               lowestValue(rewriter, elem, q), maxKind(q)));
    return success();
  }
};

/// max_pool3d on N x C x D x H x W: the window maximum over the storage
/// values, padded with the lowest value.
struct MaxPool3dLowering : OpConversionPattern<MaxPool3dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool3dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> inShape = shapeOf(op.getInput());
    if (inShape.size() != 5)
      return op.emitOpError("qnn-to-linalg: max_pool3d needs a 5-D input");
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getStride().value_or(kernel);
    ArrayRef<int64_t> outShape = shapeOf(op.getResult());
    std::optional<TensorQuant> q = getTensorQuant(op.getInput().getType());
    Value x = adaptor.getInput();
    Type elem = llvm::cast<ShapedType>(x.getType()).getElementType();
    Attribute lowest = lowestValue(rewriter, elem, q);
    SmallVector<int64_t> high = highPadding(inShape, outShape, kernel, stride,
                                            op.getPadding(), op.getDilation());
    x = padSpatial(rewriter, loc, x, op.getPadding(), high, lowest);
    rewriter.replaceOp(op,
                       reduceWindows(rewriter, loc, x, outShape, kernel, stride,
                                     op.getDilation(), lowest, maxKind(q)));
    return success();
  }
};

/// avg_pool3d. Float: window sum / PyTorch's divisor. Quantized (ATen's
/// q_avg_pool3d, channels-last kernel): i32 sum of `q - zp` over the clipped
/// window, `zo + rint(acc * m)` with `m = si / so / divisor` in float32.
struct AvgPool3dLowering : OpConversionPattern<AvgPool3dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool3dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> inShape = shapeOf(op.getInput());
    if (inShape.size() != 5)
      return op.emitOpError("qnn-to-linalg: avg_pool3d needs a 5-D input");
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getStride().value_or(kernel);
    ArrayRef<int64_t> pad = op.getPadding();
    ArrayRef<int64_t> outShape = shapeOf(op.getResult());
    ArrayRef<int64_t> spatial = outShape.take_back(3);
    SmallVector<int64_t> ones = {1, 1, 1};
    SmallVector<int64_t> high =
        highPadding(inShape, outShape, kernel, stride, pad, ones);
    std::optional<TensorQuant> inQ = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    // ATen's divisor for each output position.
    auto divisor = [&](ArrayRef<int64_t> pos) -> float {
      if (std::optional<uint64_t> d = op.getDivisorOverride())
        return static_cast<float>(*d);
      int64_t poolSize = 1, count = 1;
      for (int i = 0; i < 3; ++i) {
        int64_t in = inShape[2 + i];
        int64_t s = pos[i] * stride[i] - pad[i];
        int64_t e = std::min(s + kernel[i], in + pad[i]);
        poolSize *= e - s;
        count *= std::min(e, in) - std::max<int64_t>(s, 0);
      }
      return static_cast<float>(op.getCountIncludePad() ? poolSize : count);
    };
    Value x = adaptor.getInput();
    if (!inQ || !outQ) {
      if (inQ)
        x = dequantized(rewriter, loc, x, *inQ);
      x = padSpatial(rewriter, loc, x, pad, high,
                     rewriter.getF32FloatAttr(0.0f));
      Value sum =
          reduceWindows(rewriter, loc, x, outShape, kernel, stride, ones,
                        rewriter.getF32FloatAttr(0.0f), Combine::Add);
      Value div = perPositionConstant(rewriter, loc, spatial, divisor);
      rewriter.replaceOp(op,
                         divideAndQuantize(rewriter, loc, ValueRange{sum, div},
                                           outShape, outQ));
      return success();
    }
    x = padSpatial(rewriter, loc, centered(rewriter, loc, x, *inQ), pad, high,
                   rewriter.getI32IntegerAttr(0));
    Value sums = reduceWindows(rewriter, loc, x, outShape, kernel, stride, ones,
                               rewriter.getI32IntegerAttr(0), Combine::Add);
    float ratio =
        static_cast<float>(inQ->scale) / static_cast<float>(outQ->scale);
    Value m =
        perPositionConstant(rewriter, loc, spatial, [&](ArrayRef<int64_t> pos) {
          return ratio / divisor(pos);
        });
    TensorQuant o = *outQ;
    rewriter.replaceOp(
        op, mapElementwise(
                rewriter, loc, ValueRange{sums, m}, outShape,
                rewriter.getIntegerType(o.width),
                [&](OpBuilder &b, Location l, ValueRange a) {
                  Value f = arith::SIToFPOp::create(b, l, b.getF32Type(), a[0]);
                  f = arith::MulFOp::create(b, l, f, a[1]);
                  return roundAddClamp(b, l, f, i32Constant(b, l, o.zeroPoint),
                                       o.qmin, o.qmax, o.width);
                }));
    return success();
  }
};

} // namespace

void mlir::qnn::populatePoolingToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering,
               AdaptiveAvgPoolLowering<AdaptiveAvgPool2dOp>,
               AdaptiveAvgPoolLowering<AdaptiveAvgPool3dOp>,
               AdaptiveMaxPool2dLowering, MaxPool3dLowering, AvgPool3dLowering>(
      converter, patterns.getContext());
}
