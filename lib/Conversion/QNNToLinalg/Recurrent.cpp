//===- Recurrent.cpp - RNN cells and LSTM to linalg -------------*- C++ -*-===//
//
// The cells follow ATen's CPU cells (aten/src/ATen/native/RNN.cpp):
//   LSTM: gates = linear_hh(h) + linear_ih(x); i, f, g, o = chunk(gates, 4)
//         c' = sigmoid(f) * c + sigmoid(i) * tanh(g); h' = sigmoid(o) * tanh(c')
//   GRU:  r = sigmoid(hr + ir); z = sigmoid(hz + iz); n = tanh(in + r * hn)
//         h' = (h - n) * z + n
//   RNN:  h' = act(linear_hh(h) + linear_ih(x))
// Each linear is buildLinear, so a quantized weight gives the dynamically
// quantized cell (torch.ao.nn.quantized.dynamic), input quantized per call.
// qnn.lstm is unrolled over time, layers and directions.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {

enum class Act { Sigmoid, Tanh, Relu };

/// The cell's activations. exp and tanh are tagged `qnn.portable`: after the
/// conversion, qnn-to-linalg expands them into MLIR's polynomial
/// approximations (arith and math.fma only), so every target computes the
/// same bits; libm's expf/tanhf differ between glibc's x86-64 and aarch64
/// builds (docs/numerics.md).
Value scalarAct(OpBuilder &b, Location l, Value x, Act act) {
  auto portable = [&](Operation *op) {
    op->setAttr(kPortableMathAttr, b.getUnitAttr());
    return op->getResult(0);
  };
  switch (act) {
  case Act::Sigmoid: {
    Value e =
        portable(math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x)));
    Value d = arith::AddFOp::create(b, l, f32Constant(b, l, 1.0f), e);
    return arith::DivFOp::create(b, l, f32Constant(b, l, 1.0f), d);
  }
  case Act::Tanh:
    return portable(math::TanhOp::create(b, l, x));
  case Act::Relu:
    return arith::MaximumFOp::create(b, l, x, f32Constant(b, l, 0.0f));
  }
  return x;
}

/// Columns [k*H, (k+1)*H) of a B x (G*H) tensor.
Value chunk(OpBuilder &b, Location loc, Value gates, int64_t k, int64_t h) {
  ArrayRef<int64_t> shape = shapeOf(gates);
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(k * h)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(shape[0]), b.getIndexAttr(h)};
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
  return tensor::ExtractSliceOp::create(b, loc, gates, offsets, sizes, strides);
}

Value apply(OpBuilder &b, Location loc, ValueRange xs,
            function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
  return mapElementwise(b, loc, xs, shapeOf(xs[0]), b.getF32Type(), fn);
}

/// The weights of one cell: converted values plus original types, and the
/// micro-kernel target for its gate matmuls (`anchor`: the op rewritten).
struct CellWeights {
  Value wih, whh, bih, bhh;
  Type wihType, whhType;
  KernelTarget target = KernelTarget::Reference;
  Operation *anchor = nullptr;

  Value gates(OpBuilder &b, Location loc, Value x, bool hidden) const {
    Value w = hidden ? whh : wih;
    Type f32Tensor = RankedTensorType::get(
        {shapeOf(x)[0], shapeOf(w)[0]}, b.getF32Type());
    return buildLinear(b, loc, x, x.getType(), w, hidden ? whhType : wihType,
                       hidden ? bhh : bih, f32Tensor, false, target, anchor);
  }
};

template <typename OpTy>
CellWeights cellWeights(OpTy op, typename OpTy::Adaptor adaptor,
                        KernelTarget target) {
  return {adaptor.getWeightIh(),      adaptor.getWeightHh(),
          adaptor.getBiasIh(),        adaptor.getBiasHh(),
          op.getWeightIh().getType(), op.getWeightHh().getType(),
          target,                     op};
}

/// A recurrent lowering that knows the micro-kernel target.
template <typename OpTy>
struct RecurrentPattern : OpConversionPattern<OpTy> {
  RecurrentPattern(const TypeConverter &converter, MLIRContext *ctx,
                   KernelTarget target)
      : OpConversionPattern<OpTy>(converter, ctx), target(target) {}
  KernelTarget target;
};

