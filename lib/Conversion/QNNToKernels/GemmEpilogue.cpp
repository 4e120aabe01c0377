//===- GemmEpilogue.cpp - the epilogue of a GEMM tile -----------*- C++ -*-===//
//
// GemmEmitter's epilogue (GemmEmitter.h): the tile's accumulators
// requantized and stored, per form:
//
//   storeRawAccumulators   raw i32 accumulators (GemmProblem::rawAccumulators)
//   emitResidualEpilogue   the fused residual add (residualSum, residualPairs)
//   emitPackedEpilogue     AVX-512 rows narrowed by saturating packs
//                          (packsRows, packRowStore)
//   narrowRowPairs         AVX2 rows of two vectors narrowed together
//   (otherwise)            per vector: requantizeAndStore or
//                          dynamicEpilogueStore (Epilogue.cpp)
//
//===----------------------------------------------------------------------===//

#include "GemmEmitter.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels::detail {

/// `v` (truncated to the element type) in every lane of `type`.
static Value splat(OpBuilder &b, Location loc, VectorType type, int64_t v) {
  unsigned width = type.getElementTypeBitWidth();
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          type, b.getIntegerAttr(type.getElementType(),
                                 APInt(width, uint64_t(v), /*isSigned=*/false,
                                       /*implicitTrunc=*/true))));
}

void GemmEmitter::emitEpilogue(OpBuilder &tb, const Tile &t,
                               ArrayRef<Value> sums) {
  if (raw) {
    storeRawAccumulators(tb, t, sums);
    return;
  }
  if (p.residual) {
    emitResidualEpilogue(tb, t, sums);
    return;
  }
  if (packsRows(t)) {
    emitPackedEpilogue(tb, t, sums);
    return;
  }
  // The saturating narrowing path (AVX2) narrows the two full vectors of a
  // row together: one 16-lane clamp and truncation (vpackssdw ymm,
  // vextracti128, vpackuswb, vpshufd) and one 16-byte store instead of two
  // of everything.
  if (p.saturatingNarrow && !p.dynamic && !p.residual && t.nv == 2 &&
      (!t.valid || *t.valid >= 2 * k.lanes) && p.out.width == 8) {
    narrowRowPairs(tb, t, sums);
    return;
  }
  for (int64_t v = 0; v < t.nv; ++v) {
    int64_t first = v * k.lanes;
    int64_t count =
        t.valid ? std::min<int64_t>(k.lanes, *t.valid - first) : k.lanes;
    if (count <= 0)
      continue;
    Value col = columnOf(tb, t, v);
    Value off = vector::LoadOp::create(tb, loc, accType, offsetsBuf, col);
    Value mult = vector::LoadOp::create(tb, loc, f32Vec, multBuf, col);
    Value bias = biasBuf
                     ? vector::LoadOp::create(tb, loc, f32Vec, biasBuf, col)
                           .getResult()
                     : Value();
    for (int64_t r = 0; r < t.rows; ++r) {
      Value row = arith::AddIOp::create(tb, loc, t.m0, idx(tb, r));
      Value acc = sums[r * t.nv + v];
      if (p.dynamic)
        dynamicEpilogueStore(tb, loc, *p.dynamic, acc, off, mult, bias,
                             xScaleVec, corrVec, outBuf, ValueRange{row, col},
                             count);
      else
        requantizeAndStore(tb, loc, module, p, acc, /*offset=*/Value(), mult,
                           zpVec, /*residual=*/Value(), outBuf,
                           ValueRange{row, col}, count);
    }
  }
}

/// Raw accumulators, whole vectors (the padded columns are zeros).
void GemmEmitter::storeRawAccumulators(OpBuilder &tb, const Tile &t,
                                       ArrayRef<Value> sums) {
  Value first =
      batchIndex
          ? arith::MulIOp::create(tb, loc, batchIndex, idx(tb, p.m)).getResult()
          : idx(tb, 0);
  for (int64_t r = 0; r < t.rows; ++r) {
    Value row = arith::AddIOp::create(
        tb, loc, first, arith::AddIOp::create(tb, loc, t.m0, idx(tb, r)));
    for (int64_t v = 0; v < t.nv; ++v)
      vector::StoreOp::create(tb, loc, sums[r * t.nv + v], outBuf,
                              ValueRange{row, columnOf(tb, t, v)});
  }
}

