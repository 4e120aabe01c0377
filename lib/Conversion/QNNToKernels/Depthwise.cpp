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

/// The depthwise input channels-last, [n][h][w][c] of `type`, in the
/// kernel's operand domain.
Value mlir::qnn::kernels::channelsLastInput(OpBuilder &b, Location loc,
                                            Conv2dOp op,
                                            const OperandDomain &domain,
                                            Value input, Type type) {
  ArrayRef<int64_t> xs = shapeOf(op.getInput());
  bool xSigned = getTensorQuant(op.getInput().getType())->isSigned;
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> nhwc = {xs[0], xs[2], xs[3], xs[1]};
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  return linalg::GenericOp::create(
             b, loc, TypeRange{RankedTensorType::get(nhwc, type)},
             ValueRange{input}, ValueRange{createEmpty(b, loc, nhwc, type)},
             SmallVector<AffineMap>{
                 AffineMap::get(4, 0, {d(0), d(3), d(1), d(2)}, ctx),
                 AffineMap::getMultiDimIdentityMap(4, ctx)},
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(
                   nb, l, domain.transform(nb, l, a[0], xSigned, type));
             })
      .getResult(0);
}

namespace {

/// The channel of lane i of a split block from `c0` (see DepthwiseEmitter):
/// the low interleave holds channels 0-3 of every 8, the high one 4-7.
int64_t splitChannel(int64_t c0, int64_t i, bool high) {
  return c0 + (i / 4) * 8 + i % 4 + (high ? 4 : 0);
}

/// Depthwise 2-D convolution (groups == in channels == out channels): no
/// GEMM. Channels-last: per output pixel, a vector of `lanes` channels
/// accumulates the taps: 16-bit centered inputs (one contiguous load per
/// tap) times that tap's per-channel centered weights (vectors kept in
/// registers across the pixels of the channel block). The target's
/// DepthwiseDesc gives the lanes and, when it has a pair dot (vpmaddwd on
/// x86), two taps at a time go through it (inputs interleaved per channel
/// with vector.shuffle, weights interleaved at compile time, packed like
/// the GEMM's B with a k group of 2); otherwise each tap is a widening
/// multiply-add. Channel tails use masked loads and stores. The epilogue is
/// the GEMM kernels'.
///
/// Split blocks (a pair dot; every whole block of 2 * lanes channels): each
/// tap loads 2 * lanes channels, and a pair of taps is interleaved within
/// 128-bit lanes (vpunpcklwd / vpunpckhwd, no cross-lane permutes). The low
/// interleave holds channels 0-3 of every 8, the high one 4-7, so the two
/// accumulators, the paired weights and the epilogue constants are in that
/// split order (splitChannel); the epilogue restores the channel order (one
/// vpackssdw does it). The channels past the split blocks (144 = 4 * 32 + 16
/// on AVX-512) run as blocks of `lanes` and a masked tail.
class DepthwiseEmitter {
public:
  DepthwiseEmitter(Conv2dOp op, const DepthwiseDesc &desc,
                   const GemmProblem &p, const OperandDomain &domain,
                   OpBuilder &b)
      : op(op), p(p), domain(domain), b(b), loc(op.getLoc()),
        pairKernel(desc.pairDot), lanes(desc.lanes) {}

  /// The NCHW result.
  Value emit(Value input);

private:
  Value channelsLastCanvas(Value input);
  void createConstants();
  /// Every output pixel of a channel block, with its taps loaded by `load`
  /// (which reads one tap at [n, row, col, c0]).
  using TapLoad = function_ref<Value(OpBuilder &, ValueRange)>;
  using PixelBody =
      function_ref<void(OpBuilder &, Value, Value, ArrayRef<Value>)>;
  void forEachPixel(OpBuilder &b, Value n, Value c0, TapLoad load,
                    PixelBody body);
  void emitChannels(OpBuilder &b, Value n, Value c0, int64_t count);
  Value pairedDots(OpBuilder &b, ArrayRef<Value> inputs,
                   ArrayRef<Value> tapVecs, ArrayRef<int64_t> mask);
  void emitSplitChannels(OpBuilder &b, Value n, Value c0);
  Value idx(OpBuilder &nb, int64_t v) {
    return arith::ConstantIndexOp::create(nb, loc, v);
  }

