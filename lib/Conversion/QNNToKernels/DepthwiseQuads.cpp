//===- DepthwiseQuads.cpp - depthwise conv2d as byte quad dots --*- C++ -*-===//
//
// The depthwise kernel of targets with a u8 x s8 quad dot (vpdpbusd on
// AVX-512 VNNI; DepthwiseDesc::byteQuads): each i32 lane sums the 4 bytes
// [x(r, c0), x(r, c1), x(r, c2), x(r, c3)] of one kernel row times that
// row's 4 weights [w(i, 0), w(i, 1), w(i, 2), w(i, 3)] (0 past kw), so one
// instruction takes a whole 3-tap kernel row of 16 channels (48 MACs) and a
// 3x3 output pixel is 3 dots per 16 channels instead of 5 pair dots and 5
// interleaves.
//
// The quads of one input row are built once into a canvas row (a ring of
// the window's rows per channel block), and every output row that reads the
// input row reuses them. A canvas row is built per block of 64 channels
// (the last block 16, 32 or 64 wide: tailWidth) from the kw column vectors of
// the channels-last input bytes (already in the byte kernels' operand domain,
// OperandDomain) with 128-bit-lane unpacks: bytes (vpunpck[lh]bw) of columns
// 0/1 and 2/3, then words (vpunpck[lh]wd) of those. Quad vector q (0-3) then
// holds, in its 128-bit lane L, the channels 16 L + 4 q .. 16 L + 4 q + 3
// (quadChannel): the weights and the epilogue constants are packed in that
// order (each accumulator starts at its offset), and after the epilogue the
// saturating packs (vpackssdw, then vpackuswb / vpacksswb) put the requantized
// channels back in order and, when the multipliers allow it, also clamp them
// (requantizeAndPack).
//
// Zero points: the kernel's bytes are x + shift (OperandDomain), the
// weights are qint8 with zero point 0 (planGemm's byte plan), and the
// per-channel correction -(zp + shift) * sum w sits in the epilogue offset,
// so padding must be the zero point's byte (zp + shift): canvas positions
// outside the input load that byte instead.
//===----------------------------------------------------------------------===//

#include "Gemm.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace {

constexpr int64_t kBlock = 64; // channels per block (4 quads x 16 lanes)

/// The width (channels, = bytes of a column vector) of the block after the
/// whole blocks of 64: 16, 32 or 64 (xmm, ymm or zmm quad vectors).
int64_t tailWidth(int64_t tail) {
  return tail <= 16 ? 16 : tail <= 32 ? 32 : kBlock;
}

/// An x86 intrinsic by vector width in bits: the SSE2 / AVX2 / AVX-512 name.
std::string byWidth(int64_t bits, StringRef sse, StringRef avx2,
                    StringRef avx512) {
  return (bits == 128 ? sse : bits == 256 ? avx2 : avx512).str();
}

/// The channel (within its block) of lane `lane` of quad vector `q`.
int64_t quadChannel(int64_t q, int64_t lane) {
  return 16 * (lane / 4) + 4 * q + lane % 4;
}

class QuadDepthwiseEmitter {
public:
  QuadDepthwiseEmitter(Conv2dOp op, const MicroKernel &k, const GemmProblem &p,
                       const OperandDomain &domain, OpBuilder &b)
      : op(op), k(k), p(p), domain(domain), b(b), loc(op.getLoc()) {}

  Value emit(Value input);

private:
  void createConstants();
  void emitBlock(OpBuilder &b, Value n, Value blk, int64_t count,
                 int64_t blockWidth);
  Value quadDot(OpBuilder &b, Value acc, Value quads, Value weights);
  Value requantizeAndPack(OpBuilder &b, ArrayRef<Value> accs);
  void emitRow(OpBuilder &b, Value n, Value blk, Value c0, Value r,
               int64_t count);
  void buildRow(OpBuilder &b, Value n, Value blk, Value c0, Value rp,
                int64_t count);
  SmallVector<Value> unpackQuads(OpBuilder &b, ArrayRef<Value> cols);
  void emitPixel(OpBuilder &b, Value n, Value blk, Value c0, Value oh, Value ow,
                 ArrayRef<Value> slots, int64_t count);
  Value idx(OpBuilder &nb, int64_t v) {
    return arith::ConstantIndexOp::create(nb, loc, v);
  }