void GemmEmitter::narrowRowPairs(OpBuilder &tb, const Tile &t,
                                 ArrayRef<Value> sums) {
  Value cols[2], mults[2];
  for (int64_t v = 0; v < 2; ++v) {
    cols[v] = columnOf(tb, t, v);
    mults[v] = vector::LoadOp::create(tb, loc, f32Vec, multBuf, cols[v]);
  }
  SmallVector<int64_t> both =
      llvm::to_vector(llvm::seq<int64_t>(0, 2 * k.lanes));
  for (int64_t r = 0; r < t.rows; ++r) {
    Value q[2];
    for (int64_t v = 0; v < 2; ++v)
      q[v] = requantizeToI32(tb, loc, module, p, sums[r * t.nv + v],
                             /*offset=*/Value(), mults[v], zpVec);
    Value joined = vector::ShuffleOp::create(tb, loc, q[0], q[1], both);
    vector::StoreOp::create(
        tb, loc, narrowToStorage(tb, loc, p, joined), outBuf,
        ValueRange{arith::AddIOp::create(tb, loc, t.m0, idx(tb, r)), cols[0]});
  }
}

/// The fused residual add (docs/MicroKernels.md, "Residual add in the
/// epilogue"): the conv's requantized value, the residual's byte, the add in
/// its folded form (residualSum), clamped; on AVX-512 a row's four full
/// vectors are clamped and narrowed by saturating packs (packRowStore), and
/// on VNNI the add is two word dots (residualPairs; residualPackedRow when
/// the conv's own clamp can be the packs too).
void GemmEmitter::emitResidualEpilogue(OpBuilder &tb, const Tile &t,
                                       ArrayRef<Value> sums) {
  const QuantizedAddParams &a = p.residual->params;
  bool full = !t.valid || *t.valid >= t.nv * k.lanes;
  bool pack = p.rounding == Rounding::Embedded512 && k.lanes == 16 &&
              t.nv == 4 && full && a.lo >= 0 && a.hi <= 255;
  // The pairs form (residualPairs) where the multipliers and the conv's
  // range allow it; with multipliers <= 0.5 (vcvtps2dq cannot overflow) the
  // conv's bytes come from the packs instead of a float clamp
  // (residualPackedRow: the pairs of the conv's byte itself, zc = 0).
  std::optional<qnn_folded_add::FoldedAdd> f = qnn_folded_add::foldAdd(a);
  std::optional<qnn_folded_add::PairedAdd> paired, packedConv;
  if (pack && f && k.dot == Dot::Vpdpbusd512) {
    if (smallMultipliers && p.out.width == 8 && !p.out.isSigned)
      packedConv = qnn_folded_add::pairAdd(a, *f, p.residual->convIsLhs,
                                           /*zc=*/0, p.qmin, p.out.qmax);
    if (!packedConv)
      paired = qnn_folded_add::pairAdd(a, *f, p.residual->convIsLhs,
                                       p.out.zeroPoint, p.qmin, p.out.qmax);
  }
  SmallVector<int64_t> counts;
  SmallVector<Value> cols, mults;
  for (int64_t v = 0; v < t.nv; ++v) {
    int64_t first = v * k.lanes;
    counts.push_back(
        t.valid ? std::min<int64_t>(k.lanes, *t.valid - first) : k.lanes);
    cols.push_back(columnOf(tb, t, v));
    mults.push_back(counts[v] > 0 ? vector::LoadOp::create(tb, loc, f32Vec,
                                                           multBuf, cols[v])
                                        .getResult()
                                  : Value());
  }
  auto bytes = VectorType::get({k.lanes}, tb.getI8Type());
  for (int64_t r = 0; r < t.rows; ++r) {
    Value row = arith::AddIOp::create(tb, loc, t.m0, idx(tb, r));
    if (packedConv) {
      residualPackedRow(tb, sums.slice(r * 4, 4), mults, row, cols[0], *f,
                        *packedConv);
      continue;
    }
    SmallVector<Value> rowSums;
    for (int64_t v = 0; v < t.nv; ++v) {
      if (counts[v] <= 0)
        continue;
      Value s = paired ? residualPairs(tb, sums[r * t.nv + v], mults[v], row,
                                       cols[v], *f, *paired)
                       : residualSum(tb, sums[r * t.nv + v], mults[v], row,
                                     cols[v], counts[v]);
      if (pack) {
        rowSums.push_back(s);
        continue;
      }
      storeLanes(tb, loc,
                 arith::TruncIOp::create(tb, loc, bytes,
                                         clampI32(tb, loc, s, a.lo, a.hi)),
                 outBuf, ValueRange{row, cols[v]}, counts[v]);
    }
    if (pack)
      packRowStore(tb, rowSums, row, cols[0], /*zeroPoint=*/0,
                   /*isSigned=*/false, a.lo, a.hi);
  }
}