  Conv2dOp op;
  const GemmProblem &p;
  const OperandDomain &domain;
  OpBuilder &b;
  Location loc;
  const std::optional<MicroKernel> &pairKernel;
  int64_t lanes;
  ModuleOp module;
  int64_t batch, channels, kh, kw, taps, pairs, cPadded;
  int64_t splitBlocks, splitEnd;
  SmallVector<int64_t> padded, outNhwc;
  Value in, out, wBuf, offBuf, multBuf, zeroAcc, zpVec;
  VectorType accType, inType, f32Vec;
};

Value DepthwiseEmitter::emit(Value input) {
  ArrayRef<int64_t> xs = shapeOf(op.getInput()), ws = shapeOf(op.getWeight()),
                    os = shapeOf(op.getResult());
  module = op->getParentOfType<ModuleOp>();
  batch = xs[0];
  channels = xs[1];
  kh = ws[2];
  kw = ws[3];
  taps = kh * kw;
  pairs = llvm::divideCeil(taps, 2);
  cPadded = llvm::divideCeil(channels, lanes) * lanes;
  splitBlocks = pairKernel ? channels / (2 * lanes) : 0;
  splitEnd = splitBlocks * 2 * lanes;
  Value x = channelsLastCanvas(input);
  createConstants();
  Type i16 = b.getI16Type(), i32 = b.getI32Type();
  in = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(padded, i16), x, /*read_only=*/true);
  Type storage = b.getIntegerType(p.out.width);
  outNhwc = {batch, os[2], os[3], channels};
  out = memref::AllocOp::create(b, loc, MemRefType::get(outNhwc, storage),
                                b.getI64IntegerAttr(64));
  accType = VectorType::get({lanes}, i32);
  inType = VectorType::get({lanes}, i16);
  f32Vec = VectorType::get({lanes}, b.getF32Type());
  zeroAcc = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(0)));
  zpVec = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(accType, b.getI32IntegerAttr(p.out.zeroPoint)));
  int64_t fullBlocks = (channels - splitEnd) / lanes, tail = channels % lanes;
  emitParallelFor(b, loc, batch, 1, [&](OpBuilder &nb, Value n) {
    if (splitBlocks)
      emitParallelFor(nb, loc, splitBlocks, 1, [&](OpBuilder &cb, Value blk) {
        emitSplitChannels(
            cb, n, arith::MulIOp::create(cb, loc, blk, idx(cb, 2 * lanes)));
      });
    if (fullBlocks > 0)
      emitParallelFor(nb, loc, fullBlocks, 1, [&](OpBuilder &cb, Value blk) {
        emitChannels(cb, n,
                     arith::AddIOp::create(
                         cb, loc, idx(cb, splitEnd),
                         arith::MulIOp::create(cb, loc, blk, idx(cb, lanes))),
                     lanes);
      });
    if (tail)
      emitChannels(nb, n, idx(nb, splitEnd + fullBlocks * lanes), tail);
  });
  // Back to NCHW; qnn-fuse-elementwise folds this into the consumer.
  Value nhwcOut = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(outNhwc, storage), out,
      /*restrict=*/true, /*writable=*/true);
  return channelsLastToNchw(b, loc, nhwcOut);
}

/// Channels-last centered input: [n][h][w][c] (i16), zero padding (the
/// zero point's image).
Value DepthwiseEmitter::channelsLastCanvas(Value input) {
  ArrayRef<int64_t> xs = shapeOf(op.getInput());
  Type i16 = b.getI16Type();
  Value x = channelsLastInput(b, loc, op, domain, input, i16);
  ArrayRef<int64_t> pad = op.getPadding();
  padded = {batch, xs[2] + 2 * pad[0], xs[3] + 2 * pad[1], channels};
  if (!pad[0] && !pad[1])
    return x;
  SmallVector<OpFoldResult> lo = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                  b.getIndexAttr(pad[1]), b.getIndexAttr(0)};
  Value zero = arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
  return tensor::PadOp::create(b, loc, RankedTensorType::get(padded, i16), x,
                               lo, lo, zero);
}

