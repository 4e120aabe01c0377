//===- Reductions.cpp - softmax and quantized mean to linalg ----*- C++ -*-===//
//
// Both follow torch 1.13's x86 (AVX2) kernels operation by operation, so
// that results are bit-identical (docs/numerics.md, "softmax"):
//
// * float softmax: ATen's vectorized kernels, with Sleef's expf_u10 (the
//   function behind Vectorized<float>::exp) written out in arith/math.fma
//   ops, their summation orders, and the reciprocal multiply of the
//   last-dim kernel;
// * quantized softmax with a quint8 input and output qparams (1/256, 0):
//   QNNPACK's integer lookup-table kernel (torch's qnnpack engine);
// * quantized mean over innermost dims: ATen's qmean_inner_dim_kernel.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include <cmath>
#include <cstdint>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Sleef 3.5's expf_u10 (`xexpf`, the FMA variant that Sleef_expf8_u10 runs
/// on AVX2): `q = rint(d * (1 / ln 2))`, `s = d - q * ln2` in two FMA steps
/// (ln2 split into 0.693145751953125 + 1.4286068e-6), a degree-6
/// polynomial in FMA steps, `1 + (s * s * u + s)`, scaled by `2^q` as two
/// multiplies by `2^(q >> 1)` and `2^(q - (q >> 1))`; 0 below -104, inf
/// above 100, NaN kept. Checked against libsleef's Sleef_expf1_u10purecfma
/// on every third float32 bit pattern.
Value sleefExpF32(OpBuilder &b, Location loc, Value d) {
  auto f = [&](float v) { return f32Constant(b, loc, v); };
  auto i = [&](int32_t v) { return i32Constant(b, loc, v); };
  Type i32 = b.getI32Type();
  Value isNan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, d, d);
  // The clamped copy keeps q in range; results outside [-104, 100] are
  // replaced below, as Sleef's masks do.
  Value x = arith::SelectOp::create(b, loc, isNan, f(0.0f), d);
  x = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, x, f(-110.0f)), f(110.0f));
  constexpr float kInvLn2 = 1.44269504088896340736f; // Sleef's R_LN2f
  Value qf = math::RoundEvenOp::create(
      b, loc, arith::MulFOp::create(b, loc, x, f(kInvLn2)));
  Value q = arith::FPToSIOp::create(b, loc, i32, qf);
  Value s = math::FmaOp::create(b, loc, qf, f(-0.693145751953125f), x);
  s = math::FmaOp::create(b, loc, qf, f(-1.428606765330187045e-06f), s);
  Value u = f(0.000198527617612853646278381f);
  for (float c : {0.00139304355252534151077271f, 0.00833336077630519866943359f,
                  0.0416664853692054748535156f, 0.166666671633720397949219f,
                  0.5f})
    u = math::FmaOp::create(b, loc, u, s, f(c));
  u = arith::AddFOp::create(
      b, loc, f(1.0f),
      math::FmaOp::create(b, loc, arith::MulFOp::create(b, loc, s, s), u, s));
  auto pow2 = [&](Value e) -> Value {
    Value bits = arith::ShLIOp::create(
        b, loc, arith::AddIOp::create(b, loc, e, i(127)), i(23));
    return arith::BitcastOp::create(b, loc, b.getF32Type(), bits);
  };
  Value e1 = arith::ShRSIOp::create(b, loc, q, i(1));
  Value e2 = arith::SubIOp::create(b, loc, q, e1);
  u = arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, u, pow2(e1)),
                            pow2(e2));
  Value under = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, d,
                                      f(-104.0f));
  u = arith::SelectOp::create(b, loc, under, f(0.0f), u);
  Value over =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, f(100.0f), d);
  u = arith::SelectOp::create(b, loc, over, f(INFINITY), u);
  return arith::SelectOp::create(b, loc, isNan, d, u);
}

