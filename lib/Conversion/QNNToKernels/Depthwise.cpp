//===- Depthwise.cpp - channels-last depthwise conv2d -----------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace {

/// Depthwise 2-D convolution (groups == in channels == out channels): no
/// GEMM. Channels-last: per output pixel, a vector of `lanes` channels
/// accumulates the taps: 16-bit centered inputs (one contiguous load per
/// tap) times that tap's per-channel centered weights (vectors kept in
/// registers across the pixels of the channel block). The target's
/// DepthwiseDesc gives the lanes and, when it has a pair dot (vpmaddwd on
/// x86), two taps at a time go through it (inputs interleaved per channel
/// with vector.shuffle, weights interleaved at compile time); otherwise each
/// tap is a widening multiply-add. Channel tails use masked loads and stores.
/// The epilogue is the GEMM kernels'.
struct DepthwiseConvMicroKernel : OpConversionPattern<Conv2dOp> {
  // Ahead of the (grouped) GEMM pattern, which takes the depthwise convs
  // this one declines.
  DepthwiseConvMicroKernel(const TypeConverter &converter, MLIRContext *ctx,
                           KernelTarget target)
      : OpConversionPattern<Conv2dOp>(converter, ctx, /*benefit=*/3),
        target(target) {}

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> xs = shapeOf(op.getInput()), ws = shapeOf(op.getWeight()),
                      os = shapeOf(op.getResult());
    int64_t groups = op.getGroups();
    if (groups == 1 || groups != xs[1] || ws[0] != groups || ws[1] != 1)
      return rewriter.notifyMatchFailure(op, "not a depthwise convolution");
    Location loc = op.getLoc();
    int64_t batch = xs[0], channels = xs[1], kh = ws[2], kw = ws[3];
    OperandDomain domain;
    // The 16-bit centered form of the GEMM plan: weights w - zp, offsets =
    // quantized bias, per-channel multipliers.
    auto plan = planGemm(
        target, op, op.getInput(), op.getWeight(), adaptor.getWeight(),
        op.getBias(), adaptor.getBias(), op.getType(), op.getFusedRelu(),
        batch * os[2] * os[3], channels, kh * kw, channels,
        [&](int64_t c, int64_t k) { return rowMajorWeight(kh * kw, c, k); },
        domain, /*first=*/0, /*allowBytes=*/false);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, "not a micro-kernel problem");
    const GemmProblem &p = plan->second;
    const DepthwiseDesc &desc = getTargetInfo(target).depthwise;
    int64_t lanes = desc.lanes;
    Type i16 = rewriter.getI16Type(), i32 = rewriter.getI32Type();
    bool xSigned = getTensorQuant(op.getInput().getType())->isSigned;
    MLIRContext *ctx = rewriter.getContext();

    // Channels-last centered input: [n][h][w][c] (i16), zero padding (the
    // zero point's image).
    SmallVector<int64_t> nhwc = {batch, xs[2], xs[3], channels};
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    Value x =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{RankedTensorType::get(nhwc, i16)},
            ValueRange{adaptor.getInput()},
            ValueRange{createEmpty(rewriter, loc, nhwc, i16)},
            SmallVector<AffineMap>{AffineMap::get(4, 0, {d(0), d(3), d(1), d(2)}, ctx),
                                   AffineMap::getMultiDimIdentityMap(4, ctx)},
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [&](OpBuilder &nb, Location l, ValueRange a) {
              linalg::YieldOp::create(
                  nb, l, domain.transform(nb, l, a[0], xSigned, i16));
            })
            .getResult(0);
    ArrayRef<int64_t> pad = op.getPadding();
    SmallVector<int64_t> padded = {batch, xs[2] + 2 * pad[0],
                                   xs[3] + 2 * pad[1], channels};
    if (pad[0] || pad[1]) {
      SmallVector<OpFoldResult> lo = {
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[0]),
          rewriter.getIndexAttr(pad[1]), rewriter.getIndexAttr(0)};
      Value zero = arith::ConstantOp::create(rewriter, loc,
                                             rewriter.getI16IntegerAttr(0));
      x = tensor::PadOp::create(rewriter, loc,
                                RankedTensorType::get(padded, i16), x, lo, lo,
                                zero);
    }

    // Taps [kh * kw][channels padded to the vector width], channel-contiguous,
    // and the per-channel epilogue constants, padded alike.
    int64_t taps = kh * kw, cPadded = ceilDiv(channels, lanes) * lanes;
    SmallVector<int32_t> weights(taps * cPadded, 0);
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t t = 0; t < taps; ++t)
        weights[t * cPadded + c] = (int32_t)p.weights[c * taps + t];
    SmallVector<int32_t> offsets(p.offsets);
    SmallVector<float> multipliers(p.multipliers);
    offsets.resize(cPadded, 0);
    multipliers.resize(cPadded, 0.0f);
    std::string name = kernelName(op);
    // With a pair dot (vpmaddwd) the taps go in pairs: per channel the two
    // taps' inputs are interleaved with the pair's interleaved weights
    // ([pair][channel][2] i16; an odd last tap pairs with weight 0).
    const std::optional<MicroKernel> &pairKernel = desc.pairDot;
    int64_t pairs = ceilDiv(taps, 2);
    // Split blocks (a pair dot, channels a multiple of 2 * lanes): each tap loads
    // 2 * lanes channels, and a pair of taps is interleaved within 128-bit
    // lanes (vpunpcklwd / vpunpckhwd, no cross-lane permutes). The low
    // interleave holds channels 0-3 of every 8, the high one 4-7, so the
    // two accumulators, the paired weights and the epilogue constants are
    // in that split order; the epilogue restores the channel order (one
    // vpackssdw does it). `splitChannel(c0, i, high)` is the channel of
    // lane i.
    bool split = pairKernel.has_value() && channels % (2 * lanes) == 0;
    auto splitChannel = [](int64_t c0, int64_t i, bool high) {
      return c0 + (i / 4) * 8 + i % 4 + (high ? 4 : 0);
    };
    if (split) {
      SmallVector<int32_t> o(offsets);
      SmallVector<float> m(multipliers);
      for (int64_t c0 = 0; c0 < channels; c0 += 2 * lanes)
        for (int64_t i = 0; i < lanes; ++i)
          for (bool high : {false, true}) {
            int64_t at = c0 + i + (high ? lanes : 0);
            offsets[at] = o[splitChannel(c0, i, high)];
            multipliers[at] = m[splitChannel(c0, i, high)];
          }
    }
    Value wBuf;
    if (pairKernel) {
      SmallVector<int16_t> paired(pairs * cPadded * 2, 0);
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t t = 0; t < taps; ++t)
          paired[((t / 2) * cPadded + c) * 2 + t % 2] =
              (int16_t)p.weights[c * taps + t];
      if (split)
        for (int64_t c0 = 0; c0 < channels; c0 += 2 * lanes)
          for (int64_t q = 0; q < pairs; ++q)
            for (int64_t i = 0; i < lanes; ++i)
              for (bool high : {false, true})
                for (int64_t g = 0; g < 2; ++g) {
                  int64_t t = 2 * q + g, c = splitChannel(c0, i, high);
                  paired[(q * cPadded + c0) * 2 + (high ? 2 * lanes : 0) +
                         2 * i + g] =
                      t < taps ? (int16_t)p.weights[c * taps + t] : 0;
                }
      wBuf = constantGlobal(
          rewriter, loc, op, name + "_tap_pairs",
          DenseElementsAttr::get(
              RankedTensorType::get({pairs, cPadded * 2}, i16),
              ArrayRef<int16_t>(paired)));
    } else {
      wBuf = constantGlobal(
          rewriter, loc, op, name + "_taps",
          DenseElementsAttr::get(RankedTensorType::get({taps, cPadded}, i32),
                                 ArrayRef<int32_t>(weights)));
    }
    auto module = op->getParentOfType<ModuleOp>();
    Value offBuf = constantGlobal(
        rewriter, loc, op, name + "_offsets",
        DenseElementsAttr::get(RankedTensorType::get({cPadded}, i32),
                               ArrayRef<int32_t>(offsets)));
    Value multBuf = constantGlobal(
        rewriter, loc, op, name + "_multipliers",
        DenseElementsAttr::get(
            RankedTensorType::get({cPadded}, rewriter.getF32Type()),
            ArrayRef<float>(multipliers)));
    Value in = bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(padded, i16), x, /*read_only=*/true);
    Type storage = rewriter.getIntegerType(p.out.width);
    SmallVector<int64_t> outNhwc = {batch, os[2], os[3], channels};
    Value out = memref::AllocOp::create(rewriter, loc,
                                        MemRefType::get(outNhwc, storage),
                                        rewriter.getI64IntegerAttr(64));

    ArrayRef<int64_t> stride = op.getStride(), dilation = op.getDilation();
    auto idx = [&](OpBuilder &b, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    VectorType accType = VectorType::get({lanes}, i32);
    VectorType inType = VectorType::get({lanes}, i16);
    VectorType f32Vec = VectorType::get({lanes}, rewriter.getF32Type());
    Value zeroAcc = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(accType, rewriter.getI32IntegerAttr(0)));
    Value zpVec = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(accType,
                               rewriter.getI32IntegerAttr(p.out.zeroPoint)));
    int64_t fullBlocks = channels / lanes, tail = channels % lanes;

    auto loop = [&](OpBuilder &b, int64_t upper,
                    function_ref<void(OpBuilder &, Value)> body) {
      scf::ForOp::create(b, loc, idx(b, 0), idx(b, upper), idx(b, 1),
                         ValueRange{},
                         [&](OpBuilder &lb, Location, Value i, ValueRange) {
                           body(lb, i);
                           scf::YieldOp::create(lb, loc);
                         });
    };
    // Every output pixel of a channel block, with its taps loaded by `load`
    // (which reads one tap at [n, row, col, c0]).
    using TapLoad = function_ref<Value(OpBuilder &, ValueRange)>;
    using PixelBody =
        function_ref<void(OpBuilder &, Value, Value, ArrayRef<Value>)>;
    auto forEachPixel = [&](OpBuilder &b, Value n, Value c0, TapLoad load,
                            PixelBody body) {
      loop(b, os[2], [&](OpBuilder &b, Value oh) {
        Value row0 = arith::MulIOp::create(b, loc, oh, idx(b, stride[0]));
        loop(b, os[3], [&](OpBuilder &b, Value ow) {
          Value col0 = arith::MulIOp::create(b, loc, ow, idx(b, stride[1]));
          SmallVector<Value> inputs;
          for (int64_t i = 0; i < kh; ++i) {
            Value row =
                arith::AddIOp::create(b, loc, row0, idx(b, i * dilation[0]));
            for (int64_t j = 0; j < kw; ++j) {
              Value col =
                  arith::AddIOp::create(b, loc, col0, idx(b, j * dilation[1]));
              inputs.push_back(load(b, ValueRange{n, row, col, c0}));
            }
          }
          body(b, oh, ow, inputs);
        });
      });
    };
    // One block of `count` channels from `c0`: the taps and constants stay
    // in registers over the output pixels.
    auto emitChannels = [&](OpBuilder &b, Value n, Value c0, int64_t count) {
      SmallVector<Value> tapVecs;
      if (pairKernel) {
        VectorType pairType = VectorType::get({2 * lanes}, i16);
        Value c2 = arith::MulIOp::create(b, loc, c0, idx(b, 2));
        for (int64_t q = 0; q < pairs; ++q)
          tapVecs.push_back(vector::LoadOp::create(b, loc, pairType, wBuf,
                                                   ValueRange{idx(b, q), c2}));
      } else {
        for (int64_t t = 0; t < taps; ++t)
          tapVecs.push_back(vector::LoadOp::create(b, loc, accType, wBuf,
                                                   ValueRange{idx(b, t), c0}));
      }
      Value off = vector::LoadOp::create(b, loc, accType, offBuf, c0);
      Value mult = vector::LoadOp::create(b, loc, f32Vec, multBuf, c0);
      auto loadTap = [&](OpBuilder &b, ValueRange at) -> Value {
        return loadLanes(b, loc, inType, in, at, count);
      };
      forEachPixel(
          b, n, c0, loadTap,
          [&](OpBuilder &b, Value oh, Value ow, ArrayRef<Value> inputs) {
            Value acc = zeroAcc;
            if (pairKernel) {
              SmallVector<int64_t> interleave;
              for (int64_t l = 0; l < lanes; ++l) {
                interleave.push_back(l);
                interleave.push_back(lanes + l);
              }
              for (int64_t q = 0; q < pairs; ++q) {
                Value first = inputs[2 * q];
                Value second = 2 * q + 1 < taps ? inputs[2 * q + 1] : first;
                Value both = vector::ShuffleOp::create(b, loc, first, second,
                                                       interleave);
                acc =
                    emitDot(b, loc, module, *pairKernel, acc, both, tapVecs[q]);
              }
            } else {
              for (int64_t t = 0; t < taps; ++t) {
                Value wide = arith::ExtSIOp::create(b, loc, accType, inputs[t]);
                acc = arith::AddIOp::create(
                    b, loc, acc,
                    arith::MulIOp::create(b, loc, wide, tapVecs[t]));
              }
            }
            requantizeAndStore(b, loc, module, p, acc, off, mult, zpVec,
                               /*residual=*/Value(), out,
                               ValueRange{n, oh, ow, c0}, count);
          });
    };
    // A split block of 2 * lanes channels from `c0` (see `split`).
    auto emitSplitChannels = [&](OpBuilder &b, Value n, Value c0) {
      int64_t width = 2 * lanes;
      VectorType wideIn = VectorType::get({width}, i16);
      Value c2 = arith::MulIOp::create(b, loc, c0, idx(b, 2));
      Value c2High = arith::AddIOp::create(b, loc, c2, idx(b, width));
      SmallVector<Value> lowTaps, highTaps;
      for (int64_t q = 0; q < pairs; ++q) {
        lowTaps.push_back(vector::LoadOp::create(b, loc, wideIn, wBuf,
                                                 ValueRange{idx(b, q), c2}));
        highTaps.push_back(vector::LoadOp::create(
            b, loc, wideIn, wBuf, ValueRange{idx(b, q), c2High}));
      }
      Value cHigh = arith::AddIOp::create(b, loc, c0, idx(b, lanes));
      Value offLow = vector::LoadOp::create(b, loc, accType, offBuf, c0);
      Value offHigh = vector::LoadOp::create(b, loc, accType, offBuf, cHigh);
      Value multLow = vector::LoadOp::create(b, loc, f32Vec, multBuf, c0);
      Value multHigh = vector::LoadOp::create(b, loc, f32Vec, multBuf, cHigh);
      SmallVector<int64_t> lowMask, highMask, channelOrder(width);
      for (int64_t i = 0; i < lanes; ++i) {
        int64_t lo = splitChannel(0, i, false), hi = splitChannel(0, i, true);
        lowMask.append({lo, width + lo});
        highMask.append({hi, width + hi});
        channelOrder[lo] = i;
        channelOrder[hi] = lanes + i;
      }
      auto loadTap = [&](OpBuilder &b, ValueRange at) -> Value {
        return loadLanes(b, loc, wideIn, in, at, width);
      };
      forEachPixel(
          b, n, c0, loadTap,
          [&](OpBuilder &b, Value oh, Value ow, ArrayRef<Value> inputs) {
            Value accLow = zeroAcc, accHigh = zeroAcc;
            for (int64_t q = 0; q < pairs; ++q) {
              Value first = inputs[2 * q];
              Value second = 2 * q + 1 < taps ? inputs[2 * q + 1] : first;
              accLow = emitDot(
                  b, loc, module, *pairKernel, accLow,
                  vector::ShuffleOp::create(b, loc, first, second, lowMask),
                  lowTaps[q]);
              accHigh = emitDot(
                  b, loc, module, *pairKernel, accHigh,
                  vector::ShuffleOp::create(b, loc, first, second, highMask),
                  highTaps[q]);
            }
            Value qLow = requantizeToI32(b, loc, module, p, accLow, offLow,
                                         multLow, zpVec);
            Value qHigh = requantizeToI32(b, loc, module, p, accHigh, offHigh,
                                          multHigh, zpVec);
            Value ordered =
                vector::ShuffleOp::create(b, loc, qLow, qHigh, channelOrder);
            vector::StoreOp::create(b, loc, narrowToStorage(b, loc, p, ordered),
                                    out, ValueRange{n, oh, ow, c0});
          });
    };
    loop(rewriter, batch, [&](OpBuilder &b, Value n) {
      if (split) {
        loop(b, channels / (2 * lanes), [&](OpBuilder &b, Value blk) {
          emitSplitChannels(
              b, n, arith::MulIOp::create(b, loc, blk, idx(b, 2 * lanes)));
        });
        return;
      }
      if (fullBlocks > 0)
        loop(b, fullBlocks, [&](OpBuilder &b, Value blk) {
          emitChannels(b, n, arith::MulIOp::create(b, loc, blk, idx(b, lanes)),
                       lanes);
        });
      if (tail)
        emitChannels(b, n, idx(b, fullBlocks * lanes), tail);
    });
    // Back to NCHW; qnn-fuse-elementwise folds this into the consumer.
    Value nhwcOut = bufferization::ToTensorOp::create(
        rewriter, loc, RankedTensorType::get(outNhwc, storage), out,
        /*restrict=*/true, /*writable=*/true);
    rewriter.replaceOp(op, channelsLastToNchw(rewriter, loc, nhwcOut));
    return success();
  }

  KernelTarget target;
};

} // namespace

void mlir::qnn::kernels::populateDepthwiseConvPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target) {
  patterns.add<DepthwiseConvMicroKernel>(converter, patterns.getContext(),
                                         target);
}
