//===- Elementwise.cpp - activations and FloatFunctional ops ----*- C++ -*-===//
//
// Every elementwise op is one linalg.generic. Quantized operands are
// dequantized, the float function applied, and the result quantized with
// the result type's qparams: the dequantize -> float op -> quantize sequence
// PyTorch's quantized kernels compute (exact for ops that keep their input's
// qparams, such as relu). See docs/numerics.md.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/bit.h"

#include <cmath>
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

Value cst(OpBuilder &b, Location loc, double v) {
  return f32Constant(b, loc, static_cast<float>(v));
}
Value maxF(OpBuilder &b, Location l, Value x, Value y) {
  return arith::MaximumFOp::create(b, l, x, y);
}
Value minF(OpBuilder &b, Location l, Value x, Value y) {
  return arith::MinimumFOp::create(b, l, x, y);
}
Value relu(OpBuilder &b, Location l, Value x) {
  return maxF(b, l, x, cst(b, l, 0.0));
}
/// hardtanh(x + 3, 0, 6) / 6, ATen's hardsigmoid.
Value hardsigmoid(OpBuilder &b, Location l, Value x) {
  Value t = arith::AddFOp::create(b, l, x, cst(b, l, 3.0));
  t = minF(b, l, relu(b, l, t), cst(b, l, 6.0));
  return arith::DivFOp::create(b, l, t, cst(b, l, 6.0));
}

/// The float function of one op, on already-dequantized scalars.
template <typename OpTy>
Value floatFn(OpTy op, OpBuilder &b, Location l, ValueRange x);

template <> Value floatFn(ReluOp, OpBuilder &b, Location l, ValueRange x) {
  return relu(b, l, x[0]);
}
template <> Value floatFn(Relu6Op, OpBuilder &b, Location l, ValueRange x) {
  return minF(b, l, relu(b, l, x[0]), cst(b, l, 6.0));
}
template <> Value floatFn(HardsigmoidOp, OpBuilder &b, Location l,
                          ValueRange x) {
  return hardsigmoid(b, l, x[0]);
}
template <> Value floatFn(HardswishOp, OpBuilder &b, Location l, ValueRange x) {
  // x * hardtanh(x + 3, 0, 6) / 6
  Value t = arith::AddFOp::create(b, l, x[0], cst(b, l, 3.0));
  t = minF(b, l, relu(b, l, t), cst(b, l, 6.0));
  t = arith::MulFOp::create(b, l, x[0], t);
  return arith::DivFOp::create(b, l, t, cst(b, l, 6.0));
}
template <> Value floatFn(SigmoidOp, OpBuilder &b, Location l, ValueRange x) {
  Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x[0]));
  Value d = arith::AddFOp::create(b, l, cst(b, l, 1.0), e);
  return arith::DivFOp::create(b, l, cst(b, l, 1.0), d);
}
template <> Value floatFn(TanhOp, OpBuilder &b, Location l, ValueRange x) {
  return math::TanhOp::create(b, l, x[0]);
}
template <> Value floatFn(EluOp op, OpBuilder &b, Location l, ValueRange x) {
  // x > 0 ? x : alpha * expm1(x)
  Value neg = arith::MulFOp::create(
      b, l, cst(b, l, op.getAlpha().convertToDouble()),
      math::ExpM1Op::create(b, l, x[0]));
  Value pos = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x[0],
                                    cst(b, l, 0.0));
  return arith::SelectOp::create(b, l, pos, x[0], neg);
}
template <> Value floatFn(LeakyReluOp op, OpBuilder &b, Location l,
                          ValueRange x) {
  Value neg = arith::MulFOp::create(
      b, l, x[0], cst(b, l, op.getNegativeSlope().convertToDouble()));
  Value pos = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x[0],
                                    cst(b, l, 0.0));
  return arith::SelectOp::create(b, l, pos, x[0], neg);
}
template <> Value floatFn(DropoutOp, OpBuilder &, Location, ValueRange x) {
  return x[0]; // eval mode
}
template <> Value floatFn(HardtanhOp op, OpBuilder &b, Location l,
                          ValueRange x) {
  // ATen's clamp with float32 bounds (NaN propagates).
  Value t = maxF(b, l, x[0], cst(b, l, op.getMinVal().convertToDouble()));
  return minF(b, l, t, cst(b, l, op.getMaxVal().convertToDouble()));
}
template <> Value floatFn(GeluOp op, OpBuilder &b, Location l, ValueRange x) {
  // ATen's GeluKernel, operation by operation in float32.
  Value one = cst(b, l, 1.0), half = cst(b, l, 0.5);
  if (op.getApproximate() == "tanh") {
    // 0.5 * x * (1 + tanh(kBeta * (x + kKappa * x^3)))
    Value cube = arith::MulFOp::create(
        b, l, arith::MulFOp::create(b, l, x[0], x[0]), x[0]);
    Value inner = arith::AddFOp::create(
        b, l, x[0], arith::MulFOp::create(b, l, cst(b, l, 0.044715), cube));
    inner = arith::MulFOp::create(b, l, cst(b, l, M_SQRT2 * M_2_SQRTPI * 0.5),
                                  inner);
    Value t =
        arith::AddFOp::create(b, l, one, math::TanhOp::create(b, l, inner));
    return arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, half, x[0]),
                                 t);
  }
  // x * 0.5 * (1 + erf(x * M_SQRT1_2))
  Value e = math::ErfOp::create(
      b, l, arith::MulFOp::create(b, l, x[0], cst(b, l, M_SQRT1_2)));
  return arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, x[0], half),
                               arith::AddFOp::create(b, l, one, e));
}
template <> Value floatFn(SiluOp, OpBuilder &b, Location l, ValueRange x) {
  // x / (1 + exp(-x))
  Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x[0]));
  return arith::DivFOp::create(b, l, x[0],
                               arith::AddFOp::create(b, l, cst(b, l, 1.0), e));
}
template <> Value floatFn(AddOp, OpBuilder &b, Location l, ValueRange x) {
  return arith::AddFOp::create(b, l, x[0], x[1]);
}
template <> Value floatFn(MulOp, OpBuilder &b, Location l, ValueRange x) {
  return arith::MulFOp::create(b, l, x[0], x[1]);
}
template <> Value floatFn(AddReluOp, OpBuilder &b, Location l, ValueRange x) {
  return relu(b, l, arith::AddFOp::create(b, l, x[0], x[1]));
}
template <> Value floatFn(AddScalarOp op, OpBuilder &b, Location l,
                          ValueRange x) {
  return arith::AddFOp::create(b, l, x[0],
                               cst(b, l, op.getScalar().convertToDouble()));
}
template <> Value floatFn(MulScalarOp op, OpBuilder &b, Location l,
                          ValueRange x) {
  return arith::MulFOp::create(b, l, x[0],
                               cst(b, l, op.getScalar().convertToDouble()));
}