using qnn_folded_add::FoldedAdd;
using qnn_folded_add::foldAdd;

/// One vector of the residual add before its clamp (foldAdd's form, or
/// emitQuantizedAdd's clamped value when the form does not hold).
Value GemmEmitter::residualSum(OpBuilder &tb, Value acc, Value mult,
                               Value row, Value col, int64_t count) {
  Value q = requantizeToI32(tb, loc, module, p, acc, /*offset=*/Value(), mult,
                            zpVec);
  auto bytes = VectorType::get({k.lanes}, tb.getI8Type());
  Value r = arith::ExtUIOp::create(
      tb, loc, accType,
      loadLanes(tb, loc, bytes, residualBuf, ValueRange{row, col}, count));
  const ResidualEpilogue &res = *p.residual;
  Value qa = res.convIsLhs ? q : r, qb = res.convIsLhs ? r : q;
  std::optional<FoldedAdd> f = foldAdd(res.params);
  if (!f)
    return emitQuantizedAdd(tb, loc, res.params, qa, qb);
  const QuantizedAddParams &a = res.params;
  auto c = [&](int64_t v) {
    return arith::ConstantOp::create(
        tb, loc,
        DenseElementsAttr::get(
            accType, tb.getI32IntegerAttr(int32_t(uint32_t(uint64_t(v))))));
  };
  Value prod = arith::AddIOp::create(
      tb, loc, arith::MulIOp::create(tb, loc, qa, c(a.am)),
      arith::MulIOp::create(tb, loc, qb, c(a.bm)));
  Value sum;
  if (f->signFix) {
    Value whole = arith::AddIOp::create(tb, loc, prod, c(a.zpp));
    Value fixed = arith::AddIOp::create(
        tb, loc, whole, arith::ShRSIOp::create(tb, loc, whole, c(31)));
    sum = arith::AddIOp::create(tb, loc, fixed, c(f->c));
  } else {
    sum = arith::AddIOp::create(tb, loc, prod, c(int64_t(a.zpp) + f->c));
  }
  return arith::ShRSIOp::create(tb, loc, sum, c(a.shift));
}

/// Whether the tile's rows are requantized without the float clamp and
/// narrowed by saturating packs (emitPackedEpilogue): AVX-512, a row of four
/// full vectors, an 8-bit output, and multipliers <= 0.5, so that |y| <
/// 2^31 and `vcvtps2dq` cannot overflow.
bool GemmEmitter::packsRows(const Tile &t) const {
  return p.rounding == Rounding::Embedded512 && k.lanes == 16 && t.nv == 4 &&
         (!t.valid || *t.valid >= 4 * k.lanes) && !p.dynamic && !raw &&
         p.out.width == 8 && smallMultipliers;
}