/// The taps, [kh * kw][channels padded to the vector width] (i32,
/// channel-contiguous) or with a pair dot [pair][channel][2] (i16, an odd
/// last tap paired with weight 0), and the per-channel epilogue constants.
void DepthwiseEmitter::createConstants() {
  std::string name = kernelName(op);
  SmallVector<int32_t> offsets(p.offsets);
  SmallVector<float> multipliers(p.multipliers);
  for (int64_t c0 = 0; c0 < splitEnd; c0 += 2 * lanes)
    for (int64_t i = 0; i < lanes; ++i)
      for (bool high : {false, true}) {
        int64_t at = c0 + i + (high ? lanes : 0);
        offsets[at] = p.offsets[splitChannel(c0, i, high)];
        multipliers[at] = p.multipliers[splitChannel(c0, i, high)];
      }
  if (pairKernel) {
    SmallVector<int16_t> paired =
        packPanels<int16_t>(p.weights, 1, channels, taps, cPadded, 2);
    for (int64_t c0 = 0; c0 < splitEnd; c0 += 2 * lanes)
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
        b, loc, op, name + "_tap_pairs",
        DenseElementsAttr::get(
            RankedTensorType::get({pairs, cPadded * 2}, b.getI16Type()),
            ArrayRef<int16_t>(paired)));
  } else {
    SmallVector<int32_t> weights =
        packPanels<int32_t>(p.weights, 1, channels, taps, cPadded, 1);
    wBuf = constantGlobal(
        b, loc, op, name + "_taps",
        DenseElementsAttr::get(
            RankedTensorType::get({taps, cPadded}, b.getI32Type()),
            ArrayRef<int32_t>(weights)));
  }
  std::tie(offBuf, multBuf) =
      epilogueConstants(b, loc, op, name, offsets, multipliers, cPadded);
}