template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<std::optional<TensorQuant>> inQ;
    for (Value v : op->getOperands())
      inQ.push_back(getTensorQuant(v.getType()));
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    Type resultElem =
        outQ ? Type(rewriter.getIntegerType(outQ->width))
             : llvm::cast<ShapedType>(op.getType()).getElementType();
    Value result = mapElementwise(
        rewriter, op.getLoc(), adaptor.getOperands(), shapeOf(op.getResult()),
        resultElem, [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> x;
          for (auto [arg, q] : llvm::zip_equal(args, inQ))
            x.push_back(q ? dequantizeScalar(b, l, arg, *q) : arg);
          Value y = floatFn(op, b, l, x);
          return outQ ? quantizeScalar(b, l, y, *outQ) : y;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Quantized add/add_relu/mul with quint8 operands of one shape, as torch's
/// qnnpack engine computes them: add in QNNPACK's fixed point (q8vadd),
/// mul with a float32 multiplier (sa * sb) * (1 / so) on the integer
/// product. Other cases go through the float formulation.
template <typename OpTy>
struct QuantizedBinaryLowering : OpConversionPattern<OpTy> {
  QuantizedBinaryLowering(const TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern<OpTy>(converter, ctx, /*benefit=*/2) {}
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<TensorQuant> a = getTensorQuant(op.getLhs().getType());
    std::optional<TensorQuant> b = getTensorQuant(op.getRhs().getType());
    std::optional<TensorQuant> o = getTensorQuant(op.getType());
    if (!a || !b || !o || a->isSigned || b->isSigned || o->isSigned ||
        a->width != 8 || shapeOf(op.getLhs()) != shapeOf(op.getRhs()) ||
        shapeOf(op.getLhs()) != shapeOf(op.getResult()))
      return failure();
    Location loc = op.getLoc();
    bool relu = std::is_same_v<OpTy, AddReluOp>;
    Value result;
    auto i32 = [](OpBuilder &nb, Location l, int64_t v) {
      return i32Constant(nb, l, static_cast<int32_t>(v));
    };
    if constexpr (std::is_same_v<OpTy, MulOp>) {
      float m = static_cast<float>(a->scale) * static_cast<float>(b->scale);
      m = m * (1.0f / static_cast<float>(o->scale));
      result = mapElementwise(
          rewriter, loc, adaptor.getOperands(), shapeOf(op.getResult()),
          rewriter.getI8Type(), [&](OpBuilder &nb, Location l, ValueRange v) {
            Value x = arith::SubIOp::create(
                nb, l, extendToI32(nb, l, v[0], false), i32(nb, l, a->zeroPoint));
            Value y = arith::SubIOp::create(
                nb, l, extendToI32(nb, l, v[1], false), i32(nb, l, b->zeroPoint));
            Value p = arith::SIToFPOp::create(nb, l, nb.getF32Type(),
                                              arith::MulIOp::create(nb, l, x, y));
            p = arith::MulFOp::create(nb, l, p, f32Constant(nb, l, m));
            return roundAddClamp(nb, l, p, i32(nb, l, o->zeroPoint), o->qmin,
                                 o->qmax, 8);
          });
    } else {
      std::optional<QuantizedAddParams> params =
          getQuantizedAddParams(*a, *b, *o, relu);
      if (!params)
        return failure();
      result = mapElementwise(
          rewriter, loc, adaptor.getOperands(), shapeOf(op.getResult()),
          rewriter.getI8Type(), [&](OpBuilder &nb, Location l, ValueRange v) {
            Value q = emitQuantizedAdd(nb, l, *params,
                                       extendToI32(nb, l, v[0], false),
                                       extendToI32(nb, l, v[1], false));
            return arith::TruncIOp::create(nb, l, nb.getI8Type(), q);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Quantized add_scalar as torch's qadd_scalar_kernel computes it:
/// `c_q = nearbyint(c / si)` (double), then
/// `zo + rint((float)(q - zi + c_q) * (si * (1.0f / so)))`, clamped. With the
/// output qparams torch derives (`zi - c_q`, same scale) this copies the
/// storage values. (mul_scalar needs no kernel of its own: with torch's
/// derived qparams the float formulation rounds back to its exact result.)
struct QuantizedAddScalarLowering : OpConversionPattern<AddScalarOp> {
  QuantizedAddScalarLowering(const TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern<AddScalarOp>(converter, ctx, /*benefit=*/2) {}
  LogicalResult
  matchAndRewrite(AddScalarOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<TensorQuant> in = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> out = getTensorQuant(op.getType());
    if (!in || !out)
      return failure();
    double c = op.getScalar().convertToDouble();
    auto cq = static_cast<int64_t>(std::nearbyint(c / in->scale));
    float m = static_cast<float>(in->scale) *
              (1.0f / static_cast<float>(out->scale));
    TensorQuant i = *in, o = *out;
    Value result = mapElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), shapeOf(op.getResult()),
        rewriter.getIntegerType(o.width),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value v = arith::AddIOp::create(
              b, l, extendToI32(b, l, a[0], i.isSigned),
              i32Constant(b, l, static_cast<int32_t>(cq - i.zeroPoint)));
          Value f = arith::SIToFPOp::create(b, l, b.getF32Type(), v);
          f = arith::MulFOp::create(b, l, f, f32Constant(b, l, m));
          return roundAddClamp(b, l, f, i32Constant(b, l, o.zeroPoint), o.qmin,
                               o.qmax, o.width);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Inference batch norm as ATen computes it: alpha = weight / sqrt(var +
/// eps), beta = bias - mean * alpha, y = x * alpha + beta (per channel).
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type f32 = rewriter.getF32Type();
    auto [alpha, beta] = batchNormAlphaBeta(
        rewriter, loc, adaptor.getRunningMean(), adaptor.getRunningVar(),
        adaptor.getWeight(), adaptor.getBias(),
        static_cast<float>(op.getEps().convertToDouble()));

    std::optional<TensorQuant> inQ = getTensorQuant(op.getInput().getType());
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    bool fusedRelu = op.getFusedRelu();
    Type elem = outQ ? Type(rewriter.getIntegerType(outQ->width)) : f32;
    Value result = mapWithChannelInput(
        rewriter, loc, adaptor.getInput(), ValueRange{alpha, beta}, 1,
        shapeOf(op.getResult()), elem,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value x = inQ ? dequantizeScalar(b, l, a[0], *inQ) : a[0];
          Value y = arith::MulFOp::create(b, l, x, a[1]);
          y = arith::AddFOp::create(b, l, y, a[2]);
          if (fusedRelu)
            y = relu(b, l, y);
          return outQ ? quantizeScalar(b, l, y, *outQ) : y;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::qnn::populateElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<ReluOp>, ElementwiseLowering<Relu6Op>,
               ElementwiseLowering<HardsigmoidOp>,
               ElementwiseLowering<HardswishOp>, ElementwiseLowering<SigmoidOp>,
               ElementwiseLowering<TanhOp>, ElementwiseLowering<EluOp>,
               ElementwiseLowering<LeakyReluOp>, ElementwiseLowering<DropoutOp>,
               ElementwiseLowering<HardtanhOp>, ElementwiseLowering<GeluOp>,
               ElementwiseLowering<SiluOp>,
               ElementwiseLowering<AddOp>, ElementwiseLowering<MulOp>,
               ElementwiseLowering<AddReluOp>, ElementwiseLowering<AddScalarOp>,
               ElementwiseLowering<MulScalarOp>, BatchNormLowering,
               QuantizedBinaryLowering<AddOp>, QuantizedBinaryLowering<AddReluOp>,
               QuantizedBinaryLowering<MulOp>, QuantizedAddScalarLowering>(
      converter, patterns.getContext());
}