/// The static epilogue of a tile whose rows packsRows: per vector
/// `vcvtps2dq {rn-sae}` of `(float)acc * m` (no float clamp), then per row
/// the saturating packs add the zero point and clamp (packRowStore): 4.5
/// vector uops per 16 outputs instead of 8 (docs/MicroKernels.md).
void GemmEmitter::emitPackedEpilogue(OpBuilder &tb, const Tile &t,
                                     ArrayRef<Value> sums) {
  SmallVector<Value> mults;
  for (int64_t v = 0; v < 4; ++v)
    mults.push_back(
        vector::LoadOp::create(tb, loc, f32Vec, multBuf, columnOf(tb, t, v)));
  for (int64_t r = 0; r < t.rows; ++r) {
    SmallVector<Value> q;
    for (int64_t v = 0; v < 4; ++v) {
      Value f = arith::SIToFPOp::create(tb, loc, f32Vec, sums[r * 4 + v]);
      q.push_back(roundNearest512(
          tb, loc, module, arith::MulFOp::create(tb, loc, f, mults[v])));
    }
    packRowStore(tb, q, arith::AddIOp::create(tb, loc, t.m0, idx(tb, r)),
                 columnOf(tb, t, 0), p.out.zeroPoint, p.out.isSigned, p.qmin,
                 p.out.qmax);
  }
}

/// One full vector of the residual add before its clamp in the pairs form
/// (FoldedAdd.h: pairAdd): the conv's clamped, rounded value without its
/// zero point in each dword's low word, the residual's byte in its high
/// word (one vpshufb of the 16 bytes broadcast to every 128-bit lane), the
/// same dwords times 128 per word, two vpdpwssd from the constant, and
/// foldAdd's sign term and shift: 6 vector uops per 16 outputs after the
/// conversion instead of 8 (vpmovzxbd, two 2-uop vpmulld, two vpaddd,
/// vpsrad).
Value GemmEmitter::residualPairs(OpBuilder &tb, Value acc, Value mult,
                                 Value row, Value col,
                                 const qnn_folded_add::FoldedAdd &f,
                                 const qnn_folded_add::PairedAdd &pa) {
  auto c = [&](VectorType type, int64_t v) {
    return splat(tb, loc, type, v);
  };
  auto bytes16 = VectorType::get({k.lanes}, tb.getI8Type());
  auto bytes64 = VectorType::get({4 * k.lanes}, tb.getI8Type());
  // The conv's value minus its zero point, in [qmin - zc, qmax - zc].
  Value y = arith::MulFOp::create(
      tb, loc, arith::SIToFPOp::create(tb, loc, f32Vec, acc), mult);
  Value qc = roundNearest512(
      tb, loc, module,
      clampBeforeZeroPoint(tb, loc, y, zpVec, p.qmin, p.out.qmax));
  // The residual's bytes in bits 16-23 of their dwords.
  Value r = vector::LoadOp::create(tb, loc, bytes16, residualBuf,
                                   ValueRange{row, col});
  SmallVector<int64_t> four;
  for (int64_t j = 0; j < 4; ++j)
    for (int64_t i = 0; i < k.lanes; ++i)
      four.push_back(i);
  Value spread = vector::ShuffleOp::create(tb, loc, r, r, four);
  SmallVector<int8_t> control(4 * k.lanes, int8_t(0x80));
  for (int64_t i = 0; i < k.lanes; ++i)
    control[4 * i + 2] = int8_t(i);
  Value ctl = arith::ConstantOp::create(
      tb, loc, DenseElementsAttr::get(bytes64, ArrayRef<int8_t>(control)));
  Value rHigh = vector::BitCastOp::create(
      tb, loc, accType,
      callIntrinsic(tb, loc, module, "llvm.x86.avx512.pshuf.b.512", bytes64,
                    {spread, ctl}));
  return pairsSum(
      tb,
      arith::OrIOp::create(
          tb, loc, arith::AndIOp::create(tb, loc, qc, c(accType, 0xffff)),
          rHigh),
      f, pa);
}