/// One LSTM step from the input projection `gi` (linear_ih(x)).
std::pair<Value, Value> lstmStep(OpBuilder &b, Location loc, Value gi, Value h,
                                 Value c, const CellWeights &w) {
  int64_t hidden = shapeOf(h)[1];
  Value gh = w.gates(b, loc, h, /*hidden=*/true);
  Value gates = apply(b, loc, {gh, gi}, [](OpBuilder &nb, Location l, ValueRange a) {
    return arith::AddFOp::create(nb, l, a[0], a[1]);
  });
  Value i = chunk(b, loc, gates, 0, hidden), f = chunk(b, loc, gates, 1, hidden);
  Value g = chunk(b, loc, gates, 2, hidden), o = chunk(b, loc, gates, 3, hidden);
  Value cNew = apply(b, loc, {i, f, g, c}, [](OpBuilder &nb, Location l, ValueRange a) {
    Value ig = scalarAct(nb, l, a[0], Act::Sigmoid);
    Value fg = scalarAct(nb, l, a[1], Act::Sigmoid);
    Value cg = scalarAct(nb, l, a[2], Act::Tanh);
    Value keep = arith::MulFOp::create(nb, l, fg, a[3]);
    Value add = arith::MulFOp::create(nb, l, ig, cg);
    return arith::AddFOp::create(nb, l, keep, add);
  });
  Value hNew = apply(b, loc, {o, cNew}, [](OpBuilder &nb, Location l, ValueRange a) {
    Value og = scalarAct(nb, l, a[0], Act::Sigmoid);
    return arith::MulFOp::create(nb, l, og, scalarAct(nb, l, a[1], Act::Tanh));
  });
  return {hNew, cNew};
}

std::pair<Value, Value> lstmCell(OpBuilder &b, Location loc, Value x, Value h,
                                 Value c, const CellWeights &w) {
  return lstmStep(b, loc, w.gates(b, loc, x, /*hidden=*/false), h, c, w);
}

Value gruCell(OpBuilder &b, Location loc, Value x, Value h,
              const CellWeights &w) {
  int64_t hidden = shapeOf(h)[1];
  Value gi = w.gates(b, loc, x, /*hidden=*/false);
  Value gh = w.gates(b, loc, h, /*hidden=*/true);
  Value ir = chunk(b, loc, gi, 0, hidden), iz = chunk(b, loc, gi, 1, hidden),
        in = chunk(b, loc, gi, 2, hidden);
  Value hr = chunk(b, loc, gh, 0, hidden), hz = chunk(b, loc, gh, 1, hidden),
        hn = chunk(b, loc, gh, 2, hidden);
  return apply(b, loc, {ir, iz, in, hr, hz, hn, h},
               [](OpBuilder &nb, Location l, ValueRange a) {
                 Value r = scalarAct(nb, l, arith::AddFOp::create(nb, l, a[3], a[0]),
                                     Act::Sigmoid);
                 Value z = scalarAct(nb, l, arith::AddFOp::create(nb, l, a[4], a[1]),
                                     Act::Sigmoid);
                 Value n = arith::AddFOp::create(
                     nb, l, a[2], arith::MulFOp::create(nb, l, a[5], r));
                 n = scalarAct(nb, l, n, Act::Tanh);
                 Value d = arith::SubFOp::create(nb, l, a[6], n);
                 return arith::AddFOp::create(nb, l,
                                              arith::MulFOp::create(nb, l, d, z), n);
               });
}

Value rnnCell(OpBuilder &b, Location loc, Value x, Value h,
              const CellWeights &w, Act act) {
  Value gi = w.gates(b, loc, x, /*hidden=*/false);
  Value gh = w.gates(b, loc, h, /*hidden=*/true);
  return apply(b, loc, {gh, gi}, [&](OpBuilder &nb, Location l, ValueRange a) {
    return scalarAct(nb, l, arith::AddFOp::create(nb, l, a[0], a[1]), act);
  });
}

struct LSTMCellLowering : RecurrentPattern<LSTMCellOp> {
  using RecurrentPattern::RecurrentPattern;
  LogicalResult
  matchAndRewrite(LSTMCellOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    CellWeights w = cellWeights(op, adaptor, target);
    auto [h, c] = lstmCell(rewriter, op.getLoc(), adaptor.getInput(),
                           adaptor.getHx(), adaptor.getCx(), w);
    rewriter.replaceOp(op, {h, c});
    return success();
  }
};

struct GRUCellLowering : RecurrentPattern<GRUCellOp> {
  using RecurrentPattern::RecurrentPattern;
  LogicalResult
  matchAndRewrite(GRUCellOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    CellWeights w = cellWeights(op, adaptor, target);
    rewriter.replaceOp(op, gruCell(rewriter, op.getLoc(), adaptor.getInput(),
                                   adaptor.getHx(), w));
    return success();
  }
};

struct RNNCellLowering : RecurrentPattern<RNNCellOp> {
  using RecurrentPattern::RecurrentPattern;
  LogicalResult
  matchAndRewrite(RNNCellOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    CellWeights w = cellWeights(op, adaptor, target);
    Act act = op.getNonlinearity() == RNNNonlinearity::relu ? Act::Relu
                                                             : Act::Tanh;
    rewriter.replaceOp(op, rnnCell(rewriter, op.getLoc(), adaptor.getInput(),
                                   adaptor.getHx(), w, act));
    return success();
  }
};

