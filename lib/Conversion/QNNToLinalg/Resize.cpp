//===- Resize.cpp - interpolate and embeddings to linalg --------*- C++ -*-===//
//
// Gathers: each output element computes its source indices with ATen's
// formulas (nearest_idx, area_pixel_compute_source_index) and reads the
// input with tensor.extract inside a linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include <limits>
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// A parallel generic over `shape` whose body gets the iteration indices.
Value generate(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Type elem,
               function_ref<Value(OpBuilder &, Location, ArrayRef<Value>)> body) {
  Value init = createEmpty(b, loc, shape, elem);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(shape.size(), b.getContext())};
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{}, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(shape.size(),
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange) {
               SmallVector<Value> idx;
               for (int64_t d = 0, e = shape.size(); d < e; ++d)
                 idx.push_back(linalg::IndexOp::create(nb, l, d));
               linalg::YieldOp::create(nb, l, body(nb, l, idx));
             })
      .getResult(0);
}

Value indexConst(OpBuilder &b, Location l, int64_t v) {
  return arith::ConstantIndexOp::create(b, l, v);
}

/// ATen's compute_scales_value: 1 / scale_factor if given, else in / out.
float scaleFor(std::optional<double> factor, int64_t in, int64_t out) {
  if (factor && *factor > 0)
    return static_cast<float>(1.0 / *factor);
  return static_cast<float>(in) / static_cast<float>(out);
}