  Conv2dOp op;
  const MicroKernel &k;
  const GemmProblem &p;
  const OperandDomain &domain;
  OpBuilder &b;
  Location loc;
  ModuleOp module;
  int64_t batch, channels, height, width, kh, kw, oh, ow, blocks, cPadded;
  int64_t full, tail; // whole blocks of 64 channels, channels after them
  int64_t w = kBlock; // the block being emitted: channels (bytes) a vector
  bool packClamp;     // see emitPixel
  int64_t span;       // canvas rows in the ring: the window's height
  ArrayRef<int64_t> stride, dilation, pad;
  Value in, out, canvas, wBuf, offBuf, multBuf, zpBytes, zpOut, zeroBytes;
  SmallVector<Value> taps, offs, mults; // per block, loaded in emitBlock
  VectorType byteVec, quadType, accType, f32Vec;
};

Value QuadDepthwiseEmitter::emit(Value input) {
  ArrayRef<int64_t> xs = shapeOf(op.getInput()), ws = shapeOf(op.getWeight()),
                    os = shapeOf(op.getResult());
  module = op->getParentOfType<ModuleOp>();
  batch = xs[0];
  channels = xs[1];
  height = xs[2];
  width = xs[3];
  kh = ws[2];
  kw = ws[3];
  oh = os[2];
  ow = os[3];
  stride = op.getStride();
  dilation = op.getDilation();
  pad = op.getPadding();
  span = (kh - 1) * dilation[0] + 1;
  full = channels / kBlock;
  tail = channels % kBlock;
  blocks = full + (tail ? 1 : 0);
  cPadded = full * kBlock + (tail ? tailWidth(tail) : 0);
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  accType = VectorType::get({16}, i32);
  f32Vec = VectorType::get({16}, b.getF32Type());
  packClamp =
      p.rounding == Rounding::Embedded512 &&
      llvm::all_of(p.multipliers, [](float m) { return std::fabs(m) <= 0.5f; });
  createConstants();
  Value x = channelsLastInput(b, loc, op, domain, input, i8);
  in = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(shapeOf(x), i8), x, /*read_only=*/true);
  SmallVector<int64_t> outNhwc = {batch, oh, ow, channels};
  Type storage = b.getIntegerType(p.out.width);
  out = memref::AllocOp::create(b, loc, MemRefType::get(outNhwc, storage),
                                b.getI64IntegerAttr(64));
  // One ring of canvas rows per (image, channel block): the parallel
  // iterations share no scratch.
  canvas = memref::AllocOp::create(
      b, loc, MemRefType::get({batch, blocks, span, ow, 4 * kBlock}, i8),
      b.getI64IntegerAttr(64));
  zpOut = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(accType, b.getI32IntegerAttr(p.out.zeroPoint)));
  emitParallelFor(b, loc, batch, 1, [&](OpBuilder &nb, Value n) {
    if (full)
      emitParallelFor(nb, loc, full, 1, [&](OpBuilder &cb, Value blk) {
        emitBlock(cb, n, blk, kBlock, kBlock);
      });
    if (tail)
      emitBlock(nb, n, idx(nb, full), tail, tailWidth(tail));
  });
  Value nhwcOut = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(outNhwc, storage), out,
      /*restrict=*/true, /*writable=*/true);
  return channelsLastToNchw(b, loc, nhwcOut);
}

