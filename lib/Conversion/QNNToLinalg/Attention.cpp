//===- Attention.cpp - multihead attention and conv_bn to linalg -*- C++ -*-===//
//
// multihead_attention follows F.multi_head_attention_forward (PyTorch
// 1.13, no masks, kdim = vdim = embed_dim): packed in-projection, q scaled
// by 1/sqrt(head_dim), softmax(q k^T) v per head, out-projection, and
// head-averaged attention weights. conv_bn (QAT fusion) runs in inference
// form: the convolution followed by BatchNorm with the running statistics.
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

#include <cmath>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

Value sliceRows(OpBuilder &b, Location loc, Value t, int64_t start,
                int64_t count) {
  ArrayRef<int64_t> s = shapeOf(t);
  SmallVector<OpFoldResult> offsets(s.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes, strides(s.size(), b.getIndexAttr(1));
  offsets[0] = b.getIndexAttr(start);
  sizes.push_back(b.getIndexAttr(count));
  for (int64_t d : s.drop_front())
    sizes.push_back(b.getIndexAttr(d));
  return tensor::ExtractSliceOp::create(b, loc, t, offsets, sizes, strides);
}

/// A generic contraction: out[dims of outMap] += a[aMap] * b[bMap].
Value contract(OpBuilder &b, Location loc, Value x, Value y,
               ArrayRef<int64_t> outShape, AffineMap xMap, AffineMap yMap,
               AffineMap outMap, ArrayRef<utils::IteratorType> iterators) {
  Value init = createFilled(b, loc, outShape, b.getF32FloatAttr(0.0f));
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{x, y}, ValueRange{init},
             SmallVector<AffineMap>{xMap, yMap, outMap}, iterators,
             [](OpBuilder &nb, Location l, ValueRange a) {
               Value p = arith::MulFOp::create(nb, l, a[0], a[1]);
               Value sum = arith::AddFOp::create(nb, l, a[2], p);
               linalg::YieldOp::create(nb, l, sum);
             })
      .getResult(0);
}