/// Slice [i] of dimension `dim` of a rank-3 tensor, as a rank-2 tensor.
Value slice3(OpBuilder &b, Location loc, Value t, int64_t dim, int64_t i) {
  ArrayRef<int64_t> shape = shapeOf(t);
  SmallVector<OpFoldResult> offsets(3, b.getIndexAttr(0)), sizes, strides(3, b.getIndexAttr(1));
  SmallVector<int64_t> outShape;
  for (int64_t d = 0; d < 3; ++d) {
    sizes.push_back(b.getIndexAttr(d == dim ? 1 : shape[d]));
    if (d != dim)
      outShape.push_back(shape[d]);
  }
  offsets[dim] = b.getIndexAttr(i);
  auto type = RankedTensorType::get(outShape, b.getF32Type());
  return tensor::ExtractSliceOp::create(b, loc, type, t, offsets, sizes, strides);
}

/// Stacks rank-2 tensors along a new dimension `dim` of a rank-3 result.
Value stack(OpBuilder &b, Location loc, ArrayRef<Value> parts, int64_t dim) {
  SmallVector<Value> expanded;
  for (Value p : parts) {
    SmallVector<int64_t> shape(shapeOf(p));
    shape.insert(shape.begin() + dim, 1);
    SmallVector<ReassociationIndices> re =
        dim == 0 ? SmallVector<ReassociationIndices>{{0, 1}, {2}}
                 : SmallVector<ReassociationIndices>{{0}, {1, 2}};
    expanded.push_back(tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get(shape, b.getF32Type()), p, re));
  }
  return parts.size() == 1 ? expanded[0]
                           : tensor::ConcatOp::create(b, loc, dim, expanded).getResult();
}

struct LSTMLowering : RecurrentPattern<LSTMOp> {
  using RecurrentPattern::RecurrentPattern;
  LogicalResult
  matchAndRewrite(LSTMOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    int64_t hidden = static_cast<int64_t>(op.getHiddenSize());
    int64_t layers = static_cast<int64_t>(op.getNumLayers());
    int64_t dirs = op.getBidirectional() ? 2 : 1;
    int64_t perBlock = op.getHasBiases() ? 4 : 2;
    bool batchFirst = op.getBatchFirst();
    Value input = adaptor.getInput();
    int64_t seqDim = batchFirst ? 1 : 0;
    int64_t steps = shapeOf(input)[seqDim];
    int64_t batch = shapeOf(input)[batchFirst ? 0 : 1];
    SmallVector<Value> seq;
    for (int64_t t = 0; t < steps; ++t)
      seq.push_back(slice3(b, loc, input, seqDim, t));
    Value zeros = createFilled(b, loc, {batch, hidden}, b.getF32FloatAttr(0.0f));
    SmallVector<Value> hN, cN;
    for (int64_t layer = 0; layer < layers; ++layer) {
      // ATen's CPU layers project the whole input sequence at once
      // (linear_ih over T x B x I); a dynamic linear therefore quantizes it
      // with one set of run-time qparams.
      Value layerInput = stack(b, loc, seq, 0);
      SmallVector<SmallVector<Value>> outs(dirs);
      for (int64_t dir = 0; dir < dirs; ++dir) {
        int64_t idx = layer * dirs + dir;
        int64_t base = idx * perBlock;
        CellWeights w{adaptor.getWeights()[base], adaptor.getWeights()[base + 1],
                      op.getHasBiases() ? adaptor.getWeights()[base + 2] : Value(),
                      op.getHasBiases() ? adaptor.getWeights()[base + 3] : Value(),
                      op.getWeights()[base].getType(),
                      op.getWeights()[base + 1].getType(), target, op};
        Type projType = RankedTensorType::get(
            {steps, batch, 4 * hidden}, b.getF32Type());
        Value projected =
            buildLinear(b, loc, layerInput, layerInput.getType(), w.wih,
                        w.wihType, w.bih, projType, false, target, op);
        Value h = adaptor.getH0() ? slice3(b, loc, adaptor.getH0(), 0, idx) : zeros;
        Value c = adaptor.getC0() ? slice3(b, loc, adaptor.getC0(), 0, idx) : zeros;
        outs[dir].resize(steps);
        for (int64_t s = 0; s < steps; ++s) {
          int64_t t = dir == 0 ? s : steps - 1 - s;
          std::tie(h, c) = lstmStep(b, loc, slice3(b, loc, projected, 0, t), h,
                                    c, w);
          outs[dir][t] = h;
        }
        hN.push_back(h);
        cN.push_back(c);
      }
      for (int64_t t = 0; t < steps; ++t) {
        if (dirs == 1) {
          seq[t] = outs[0][t];
          continue;
        }
        seq[t] = tensor::ConcatOp::create(b, loc, 1,
                                          ValueRange{outs[0][t], outs[1][t]});
      }
    }
    Value output = stack(b, loc, seq, seqDim);
    rewriter.replaceOp(op, {output, stack(b, loc, hN, 0), stack(b, loc, cN, 0)});
    return success();
  }
};

} // namespace

void mlir::qnn::populateRecurrentToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target) {
  patterns.add<LSTMCellLowering, GRUCellLowering, RNNCellLowering, LSTMLowering>(
      converter, patterns.getContext(), target);
}