/// The weights [kh][block][quad][lane][4] (bytes, quadChannel order, 0 past
/// kw and past the channels; a block of 64 channels, then the tail's block
/// of tailWidth) and the epilogue constants in the same order.
void QuadDepthwiseEmitter::createConstants() {
  std::string name = kernelName(op);
  SmallVector<int8_t> packed(kh * cPadded * 4, 0);
  SmallVector<int32_t> offsets(cPadded, 0);
  SmallVector<float> multipliers(cPadded, 0.0f);
  for (int64_t c0 = 0; c0 < cPadded; c0 += kBlock)
    for (int64_t q = 0, lanes = std::min(kBlock, cPadded - c0) / 4; q < 4; ++q)
      for (int64_t lane = 0; lane < lanes; ++lane) {
        int64_t c = c0 + quadChannel(q, lane), at = c0 + lanes * q + lane;
        if (c >= channels)
          continue;
        offsets[at] = p.offsets[c];
        multipliers[at] = p.multipliers[c];
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = 0; j < 4; ++j)
            packed[(i * cPadded + at) * 4 + j] =
                (int8_t)p.weights[(c * kh + i) * 4 + j];
      }
  wBuf = constantGlobal(
      b, loc, op, name + "_tap_quads",
      DenseElementsAttr::get(
          RankedTensorType::get({kh, cPadded * 4}, b.getI8Type()),
          ArrayRef<int8_t>(packed)));
  std::tie(offBuf, multBuf) =
      epilogueConstants(b, loc, op, name, offsets, multipliers, cPadded);
}

/// The 4 quad vectors of 64 channels from their kw column vectors
/// (128-bit-lane unpacks; see the file comment).
SmallVector<Value> QuadDepthwiseEmitter::unpackQuads(OpBuilder &b,
                                                     ArrayRef<Value> cols) {
  auto column = [&](int64_t j) { return j < kw ? cols[j] : zeroBytes; };
  auto unpack = [&](Value lo, Value hi, int64_t elem, bool high) {
    // Per 128-bit lane, elements of `elem` bytes alternate from lo and hi.
    SmallVector<int64_t> mask;
    int64_t perLane = 16 / elem;
    for (int64_t lane = 0; lane < w / 16; ++lane)
      for (int64_t e = 0; e < perLane / 2; ++e)
        for (int64_t src = 0; src < 2; ++src)
          for (int64_t byte = 0; byte < elem; ++byte)
            mask.push_back(src * w + 16 * lane +
                           (e + (high ? perLane / 2 : 0)) * elem + byte);
    return vector::ShuffleOp::create(b, loc, lo, hi, mask).getResult();
  };
  Value abLo = unpack(column(0), column(1), 1, false);
  Value abHi = unpack(column(0), column(1), 1, true);
  Value cdLo = unpack(column(2), column(3), 1, false);
  Value cdHi = unpack(column(2), column(3), 1, true);
  return {unpack(abLo, cdLo, 2, false), unpack(abLo, cdLo, 2, true),
          unpack(abHi, cdHi, 2, false), unpack(abHi, cdHi, 2, true)};
}