/// The pairs form's sum from Z1 (the conv's value in each dword's low word,
/// the residual's byte in its high word): Z2 = Z1 << 7 per word, two
/// vpdpwssd from the constant, foldAdd's sign term and the shift.
Value GemmEmitter::pairsSum(OpBuilder &tb, Value z1,
                            const qnn_folded_add::FoldedAdd &f,
                            const qnn_folded_add::PairedAdd &pa) {
  auto c = [&](VectorType type, int64_t v) {
    return splat(tb, loc, type, v);
  };
  auto words = VectorType::get({2 * k.lanes}, tb.getI16Type());
  Value z1w = vector::BitCastOp::create(tb, loc, words, z1);
  Value z2w = arith::ShLIOp::create(tb, loc, z1w, c(words, 7));
  auto dot = [&](Value into, Value x, int32_t m) {
    return callIntrinsic(
        tb, loc, module, "llvm.x86.avx512.vpdpwssd.512", accType,
        {into, x, vector::BitCastOp::create(tb, loc, words, c(accType, m))});
  };
  Value sum = dot(dot(c(accType, pa.k), z1w, pa.m1), z2w, pa.m2);
  if (f.signFix)
    sum = arith::AddIOp::create(
        tb, loc,
        arith::AddIOp::create(tb, loc, sum,
                              arith::ShRSIOp::create(tb, loc, sum,
                                                     c(accType, 31))),
        c(accType, f.c));
  return arith::ShRSIOp::create(tb, loc, sum,
                                c(accType, p.residual->params.shift));
}

/// A row's four full vectors of i32 values (anything in i32) plus
/// `zeroPoint`, clamped to [lo, hi] (within the 8-bit type) and narrowed by
/// saturating packs: vpackssdw clamps to [-32768, 32767], vpaddsw adds the
/// zero point (|zeroPoint| <= 255, so the i16 saturations cannot change
/// the 8-bit result), vpackuswb (vpacksswb) clamps to [0, 255] ([-128,
/// 127]), a byte max/min only when [lo, hi] is narrower. The packs leave
/// per 128-bit lane j the bytes of vector v's lanes 4j..4j+3 in dword 4j +
/// v (channelOrder restores the order; packRowStore: one vpermd and one
/// 64-byte store, 1 shuffle per 16 outputs instead of vpmaxsd, vpminsd and
/// a 2-uop vpmovdb). Checked for every i32 and zero point:
/// scripts/check-residual-add-fold.cpp.
Value GemmEmitter::packRow(OpBuilder &tb, ArrayRef<Value> q,
                           int64_t zeroPoint, bool isSigned, int64_t lo,
                           int64_t hi) {
  assert(q.size() == 4 && "four vectors of 16 lanes");
  auto words = VectorType::get({2 * k.lanes}, tb.getI16Type());
  auto bytes = VectorType::get({4 * k.lanes}, tb.getI8Type());
  auto c = [&](VectorType type, int64_t v) {
    return splat(tb, loc, type, v);
  };
  Value half[2];
  for (int64_t h = 0; h < 2; ++h) {
    half[h] = callIntrinsic(tb, loc, module, "llvm.x86.avx512.packssdw.512",
                            words, {q[2 * h], q[2 * h + 1]});
    if (zeroPoint)
      half[h] = callIntrinsic(tb, loc, module, "llvm.sadd.sat.v32i16", words,
                              {half[h], c(words, zeroPoint)});
  }
  Value packed = callIntrinsic(
      tb, loc, module,
      isSigned ? "llvm.x86.avx512.packsswb.512" : "llvm.x86.avx512.packuswb.512",
      bytes, {half[0], half[1]});
  if (lo > (isSigned ? -128 : 0))
    packed = isSigned
                 ? arith::MaxSIOp::create(tb, loc, packed, c(bytes, lo))
                       .getResult()
                 : arith::MaxUIOp::create(tb, loc, packed, c(bytes, lo))
                       .getResult();
  if (hi < (isSigned ? 127 : 255))
    packed = isSigned
                 ? arith::MinSIOp::create(tb, loc, packed, c(bytes, hi))
                       .getResult()
                 : arith::MinUIOp::create(tb, loc, packed, c(bytes, hi))
                       .getResult();
  return packed;
}