/// ATen's vec::reduce_all sum of `e` over its last dimension (AVX2, 8
/// lanes): lane l sums e[l], e[l + 8], ... in order (the tail's partial
/// vector adds to the first lanes only), then `(l0 + l4) + (l2 + l6)` plus
/// `(l1 + l5) + (l3 + l7)`. Fewer than 8 elements are summed in order.
Value laneSumLastDim(OpBuilder &b, Location loc, Value e) {
  ArrayRef<int64_t> shape = shapeOf(e);
  int64_t rank = shape.size(), n = shape.back();
  if (n < 8)
    return sumOver(b, loc, e, {rank - 1});
  SmallVector<Value> lanes;
  for (int64_t l = 0; l < 8; ++l) {
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
        strides(rank, b.getIndexAttr(1)), sizes;
    for (int64_t d = 0; d < rank - 1; ++d)
      sizes.push_back(b.getIndexAttr(shape[d]));
    sizes.push_back(b.getIndexAttr((n - l + 7) / 8));
    offsets.back() = b.getIndexAttr(l);
    strides.back() = b.getIndexAttr(8);
    Value lane = tensor::ExtractSliceOp::create(b, loc, e, offsets, sizes,
                                                strides);
    lanes.push_back(sumOver(b, loc, lane, {rank - 1}));
  }
  return mapElementwise(
      b, loc, lanes, shapeOf(lanes[0]), b.getF32Type(),
      [](OpBuilder &nb, Location l, ValueRange a) -> Value {
        auto add = [&](Value x, Value y) -> Value {
          return arith::AddFOp::create(nb, l, x, y);
        };
        Value t0 = add(a[0], a[4]), t1 = add(a[1], a[5]), t2 = add(a[2], a[6]),
              t3 = add(a[3], a[7]);
        return add(add(t0, t2), add(t1, t3));
      });
}

} // namespace