/// Canvas row of padded input row `rp` (slot rp mod span): per output
/// column, the quads of its kw input columns; positions outside the input
/// hold the zero point's byte. A padding row is the zero point's quads
/// throughout; in an input row, only the output columns at either edge
/// whose window leaves the input check their columns.
void QuadDepthwiseEmitter::buildRow(OpBuilder &b, Value n, Value blk, Value c0,
                                    Value rp, int64_t count) {
  using arith::CmpIPredicate;
  auto inside = [&](OpBuilder &b, Value v, int64_t size) {
    Value ge = arith::CmpIOp::create(b, loc, CmpIPredicate::sge, v, idx(b, 0));
    Value lt =
        arith::CmpIOp::create(b, loc, CmpIPredicate::slt, v, idx(b, size));
    return arith::AndIOp::create(b, loc, ge, lt).getResult();
  };
  Value row = arith::SubIOp::create(b, loc, rp, idx(b, pad[0]));
  Value slot = arith::RemUIOp::create(b, loc, rp, idx(b, span));
  auto store = [&](OpBuilder &b, Value o, ArrayRef<Value> cols) {
    SmallVector<Value> quads = unpackQuads(b, cols);
    for (int64_t q = 0; q < 4; ++q)
      vector::StoreOp::create(b, loc, quads[q], canvas,
                              ValueRange{n, blk, slot, o, idx(b, q * w)});
  };
  // Output columns [first, last) read only input columns.
  int64_t first = std::min<int64_t>(ow, llvm::divideCeil(pad[1], stride[1]));
  int64_t last = std::clamp<int64_t>(
      llvm::divideFloorSigned(width - 1 + pad[1] - (kw - 1) * dilation[1],
                              stride[1]) +
          1,
      first, ow);
  auto columns = [&](OpBuilder &b, int64_t lo, int64_t hi, bool checked) {
    if (lo >= hi)
      return;
    scf::ForOp::create(
        b, loc, idx(b, lo), idx(b, hi), idx(b, 1), ValueRange{},
        [&](OpBuilder &b, Location, Value o, ValueRange) {
          Value col0 = arith::SubIOp::create(
              b, loc, arith::MulIOp::create(b, loc, o, idx(b, stride[1])),
              idx(b, pad[1]));
          SmallVector<Value> cols;
          for (int64_t j = 0; j < kw; ++j) {
            Value col =
                arith::AddIOp::create(b, loc, col0, idx(b, j * dilation[1]));
            if (!checked) {
              cols.push_back(loadLanes(b, loc, byteVec, in,
                                       ValueRange{n, row, col, c0}, count));
              continue;
            }
            Value at = arith::MinSIOp::create(
                b, loc, arith::MaxSIOp::create(b, loc, col, idx(b, 0)),
                idx(b, width - 1));
            Value v = loadLanes(b, loc, byteVec, in, ValueRange{n, row, at, c0},
                                count);
            cols.push_back(arith::SelectOp::create(
                b, loc, inside(b, col, width), v, zpBytes));
          }
          store(b, o, cols);
          scf::YieldOp::create(b, loc);
        });
  };
  scf::IfOp::create(
      b, loc, inside(b, row, height),
      [&](OpBuilder &b, Location) {
        columns(b, 0, first, true);
        columns(b, first, last, false);
        columns(b, last, ow, true);
        scf::YieldOp::create(b, loc);
      },
      [&](OpBuilder &b, Location) {
        SmallVector<Value> zps(kw, zpBytes);
        emitFor(b, loc, ow, 1,
                [&](OpBuilder &b, Value o) { store(b, o, zps); });
        scf::YieldOp::create(b, loc);
      });
}

/// acc + quads . weights (vpdpbusd of the block's width).
Value QuadDepthwiseEmitter::quadDot(OpBuilder &b, Value acc, Value quads,
                                    Value weights) {
  if (w == kBlock)
    return emitDot(b, loc, module, k, acc, quads, weights);
  return callIntrinsic(b, loc, module,
                       "llvm.x86.avx512.vpdpbusd." + std::to_string(w * 8),
                       acc.getType(), {acc, quads, weights});
}