void DepthwiseEmitter::forEachPixel(OpBuilder &b, Value n, Value c0,
                                    TapLoad load, PixelBody body) {
  ArrayRef<int64_t> os = shapeOf(op.getResult());
  ArrayRef<int64_t> stride = op.getStride(), dilation = op.getDilation();
  emitParallelFor(b, loc, os[2], 1, [&](OpBuilder &b, Value oh) {
    Value row0 = arith::MulIOp::create(b, loc, oh, idx(b, stride[0]));
    emitFor(b, loc, os[3], 1, [&](OpBuilder &b, Value ow) {
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
}

/// acc (from 0) + every pair of taps through the pair dot, each pair's
/// inputs interleaved by `mask` (an odd last tap pairs with itself, against
/// weight 0).
Value DepthwiseEmitter::pairedDots(OpBuilder &b, ArrayRef<Value> inputs,
                                   ArrayRef<Value> tapVecs,
                                   ArrayRef<int64_t> mask) {
  Value acc = zeroAcc;
  for (int64_t q = 0; q < pairs; ++q) {
    Value first = inputs[2 * q];
    Value second = 2 * q + 1 < taps ? inputs[2 * q + 1] : first;
    Value both = vector::ShuffleOp::create(b, loc, first, second, mask);
    acc = emitDot(b, loc, module, *pairKernel, acc, both, tapVecs[q]);
  }
  return acc;
}

/// One block of `count` channels from `c0`: the taps and constants stay in
/// registers over the output pixels.
void DepthwiseEmitter::emitChannels(OpBuilder &b, Value n, Value c0,
                                    int64_t count) {
  SmallVector<Value> tapVecs;
  if (pairKernel) {
    VectorType pairType = VectorType::get({2 * lanes}, b.getI16Type());
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
  SmallVector<int64_t> interleave;
  for (int64_t l = 0; l < lanes; ++l) {
    interleave.push_back(l);
    interleave.push_back(lanes + l);
  }
  forEachPixel(
      b, n, c0, loadTap,
      [&](OpBuilder &b, Value oh, Value ow, ArrayRef<Value> inputs) {
        Value acc = zeroAcc;
        if (pairKernel) {
          acc = pairedDots(b, inputs, tapVecs, interleave);
        } else {
          for (int64_t t = 0; t < taps; ++t) {
            Value wide = arith::ExtSIOp::create(b, loc, accType, inputs[t]);
            acc = arith::AddIOp::create(
                b, loc, acc, arith::MulIOp::create(b, loc, wide, tapVecs[t]));
          }
        }
        requantizeAndStore(b, loc, module, p, acc, off, mult, zpVec,
                           /*residual=*/Value(), out,
                           ValueRange{n, oh, ow, c0}, count);
      });
}

/// A split block of 2 * lanes channels from `c0`.
void DepthwiseEmitter::emitSplitChannels(OpBuilder &b, Value n, Value c0) {
  int64_t width = 2 * lanes;
  VectorType wideIn = VectorType::get({width}, b.getI16Type());
  Value c2 = arith::MulIOp::create(b, loc, c0, idx(b, 2));
  Value c2High = arith::AddIOp::create(b, loc, c2, idx(b, width));
  SmallVector<Value> lowTaps, highTaps;
  for (int64_t q = 0; q < pairs; ++q) {
    lowTaps.push_back(vector::LoadOp::create(b, loc, wideIn, wBuf,
                                             ValueRange{idx(b, q), c2}));
    highTaps.push_back(vector::LoadOp::create(b, loc, wideIn, wBuf,
                                              ValueRange{idx(b, q), c2High}));
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
}

struct DepthwiseConvMicroKernel : OpConversionPattern<Conv2dOp> {
  // Ahead of the (grouped) GEMM pattern, which takes the depthwise convs
  // this one declines.
  DepthwiseConvMicroKernel(const TypeConverter &converter, MLIRContext *ctx,
                           KernelTarget target, KernelRemarks *remarks)
      : OpConversionPattern<Conv2dOp>(converter, ctx, /*benefit=*/3),
        target(target), remarks(remarks) {}

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> xs = shapeOf(op.getInput()), ws = shapeOf(op.getWeight()),
                      os = shapeOf(op.getResult());
    int64_t groups = op.getGroups();
    if (groups == 1 || groups != xs[1] || ws[0] != groups || ws[1] != 1)
      return rewriter.notifyMatchFailure(op, "not a depthwise convolution");
    int64_t batch = xs[0], channels = xs[1], kh = ws[2], kw = ws[3];
    const DepthwiseDesc &desc = getTargetInfo(target).depthwise;
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    if (desc.byteQuads && kw <= 4 && outQ && outQ->width == 8) {
      // The byte plan: weights [channel][kh][4], 0 past kw.
      OperandDomain bytes;
      auto plan = planGemm(
          target, op, op.getInput(), op.getWeight(), adaptor.getWeight(),
          op.getBias(), adaptor.getBias(), op.getType(), op.getFusedRelu(),
          batch * os[2] * os[3], channels, kh * 4, channels,
          [&](int64_t c, int64_t k) {
            return k % 4 < kw ? (c * kh + k / 4) * kw + k % 4 : -1;
          },
          bytes);
      if (plan && plan->first.bits == 8) {
        rewriter.replaceOp(op, emitQuadDepthwise(rewriter, op, plan->first,
                                                 plan->second, bytes,
                                                 adaptor.getInput()));
        accepted(remarks, op);
        return success();
      }
      // Weights the byte kernel cannot take exactly (or an op no plan
      // takes, which the 16-bit plan below reports): the 16-bit kernel.
      if (!plan)
        llvm::consumeError(plan.takeError());
    }
    OperandDomain domain;
    // The 16-bit centered form of the GEMM plan: weights w - zp, offsets =
    // quantized bias, per-channel multipliers.
    auto plan = planGemm(
        target, op, op.getInput(), op.getWeight(), adaptor.getWeight(),
        op.getBias(), adaptor.getBias(), op.getType(), op.getFusedRelu(),
        batch * os[2] * os[3], channels, kh * kw, channels,
        [&](int64_t c, int64_t k) { return rowMajorWeight(kh * kw, c, k); },
        domain, /*first=*/0, /*allowBytes=*/false);
    if (!plan)
      return decline(remarks, rewriter, op, plan.takeError());
    DepthwiseEmitter emitter(op, getTargetInfo(target).depthwise, plan->second,
                             domain, rewriter);
    rewriter.replaceOp(op, emitter.emit(adaptor.getInput()));
    accepted(remarks, op);
    return success();
  }

  KernelTarget target;
  KernelRemarks *remarks;
};

} // namespace

void mlir::qnn::kernels::populateDepthwiseConvPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target, KernelRemarks *remarks) {
  patterns.add<DepthwiseConvMicroKernel>(converter, patterns.getContext(),
                                         target, remarks);
}