/// packRow's bytes in channel order: 128-bit lane j's dword v holds vector
/// v's lanes 4j..4j+3, so one vpermd.
Value GemmEmitter::channelOrder(OpBuilder &tb, Value packed) {
  SmallVector<int64_t> order;
  for (int64_t v = 0; v < 4; ++v)
    for (int64_t j = 0; j < 4; ++j)
      order.push_back(4 * j + v);
  Value dwords = vector::BitCastOp::create(tb, loc, accType, packed);
  return vector::BitCastOp::create(
      tb, loc, packed.getType(),
      vector::ShuffleOp::create(tb, loc, dwords, dwords, order));
}

void GemmEmitter::packRowStore(OpBuilder &tb, ArrayRef<Value> q, Value row,
                               Value col, int64_t zeroPoint, bool isSigned,
                               int64_t lo, int64_t hi) {
  vector::StoreOp::create(
      tb, loc,
      channelOrder(tb, packRow(tb, q, zeroPoint, isSigned, lo, hi)), outBuf,
      ValueRange{row, col});
}

/// A row of four full vectors of the residual add whose conv value is
/// clamped by the packs, not in float (docs/MicroKernels.md): per vector
/// `vcvtps2dq {rn-sae}` of `(float)acc * m` (multipliers <= 0.5: no
/// overflow), then packRow with the conv's zero point and range gives its
/// 64 bytes (exactly torch's conv output), one vpermd puts them in channel
/// order. Per 128-bit lane the conv's and the residual's bytes are
/// interleaved (vpunpck[lh]bw), then interleaved with zeros again: the
/// dwords conv | residual << 16 (Z1 of pairAdd with zc = 0) of channels
/// 16 L + 4 g .. 16 L + 4 g + 3 in lane L of vector g, whose sums the
/// result's packs (no zero point) put straight into channel order: no
/// vpermd at the store. Per 64 outputs 43 vector uops instead of 52 (the
/// float clamp, vpshufb and vpternlogq per 16). Checked against torch's
/// conv output and QNNPACK's add by scripts/check-residual-add-fold.cpp
/// (section 5).
void GemmEmitter::residualPackedRow(OpBuilder &tb, ArrayRef<Value> acc,
                                    ArrayRef<Value> mults, Value row,
                                    Value col,
                                    const qnn_folded_add::FoldedAdd &f,
                                    const qnn_folded_add::PairedAdd &pa) {
  auto bytes = VectorType::get({4 * k.lanes}, tb.getI8Type());
  SmallVector<Value> q;
  for (int64_t v = 0; v < 4; ++v) {
    Value y = arith::MulFOp::create(
        tb, loc, arith::SIToFPOp::create(tb, loc, f32Vec, acc[v]), mults[v]);
    q.push_back(roundNearest512(tb, loc, module, y));
  }
  Value conv = channelOrder(tb, packRow(tb, q, p.out.zeroPoint,
                                        /*isSigned=*/false, p.qmin,
                                        p.out.qmax));
  Value res = vector::LoadOp::create(tb, loc, bytes, residualBuf,
                                     ValueRange{row, col});
  Value zero = splat(tb, loc, bytes, 0);
  // vpunpcklbw (high = false) / vpunpckhbw of x and y.
  auto unpack = [&](Value x, Value y, bool high) -> Value {
    SmallVector<int64_t> mask;
    for (int64_t lane = 0; lane < 4; ++lane)
      for (int64_t i = 0; i < 8; ++i) {
        mask.push_back(16 * lane + 8 * high + i);
        mask.push_back(4 * k.lanes + 16 * lane + 8 * high + i);
      }
    return vector::ShuffleOp::create(tb, loc, x, y, mask);
  };
  SmallVector<Value> sums;
  for (bool high : {false, true}) {
    Value pairs = unpack(conv, res, high);
    for (bool wide : {false, true})
      sums.push_back(pairsSum(
          tb, vector::BitCastOp::create(tb, loc, accType,
                                        unpack(pairs, zero, wide)),
          f, pa));
  }
  const QuantizedAddParams &a = p.residual->params;
  vector::StoreOp::create(tb, loc,
                          packRow(tb, sums, /*zeroPoint=*/0,
                                  /*isSigned=*/false, a.lo, a.hi),
                          outBuf, ValueRange{row, col});
}

} // namespace mlir::qnn::kernels::detail