struct MultiheadAttentionLowering
    : OpConversionPattern<MultiheadAttentionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MultiheadAttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Quantized operands are dequantized, the attention computed in float,
    // and a quantized output quantized with its qparams.
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    MLIRContext *ctx = b.getContext();
    bool batchFirst = op.getBatchFirst();
    ArrayRef<int64_t> qs = shapeOf(op.getQuery()), ks = shapeOf(op.getKey());
    int64_t L = qs[batchFirst ? 1 : 0], N = qs[batchFirst ? 0 : 1], E = qs[2];
    int64_t S = ks[batchFirst ? 1 : 0];
    int64_t heads = static_cast<int64_t>(op.getNumHeads()), D = E / heads;
    Value w = toFloatTensor(b, loc, adaptor.getInProjWeight(),
                            op.getInProjWeight().getType());
    Value bias = adaptor.getInProjBias();
    auto project = [&](Value x, int64_t part) {
      Value wp = sliceRows(b, loc, w, part * E, E);
      Value bp = bias ? sliceRows(b, loc, bias, part * E, E) : Value();
      SmallVector<int64_t> shape(shapeOf(x));
      return buildLinear(b, loc, x, x.getType(), wp, wp.getType(), bp,
                         RankedTensorType::get(shape, b.getF32Type()), false);
    };
    Value q = project(toFloatTensor(b, loc, adaptor.getQuery(),
                                    op.getQuery().getType()), 0);
    Value k = project(toFloatTensor(b, loc, adaptor.getKey(),
                                    op.getKey().getType()), 1);
    Value v = project(toFloatTensor(b, loc, adaptor.getValue(),
                                    op.getValue().getType()), 2);
    float scale = 1.0f / std::sqrt(static_cast<float>(D));
    q = mapElementwise(b, loc, q, shapeOf(q), b.getF32Type(),
                       [&](OpBuilder &nb, Location l, ValueRange a) {
                         return arith::MulFOp::create(nb, l, a[0],
                                                      f32Constant(nb, l, scale));
                       });
    // Split E into (heads, D): [seq, batch, E] -> [seq, batch, heads, D]
    // (batch first with batch_first).
    auto split = [&](Value x) {
      SmallVector<int64_t> shape(shapeOf(x));
      shape.back() = heads;
      shape.push_back(D);
      return tensor::ExpandShapeOp::create(
                 b, loc, RankedTensorType::get(shape, b.getF32Type()), x,
                 SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}})
          .getResult();
    };
    q = split(q);
    k = split(k);
    v = split(v);
    auto seqMap = [&](AffineExpr t, AffineExpr n, AffineExpr h, AffineExpr d,
                      unsigned dims) {
      return batchFirst ? AffineMap::get(dims, 0, {n, t, h, d}, ctx)
                        : AffineMap::get(dims, 0, {t, n, h, d}, ctx);
    };
    // scores[n, h, l, s] = sum_d q[l, n, h, d] * k[s, n, h, d]
    AffineExpr n = getAffineDimExpr(0, ctx), h = getAffineDimExpr(1, ctx),
               l = getAffineDimExpr(2, ctx), s = getAffineDimExpr(3, ctx),
               d = getAffineDimExpr(4, ctx);
    using IT = utils::IteratorType;
    Value scores = contract(
        b, loc, q, k, {N, heads, L, S}, seqMap(l, n, h, d, 5),
        seqMap(s, n, h, d, 5), AffineMap::get(5, 0, {n, h, l, s}, ctx),
        {IT::parallel, IT::parallel, IT::parallel, IT::parallel, IT::reduction});
    Value probs = atenSoftmax(b, loc, scores, 3);
    // ctx[l, n, h*D + d] = sum_s probs[n, h, l, s] * v[s, n, h, d]
    AffineExpr l2 = getAffineDimExpr(0, ctx), n2 = getAffineDimExpr(1, ctx),
               h2 = getAffineDimExpr(2, ctx), d2 = getAffineDimExpr(3, ctx),
               s2 = getAffineDimExpr(4, ctx);
    Value attn = contract(
        b, loc, probs, v, {L, N, heads, D},
        AffineMap::get(5, 0, {n2, h2, l2, s2}, ctx), seqMap(s2, n2, h2, d2, 5),
        AffineMap::get(5, 0, {l2, n2, h2, d2}, ctx),
        {IT::parallel, IT::parallel, IT::parallel, IT::parallel, IT::reduction});
    Value merged = tensor::CollapseShapeOp::create(
        b, loc, attn, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    Type outType = RankedTensorType::get({L, N, E}, b.getF32Type());
    Value wo = toFloatTensor(b, loc, adaptor.getOutProjWeight(),
                             op.getOutProjWeight().getType());
    Value out = buildLinear(b, loc, merged, merged.getType(), wo, wo.getType(),
                            adaptor.getOutProjBias(), outType, false);
    if (batchFirst) {
      Value init = createEmpty(b, loc, {N, L, E}, b.getF32Type());
      out = linalg::TransposeOp::create(b, loc, out, init,
                                        ArrayRef<int64_t>{1, 0, 2})
                .getResult()[0];
    }
    SmallVector<Value> results = {fromFloatTensor(b, loc, out, op.getOutput().getType())};
    if (op.getAttnWeights()) {
      Value total = sumOver(b, loc, probs, {1});
      results.push_back(mapElementwise(
          b, loc, total, shapeOf(total), b.getF32Type(),
          [&](OpBuilder &nb, Location ll, ValueRange a) {
            return arith::DivFOp::create(nb, ll, a[0],
                                         f32Constant(nb, ll, float(heads)));
          }));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::qnn::populateAttentionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MultiheadAttentionLowering>(converter, patterns.getContext());
}