/// The block's requantized channels, in order, as storage bytes: the
/// epilogue on 16 lanes at a time (the quads of a narrower block
/// concatenated), then the packs.
Value QuadDepthwiseEmitter::requantizeAndPack(OpBuilder &b,
                                              ArrayRef<Value> accs) {
  // The epilogue constants of quads q, q + 1, ... are contiguous.
  int64_t perGroup = kBlock / w, lanes = w / 4;
  auto concat = [&](Value x, Value y) {
    int64_t size = llvm::cast<VectorType>(x.getType()).getNumElements();
    return vector::ShuffleOp::create(
               b, loc, x, y, llvm::to_vector(llvm::seq<int64_t>(0, 2 * size)))
        .getResult();
  };
  SmallVector<Value> results;
  for (int64_t g = 0; g < 4 / perGroup; ++g) {
    SmallVector<Value> group(accs.begin() + g * perGroup,
                             accs.begin() + (g + 1) * perGroup);
    while (group.size() > 1) {
      SmallVector<Value> joined;
      for (size_t j = 0; j < group.size(); j += 2)
        joined.push_back(concat(group[j], group[j + 1]));
      group = joined;
    }
    Value q;
    if (packClamp) {
      Value f = arith::SIToFPOp::create(b, loc, f32Vec, group[0]);
      q = roundNearest512(b, loc, module,
                          arith::MulFOp::create(b, loc, f, mults[g]));
    } else {
      q = requantizeToI32(b, loc, module, p, group[0], Value(), mults[g],
                          zpOut);
    }
    for (int64_t j = 0; j < perGroup; ++j)
      results.push_back(perGroup == 1 ? q
                                      : vector::ShuffleOp::create(
                                            b, loc, q, q,
                                            llvm::to_vector(llvm::seq<int64_t>(
                                                j * lanes, (j + 1) * lanes)))
                                            .getResult());
  }
  // The saturating packs are the inverse of the unpacks: words of quads 0/1
  // and 2/3, then bytes of those, put lane L's channels 16 L .. 16 L + 15 in
  // order. Requantized values are already in range, so they narrow exactly.
  // packClamp: the values are the rounded products r (|acc * m| <= 2^30, so
  // vcvtps2dq cannot overflow), and the packs clamp them instead of floats:
  // sat8(sat16(sat16(r) + zp)) = clamp(r + zp) to the storage range for any
  // r and an 8-bit zero point, then a byte max / min for a narrower [qmin,
  // qmax] (fused ReLU).
  int64_t bits = w * 8;
  auto words = VectorType::get({w / 2}, b.getI16Type());
  std::string packDwords =
      byWidth(bits, "llvm.x86.sse2.packssdw.128", "llvm.x86.avx2.packssdw",
              "llvm.x86.avx512.packssdw.512");
  std::string packWords =
      p.out.isSigned
          ? byWidth(bits, "llvm.x86.sse2.packsswb.128",
                    "llvm.x86.avx2.packsswb", "llvm.x86.avx512.packsswb.512")
          : byWidth(bits, "llvm.x86.sse2.packuswb.128",
                    "llvm.x86.avx2.packuswb", "llvm.x86.avx512.packuswb.512");
  Value low = callIntrinsic(b, loc, module, packDwords, words,
                            {results[0], results[1]});
  Value high = callIntrinsic(b, loc, module, packDwords, words,
                             {results[2], results[3]});
  if (packClamp) {
    std::string addSat = "llvm.sadd.sat.v" + std::to_string(w / 2) + "i16";
    Value zp = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(words, b.getI16IntegerAttr(p.out.zeroPoint)));
    low = callIntrinsic(b, loc, module, addSat, words, {low, zp});
    high = callIntrinsic(b, loc, module, addSat, words, {high, zp});
  }
  Value bytes = callIntrinsic(b, loc, module, packWords, byteVec, {low, high});
  int64_t storageMin = p.out.isSigned ? -128 : 0;
  int64_t storageMax = p.out.isSigned ? 127 : 255;
  auto splat = [&](int64_t v) {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(byteVec, b.getI8IntegerAttr((int8_t)v)));
  };
  if (packClamp && p.qmin > storageMin)
    bytes =
        p.out.isSigned
            ? arith::MaxSIOp::create(b, loc, bytes, splat(p.qmin)).getResult()
            : arith::MaxUIOp::create(b, loc, bytes, splat(p.qmin));
  if (packClamp && p.out.qmax < storageMax)
    bytes = p.out.isSigned
                ? arith::MinSIOp::create(b, loc, bytes, splat(p.out.qmax))
                      .getResult()
                : arith::MinUIOp::create(b, loc, bytes, splat(p.out.qmax));
  return bytes;
}

/// One output pixel of a block: kh quad dots per quad vector, then
/// requantizeAndPack.
void QuadDepthwiseEmitter::emitPixel(OpBuilder &b, Value n, Value blk, Value c0,
                                     Value oh, Value o, ArrayRef<Value> slots,
                                     int64_t count) {
  SmallVector<Value> accs;
  for (int64_t q = 0; q < 4; ++q) {
    Value acc = offs[q]; // the epilogue's offset, added up front
    for (int64_t i = 0; i < kh; ++i) {
      Value quads = vector::LoadOp::create(
          b, loc, byteVec, canvas,
          ValueRange{n, blk, slots[i], o, idx(b, q * w)});
      acc = quadDot(b, acc, quads, taps[i * 4 + q]);
    }
    accs.push_back(acc);
  }
  Value bytes = requantizeAndPack(b, accs);
  storeLanes(b, loc, bytes, out, ValueRange{n, oh, o, c0}, count);
}