struct InterpolateLowering : OpConversionPattern<InterpolateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InterpolateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = shapeOf(op.getInput());
    ArrayRef<int64_t> out = shapeOf(op.getResult());
    std::optional<ArrayRef<double>> factors = op.getScaleFactor();
    auto factor = [&](int i) -> std::optional<double> {
      if (!factors)
        return std::nullopt;
      return (*factors)[i];
    };
    Value x = adaptor.getInput();
    if (op.getMode() == InterpolateMode::nearest) {
      // Same qparams: gather storage values directly.
      auto src = [&](OpBuilder &b, Location l, Value dst, int i) -> Value {
        int64_t inS = in[2 + i], outS = out[2 + i];
        if (inS == outS)
          return dst;
        float scale = scaleFor(factor(i), inS, outS);
        Value f = arith::UIToFPOp::create(
            b, l, b.getF32Type(),
            arith::IndexCastOp::create(b, l, b.getI64Type(), dst));
        f = math::FloorOp::create(
            b, l, arith::MulFOp::create(b, l, f, f32Constant(b, l, scale)));
        Value s = arith::IndexCastOp::create(
            b, l, b.getIndexType(),
            arith::FPToSIOp::create(b, l, b.getI64Type(), f));
        return arith::MinSIOp::create(b, l, s, indexConst(b, l, inS - 1));
      };
      Type elem = llvm::cast<ShapedType>(x.getType()).getElementType();
      rewriter.replaceOp(op, generate(rewriter, loc, out, elem,
                                      [&](OpBuilder &b, Location l,
                                          ArrayRef<Value> idx) -> Value {
                                        return tensor::ExtractOp::create(
                                            b, l, x,
                                            ValueRange{idx[0], idx[1],
                                                       src(b, l, idx[2], 0),
                                                       src(b, l, idx[3], 1)});
                                      }));
      return success();
    }
    // Bilinear. Quantized: ATen's upsample_bilinear2d_out_frame on the
    // storage values (below); float: on the float values.
    std::optional<TensorQuant> qin = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> qout = getTensorQuant(op.getType());
    if (qin && qout && in[2] == out[2] && in[3] == out[3]) {
      // ATen copies the storage when the sizes do not change.
      rewriter.replaceOp(op, x);
      return success();
    }
    Value xf = qin ? x : toFloatTensor(rewriter, loc, x, op.getInput().getType());
    bool alignCorners = op.getAlignCorners().value_or(false);
    auto source = [&](OpBuilder &b, Location l, Value dst, int i) {
      int64_t inS = in[2 + i], outS = out[2 + i];
      if (!qin && inS == outS) {
        // ATen's float kernel (compute_source_index_and_lambda) copies
        // along a dimension whose size does not change, whatever the
        // scale factor: source dst, weights 1 and 0.
        return std::make_tuple(dst, dst, f32Constant(b, l, 1.0f),
                               f32Constant(b, l, 0.0f));
      }
      float scale = alignCorners
                        ? (outS > 1 ? static_cast<float>(inS - 1) /
                                          static_cast<float>(outS - 1)
                                    : 0.0f)
                        : scaleFor(factor(i), inS, outS);
      Value d = arith::UIToFPOp::create(
          b, l, b.getF32Type(),
          arith::IndexCastOp::create(b, l, b.getI64Type(), dst));
      Value s;
      if (alignCorners) {
        s = arith::MulFOp::create(b, l, f32Constant(b, l, scale), d);
      } else {
        Value t = arith::AddFOp::create(b, l, d, f32Constant(b, l, 0.5f));
        t = arith::MulFOp::create(b, l, f32Constant(b, l, scale), t);
        t = arith::SubFOp::create(b, l, t, f32Constant(b, l, 0.5f));
        s = arith::MaximumFOp::create(b, l, t, f32Constant(b, l, 0.0f));
      }
      Value i0 = arith::FPToSIOp::create(b, l, b.getI64Type(), s);
      Value lambda1 = arith::SubFOp::create(
          b, l, s, arith::SIToFPOp::create(b, l, b.getF32Type(), i0));
      Value lambda0 = arith::SubFOp::create(b, l, f32Constant(b, l, 1.0f), lambda1);
      Value i0x = arith::IndexCastOp::create(b, l, b.getIndexType(), i0);
      Value hasNext = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i0x,
                                            indexConst(b, l, inS - 1));
      Value i1x = arith::SelectOp::create(
          b, l, hasNext, arith::AddIOp::create(b, l, i0x, indexConst(b, l, 1)),
          i0x);
      return std::make_tuple(i0x, i1x, lambda0, lambda1);
    };
    // h0lambda * (w0lambda * p00 + w1lambda * p01) +
    //     h1lambda * (w0lambda * p10 + w1lambda * p11), in that order.
    auto interpolate = [&](OpBuilder &b, Location l, ArrayRef<Value> idx) {
      Value h0, h1, h0l, h1l, w0, w1, w0l, w1l;
      std::tie(h0, h1, h0l, h1l) = source(b, l, idx[2], 0);
      std::tie(w0, w1, w0l, w1l) = source(b, l, idx[3], 1);
      auto at = [&](Value h, Value w) -> Value {
        Value v = tensor::ExtractOp::create(b, l, xf,
                                            ValueRange{idx[0], idx[1], h, w});
        if (!qin)
          return v;
        return arith::SIToFPOp::create(b, l, b.getF32Type(),
                                       extendToI32(b, l, v, qin->isSigned));
      };
      auto mix = [&](Value h) {
        Value a = arith::MulFOp::create(b, l, w0l, at(h, w0));
        Value c = arith::MulFOp::create(b, l, w1l, at(h, w1));
        return arith::AddFOp::create(b, l, a, c);
      };
      Value top = arith::MulFOp::create(b, l, h0l, mix(h0));
      Value bottom = arith::MulFOp::create(b, l, h1l, mix(h1));
      return arith::AddFOp::create(b, l, top, bottom).getResult();
    };
    if (!qin || !qout) {
      Value y = generate(rewriter, loc, out, rewriter.getF32Type(),
                         interpolate);
      rewriter.replaceOp(op, fromFloatTensor(rewriter, loc, y, op.getType()));
      return success();
    }
    // Then `- input_zero_point` and quantize_val with the scale
    // output_scale / input_scale (1 when the qparams are kept) and the
    // output zero point.
    float relative = static_cast<float>(qout->scale / qin->scale);
    Type storage = rewriter.getIntegerType(qout->width);
    Value y = generate(
        rewriter, loc, out, storage,
        [&](OpBuilder &b, Location l, ArrayRef<Value> idx) -> Value {
          Value r = arith::SubFOp::create(
              b, l, interpolate(b, l, idx),
              f32Constant(b, l, static_cast<float>(qin->zeroPoint)));
          TensorQuant q = *qout;
          q.scale = relative;
          return quantizeScalar(b, l, r, q);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// Reads row `row` (an index) of the embedding table as f32 at column `col`.
Value tableValue(OpBuilder &b, Location l, Value table, Type tableType,
                 Value row, Value col) {
  Value v = tensor::ExtractOp::create(b, l, table, ValueRange{row, col});
  quant::QuantizedType q = getQuantizedElementType(tableType);
  if (!q)
    return v;
  if (std::optional<TensorQuant> t = getTensorQuant(tableType))
    return dequantizeScalar(b, l, v, *t);
  // Per-row qparams.
  auto perAxis = llvm::cast<quant::UniformQuantizedPerAxisType>(q);
  PerAxisConstants c = buildPerAxisConstants(b, l, perAxis);
  return dequantizeScalar(
      b, l, v, perAxis.isSigned(),
      tensor::ExtractOp::create(b, l, c.scales, ValueRange{row}),
      tensor::ExtractOp::create(b, l, c.zeroPoints, ValueRange{row}));
}

Value toIndex(OpBuilder &b, Location l, Value v) {
  return arith::IndexCastOp::create(b, l, b.getIndexType(), v);
}

/// A rowwise quantized table (qnn.embedding's `rowwise(scale, bias)`): the
/// i8 storage (unsigned bytes; 4-bit rows hold two columns a byte, the even
/// one in the low nibble) and the per-row scale and bias (f32, or f16 for
/// 4-bit rows).
struct RowwiseTable {
  Value storage, scale, bias;
  int64_t bits = 8;

  template <typename OpTy, typename Adaptor>
  static std::optional<RowwiseTable> get(OpTy op, Adaptor adaptor) {
    if (!op.getRowScale())
      return std::nullopt;
    return RowwiseTable{adaptor.getWeight(), adaptor.getRowScale(),
                        adaptor.getRowBias(),
                        static_cast<int64_t>(op.getBits().value_or(8))};
  }

  /// The stored integer at (`row`, `col`) as f32.
  Value quantized(OpBuilder &b, Location l, Value row, Value col) const {
    Type i32 = b.getI32Type();
    Value byteCol =
        bits == 8 ? col
                  : (Value)arith::DivUIOp::create(b, l, col, indexConst(b, l, 2));
    Value v = arith::ExtUIOp::create(
        b, l, i32, tensor::ExtractOp::create(b, l, storage, ValueRange{row, byteCol}));
    if (bits == 4) {
      Value odd = arith::IndexCastOp::create(
          b, l, i32, arith::RemUIOp::create(b, l, col, indexConst(b, l, 2)));
      Value shift = arith::MulIOp::create(
          b, l, odd, arith::ConstantIntOp::create(b, l, i32, 4));
      v = arith::AndIOp::create(b, l, arith::ShRUIOp::create(b, l, v, shift),
                                arith::ConstantIntOp::create(b, l, i32, 15));
    }
    return arith::UIToFPOp::create(b, l, b.getF32Type(), v);
  }

  /// Row `row` of the scale or bias vector as f32 (f16 widened exactly).
  static Value rowValue(OpBuilder &b, Location l, Value vec, Value row) {
    Value v = tensor::ExtractOp::create(b, l, vec, ValueRange{row});
    return v.getType().isF16() ? widenF16Portable(b, l, v) : v;
  }

  /// torch's embedding_bag_byte/4bit accumulation step (the non-fbgemm
  /// kernels): `fma(scale, q, acc + bias)` with the per-sample weight `w`
  /// (if any) folded into scale and bias first, one f32 rounding each.
  Value accumulate(OpBuilder &b, Location l, Value acc, Value row, Value col,
                   Value w) const {
    Value sc = rowValue(b, l, scale, row), bi = rowValue(b, l, bias, row);
    if (w) {
      sc = arith::MulFOp::create(b, l, w, sc);
      bi = arith::MulFOp::create(b, l, w, bi);
    }
    return math::FmaOp::create(b, l, sc, quantized(b, l, row, col),
                               arith::AddFOp::create(b, l, acc, bi));
  }
};

struct EmbeddingLowering : OpConversionPattern<EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> out = shapeOf(op.getResult());
    Value indices = adaptor.getIndices(), table = adaptor.getWeight();
    Type tableType = op.getWeight().getType();
    std::optional<RowwiseTable> rowwise = RowwiseTable::get(op, adaptor);
    rewriter.replaceOp(
        op, generate(rewriter, op.getLoc(), out, rewriter.getF32Type(),
                     [&](OpBuilder &b, Location l, ArrayRef<Value> idx) {
                       Value row = toIndex(
                           b, l,
                           tensor::ExtractOp::create(
                               b, l, indices, ValueRange(idx.drop_back())));
                       // embedding_byte/4bit: one bag of one row.
                       if (rowwise)
                         return rowwise->accumulate(b, l, f32Constant(b, l, 0.0f),
                                                    row, idx.back(), Value());
                       return tableValue(b, l, table, tableType, row,
                                         idx.back());
                     }));
    return success();
  }
};