Value mlir::qnn::atenSoftmax(OpBuilder &b, Location loc, Value x, int64_t dim) {
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = shape.size();
  Value mx = maxOver(b, loc, x, {dim});
  if (dim == rank - 1) {
    // _vec_softmax_lastdim: Sleef exp, lane sum, times the reciprocal.
    Value e = mapWithReduced(b, loc, x, mx, {dim},
                             [](OpBuilder &nb, Location l, ValueRange a) {
                               return sleefExpF32(
                                   nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
                             });
    Value sum = laneSumLastDim(b, loc, e);
    Value r = mapElementwise(b, loc, sum, shapeOf(sum), b.getF32Type(),
                             [](OpBuilder &nb, Location l, ValueRange a) {
                               return arith::DivFOp::create(
                                   nb, l, f32Constant(nb, l, 1.0f), a[0]);
                             });
    return mapWithReduced(b, loc, e, r, {dim},
                          [](OpBuilder &nb, Location l, ValueRange a) {
                            return arith::MulFOp::create(nb, l, a[0], a[1]);
                          });
  }
  // _vec_softmax: the columns (inner indices) that fill whole 8-wide
  // vectors use Sleef's exp, the remaining ones std::exp (libm's expf);
  // sum in order, then a division.
  int64_t inner = 1;
  for (int64_t d = dim + 1; d < rank; ++d)
    inner *= shape[d];
  int64_t vectorCols = inner / 8 * 8;
  Value e = mapWithReduced(
      b, loc, x, mx, {dim}, [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value d = arith::SubFOp::create(nb, l, a[0], a[1]);
        if (vectorCols == inner)
          return sleefExpF32(nb, l, d);
        if (vectorCols == 0)
          return math::ExpOp::create(nb, l, d);
        // Column = linear index over the dims after `dim`.
        Value col = arith::ConstantIndexOp::create(nb, l, 0);
        for (int64_t k = dim + 1; k < rank; ++k)
          col = arith::AddIOp::create(
              nb, l,
              arith::MulIOp::create(
                  nb, l, col, arith::ConstantIndexOp::create(nb, l, shape[k])),
              linalg::IndexOp::create(nb, l, k));
        Value vec = arith::CmpIOp::create(
            nb, l, arith::CmpIPredicate::ult, col,
            arith::ConstantIndexOp::create(nb, l, vectorCols));
        return arith::SelectOp::create(nb, l, vec, sleefExpF32(nb, l, d),
                                       math::ExpOp::create(nb, l, d));
      });
  Value sum = sumOver(b, loc, e, {dim});
  return mapWithReduced(b, loc, e, sum, {dim},
                        [](OpBuilder &nb, Location l, ValueRange a) {
                          return arith::DivFOp::create(nb, l, a[0], a[1]);
                        });
}

namespace {

/// QNNPACK's softargmax table for `n` channels and input scale `scale`:
/// `lrint(qscale * exp((i - 255) * scale))` in double, as
/// pytorch_qnnp_create_softargmax_nc_q8 computes it.
SmallVector<int32_t> qnnpackSoftmaxTable(int64_t n, float scale) {
  double qscale = std::fmin(static_cast<double>(UINT32_MAX) /
                                static_cast<double>(n),
                            8388607.0);
  SmallVector<int32_t> table;
  for (int32_t i = 0; i < 256; ++i)
    table.push_back(static_cast<int32_t>(static_cast<uint32_t>(std::lrint(
        qscale * std::exp(static_cast<double>(i - 255) *
                          static_cast<double>(scale))))));
  return table;
}

/// True when torch's qnnpack engine runs QNNPACK's softmax: quint8
/// per-tensor input, quint8 output of scale exactly 2^-8 and zero point 0.
bool usesQnnpackTable(SoftmaxOp op, const std::optional<TensorQuant> &in,
                      const std::optional<TensorQuant> &out) {
  return !op.getFloatPath() && in && out && in->width == 8 && !in->isSigned &&
         out->width == 8 && !out->isSigned && out->scale == 0x1.0p-8 &&
         out->zeroPoint == 0;
}

/// QNNPACK's u8 softargmax along `dim` (compute_u8softargmax with
/// pytorch_u8lut32norm_ukernel__scalar) on the storage values.
Value qnnpackSoftmax(OpBuilder &b, Location loc, Value q, int64_t dim,
                     const TensorQuant &in) {
  ArrayRef<int64_t> shape = shapeOf(q);
  SmallVector<int32_t> table =
      qnnpackSoftmaxTable(shape[dim], static_cast<float>(in.scale));
  auto tableType = RankedTensorType::get({256}, b.getI32Type());
  Value lut = arith::ConstantOp::create(
      b, loc, DenseIntElementsAttr::get(tableType, ArrayRef<int32_t>(table)));
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  Value qf = mapElementwise(b, loc, q, shape, f32,
                            [&](OpBuilder &nb, Location l, ValueRange a) {
                              return arith::UIToFPOp::create(nb, l, f32, a[0]);
                            });
  Value mx = maxOver(b, loc, qf, {dim});
  // t = table[q + 255 - max].
  Value t = mapWithReduced(
      b, loc, q, mx, {dim}, [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value v = extendToI32(nb, l, a[0], /*isSigned=*/false);
        Value m = arith::FPToSIOp::create(nb, l, i32, a[1]);
        Value idx = arith::AddIOp::create(
            nb, l, arith::SubIOp::create(nb, l, v, m), i32Constant(nb, l, 255));
        Value index =
            arith::IndexCastOp::create(nb, l, nb.getIndexType(), idx);
        return tensor::ExtractOp::create(nb, l, lut, ValueRange{index});
      },
      i32);
  // The uint32 sum wraps around, as QNNPACK's does (more than 512 channels
  // can exceed 2^32).
  Value sum64 = sumOverI64(b, loc, t, {dim},
                           [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                             return arith::ExtUIOp::create(nb, l, nb.getI64Type(),
                                                           a[0]);
                           });
  Value sum = mapElementwise(b, loc, sum64, shapeOf(sum64), i32,
                             [&](OpBuilder &nb, Location l, ValueRange a) {
                               return arith::TruncIOp::create(nb, l, i32, a[0]);
                             });
  return mapWithReduced(
      b, loc, t, sum, {dim}, [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        auto c = [&](int32_t v) { return i32Constant(nb, l, v); };
        Value num = arith::AddIOp::create(
            nb, l, arith::ShLIOp::create(nb, l, a[0], c(8)),
            arith::ShRUIOp::create(nb, l, a[1], c(1)));
        // A sum that wrapped to exactly 0 divides by zero in QNNPACK;
        // divide by 1 there instead of trapping.
        Value zero = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                           a[1], c(0));
        Value den = arith::SelectOp::create(nb, l, zero, c(1), a[1]);
        Value quot = arith::DivUIOp::create(nb, l, num, den);
        Value y = arith::MinUIOp::create(nb, l, quot, c(255));
        return arith::TruncIOp::create(nb, l, nb.getIntegerType(8), y);
      },
      b.getIntegerType(8));
}

struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = shapeOf(adaptor.getInput());
    int64_t rank = shape.size();
    if (rank == 0)
      return rewriter.notifyMatchFailure(op, "0-d softmax");
    int64_t dim = static_cast<int64_t>(op.getDim());
    if (dim < 0)
      dim += rank;
    std::optional<TensorQuant> in = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> out = getTensorQuant(op.getType());
    if (usesQnnpackTable(op, in, out)) {
      rewriter.replaceOp(
          op, qnnpackSoftmax(rewriter, loc, adaptor.getInput(), dim, *in));
      return success();
    }
    Value x = toFloatTensor(rewriter, loc, adaptor.getInput(),
                            op.getInput().getType());
    Value y = atenSoftmax(rewriter, loc, x, dim);
    rewriter.replaceOp(op, fromFloatTensor(rewriter, loc, y, op.getType()));
    return success();
  }
};