/// One block of `blockWidth` channels of image `n` (the first `count` of
/// them real): output rows in order, each first building the canvas rows
/// its window adds to the ring.
void QuadDepthwiseEmitter::emitBlock(OpBuilder &b, Value n, Value blk,
                                     int64_t count, int64_t blockWidth) {
  w = blockWidth;
  Type i8 = b.getI8Type();
  byteVec = VectorType::get({w}, i8);
  quadType = VectorType::get({w / 4}, b.getI32Type());
  int64_t zp = getTensorQuant(op.getInput().getType())->zeroPoint;
  zpBytes = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          byteVec,
          b.getI8IntegerAttr((int8_t)(uint8_t)(zp - domain.subtract))));
  zeroBytes = arith::ConstantOp::create(b, loc, b.getZeroAttr(byteVec));
  Value c0 = arith::MulIOp::create(b, loc, blk, idx(b, kBlock));
  Value c4 = arith::MulIOp::create(b, loc, c0, idx(b, 4));
  taps.clear();
  offs.clear();
  mults.clear();
  for (int64_t i = 0; i < kh; ++i)
    for (int64_t q = 0; q < 4; ++q)
      taps.push_back(vector::LoadOp::create(
          b, loc, byteVec, wBuf,
          ValueRange{idx(b, i),
                     arith::AddIOp::create(b, loc, c4, idx(b, q * w))}));
  for (int64_t q = 0; q < 4; ++q)
    offs.push_back(vector::LoadOp::create(
        b, loc, quadType, offBuf,
        ValueRange{arith::AddIOp::create(b, loc, c0, idx(b, q * w / 4))}));
  for (int64_t g = 0; g < w / 16; ++g)
    mults.push_back(vector::LoadOp::create(
        b, loc, f32Vec, multBuf,
        ValueRange{arith::AddIOp::create(b, loc, c0, idx(b, 16 * g))}));
  // The output rows in order: each reuses the ring its predecessor left.
  emitFor(b, loc, oh, 1,
          [&](OpBuilder &b, Value r) { emitRow(b, n, blk, c0, r, count); });
}

/// Output row `r`: first the canvas rows its window adds to the ring, then
/// its pixels.
void QuadDepthwiseEmitter::emitRow(OpBuilder &b, Value n, Value blk, Value c0,
                                   Value r, int64_t count) {
  // Padded rows [first, top + span) are new to the ring: all of them for
  // the first output row, past the previous window's last row after.
  Value top = arith::MulIOp::create(b, loc, r, idx(b, stride[0]));
  Value end = arith::AddIOp::create(b, loc, top, idx(b, span));
  Value prevEnd = arith::SubIOp::create(b, loc, end, idx(b, stride[0]));
  Value isFirst =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, r, idx(b, 0));
  Value first = arith::SelectOp::create(
      b, loc, isFirst, top, arith::MaxSIOp::create(b, loc, top, prevEnd));
  scf::ForOp::create(b, loc, first, end, idx(b, 1), ValueRange{},
                     [&](OpBuilder &fb, Location, Value rp, ValueRange) {
                       buildRow(fb, n, blk, c0, rp, count);
                       scf::YieldOp::create(fb, loc);
                     });
  SmallVector<Value> slots;
  for (int64_t i = 0; i < kh; ++i)
    slots.push_back(arith::RemUIOp::create(
        b, loc, arith::AddIOp::create(b, loc, top, idx(b, i * dilation[0])),
        idx(b, span)));
  emitFor(b, loc, ow, 1, [&](OpBuilder &b, Value o) {
    emitPixel(b, n, blk, c0, r, o, slots, count);
  });
}

} // namespace

Value mlir::qnn::kernels::emitQuadDepthwise(OpBuilder &b, Conv2dOp op,
                                            const MicroKernel &k,
                                            const GemmProblem &p,
                                            const OperandDomain &domain,
                                            Value input) {
  return QuadDepthwiseEmitter(op, k, p, domain, b).emit(input);
}