/// Bags as [start, end) ranges of a 1-D index list: reduce rows with sum,
/// mean or max (empty bags give 0).
struct EmbeddingBagLowering : OpConversionPattern<EmbeddingBagOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingBagOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = shapeOf(op.getResult());
    ArrayRef<int64_t> idxShape = shapeOf(op.getIndices());
    Value indices = adaptor.getIndices(), table = adaptor.getWeight();
    Value offsets = adaptor.getOffsets(), weights = adaptor.getPerSampleWeights();
    Type tableType = op.getWeight().getType();
    std::optional<RowwiseTable> rowwise = RowwiseTable::get(op, adaptor);
    bool twoD = idxShape.size() == 2;
    int64_t total = twoD ? idxShape[0] * idxShape[1] : idxShape[0];
    if (twoD) {
      indices = tensor::CollapseShapeOp::create(rewriter, loc, indices,
                                                {ReassociationIndices{0, 1}});
      if (weights)
        weights = tensor::CollapseShapeOp::create(
            rewriter, loc, weights, {ReassociationIndices{0, 1}});
    }
    EmbeddingBagMode mode = op.getMode();
    std::optional<uint64_t> paddingIdx = op.getPaddingIdx();
    int64_t rows = shapeOf(op.getWeight())[0];
    int64_t bagLen = twoD ? idxShape[1] : 0;
    int64_t numOffsets = offsets ? shapeOf(op.getOffsets())[0] : 0;
    Value y = generate(
        rewriter, loc, out, rewriter.getF32Type(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> idx) -> Value {
          Value bag = idx[0], col = idx[1];
          Value start, end;
          if (twoD) {
            start = arith::MulIOp::create(b, l, bag, indexConst(b, l, bagLen));
            end = arith::AddIOp::create(b, l, start, indexConst(b, l, bagLen));
          } else {
            start = toIndex(b, l, tensor::ExtractOp::create(b, l, offsets,
                                                            ValueRange{bag}));
            Value next = arith::AddIOp::create(b, l, bag, indexConst(b, l, 1));
            Value isLast = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::sge, next,
                indexConst(b, l, numOffsets));
            Value safeNext = arith::MinSIOp::create(
                b, l, next, indexConst(b, l, numOffsets - 1));
            Value nextOff = toIndex(
                b, l, tensor::ExtractOp::create(b, l, offsets, ValueRange{safeNext}));
            end = arith::SelectOp::create(b, l, isLast,
                                          indexConst(b, l, total), nextOff);
          }
          Value init = f32Constant(
              b, l, mode == EmbeddingBagMode::max
                        ? -std::numeric_limits<float>::infinity()
                        : 0.0f);
          Value zeroCount = f32Constant(b, l, 0.0f);
          auto loop = scf::ForOp::create(
              b, l, start, end, indexConst(b, l, 1), ValueRange{init, zeroCount},
              [&](OpBuilder &nb, Location ll, Value i, ValueRange acc) {
                Value rowI = tensor::ExtractOp::create(nb, ll, indices, ValueRange{i});
                Value row = toIndex(nb, ll, rowI);
                Value w = weights ? tensor::ExtractOp::create(
                                        nb, ll, weights, ValueRange{i})
                                        .getResult()
                                  : Value();
                Value next;
                if (rowwise) {
                  // Mode sum (verified).
                  next = rowwise->accumulate(nb, ll, acc[0], row, col, w);
                } else {
                  Value v = tableValue(nb, ll, table, tableType, row, col);
                  if (w)
                    v = arith::MulFOp::create(nb, ll, v, w);
                  next = mode == EmbeddingBagMode::max
                             ? (Value)arith::MaximumFOp::create(nb, ll, acc[0], v)
                             : (Value)arith::AddFOp::create(nb, ll, acc[0], v);
                }
                Value skip = arith::ConstantIntOp::create(nb, ll, 0, 1);
                if (paddingIdx) {
                  int64_t p = static_cast<int64_t>(*paddingIdx);
                  if (p < 0)
                    p += rows;
                  skip = arith::CmpIOp::create(nb, ll, arith::CmpIPredicate::eq,
                                               row, indexConst(nb, ll, p));
                }
                Value count = arith::AddFOp::create(nb, ll, acc[1],
                                                    f32Constant(nb, ll, 1.0f));
                scf::YieldOp::create(
                    nb, ll,
                    ValueRange{arith::SelectOp::create(nb, ll, skip, acc[0], next),
                               arith::SelectOp::create(nb, ll, skip, acc[1], count)});
              });
          Value sum = loop.getResult(0), count = loop.getResult(1);
          Value empty = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                              count, f32Constant(b, l, 0.0f));
          Value result = sum;
          if (mode == EmbeddingBagMode::mean)
            result = arith::DivFOp::create(b, l, sum, count);
          return arith::SelectOp::create(b, l, empty, f32Constant(b, l, 0.0f),
                                         result);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::qnn::populateResizeToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<InterpolateLowering, EmbeddingLowering, EmbeddingBagLowering>(
      converter, patterns.getContext());
}