/// ATen's qmean_inner_dim_kernel: per group, `nearbyint((float)sum / (float)
/// n)` over the storage values (int64 sum), stored with the input's qparams.
struct MeanLowering : OpConversionPattern<MeanOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MeanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    std::optional<TensorQuant> q = getTensorQuant(op.getInput().getType());
    if (!q)
      return rewriter.notifyMatchFailure(op, "per-axis input");
    Value x = adaptor.getInput();
    ArrayRef<int64_t> shape = shapeOf(x);
    int64_t rank = shape.size();
    int64_t reducedCount = static_cast<int64_t>(op.getDims().size());
    SmallVector<int64_t> reduced;
    int64_t n = 1;
    for (int64_t d = rank - reducedCount; d < rank; ++d) {
      reduced.push_back(d);
      n *= shape[d];
    }
    bool isSigned = q->isSigned;
    Value sum = sumOverI64(
        rewriter, loc, x, reduced,
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          if (isSigned)
            return arith::ExtSIOp::create(nb, l, nb.getI64Type(), a[0]);
          return arith::ExtUIOp::create(nb, l, nb.getI64Type(), a[0]);
        });
    Type storage = rewriter.getIntegerType(q->width);
    Value y = mapElementwise(
        rewriter, loc, sum, shapeOf(sum), storage,
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value s = arith::SIToFPOp::create(nb, l, nb.getF32Type(), a[0]);
          Value m = arith::DivFOp::create(
              nb, l, s, f32Constant(nb, l, static_cast<float>(n)));
          Value r = math::RoundEvenOp::create(nb, l, m);
          Value i = arith::FPToSIOp::create(nb, l, nb.getI64Type(), r);
          return arith::TruncIOp::create(nb, l, storage, i);
        });
    // The result type's shape (dims dropped or kept as 1) from the sum's.
    auto resultType = llvm::cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (resultType.getShape() != shapeOf(y)) {
      auto shapeType = RankedTensorType::get(
          {resultType.getRank()}, rewriter.getI64Type());
      Value s = arith::ConstantOp::create(
          rewriter, loc,
          DenseIntElementsAttr::get(shapeType, resultType.getShape()));
      y = tensor::ReshapeOp::create(rewriter, loc, resultType, y, s);
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::qnn::populateReductionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering, MeanLowering>(converter,
                                              patterns.getContext());
}
