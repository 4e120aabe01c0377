//===- GemmEmitter.cpp - the packed GEMM loop nest --------------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

/// Emits C = requantize(A * B) into a fresh [m][n] buffer, reading A as
/// `a` describes. Returns the result tensor.
Value emitGemm(OpBuilder &b, Location loc, Operation *anchor, StringRef name,
               const MicroKernel &k, const GemmProblem &p,
               const GemmOperandA &a) {
  auto module = anchor->getParentOfType<ModuleOp>();
  Type opType = b.getIntegerType(k.bits);
  int64_t nr = k.panelWidth(), kg = k.kGroup;
  int64_t kPadded = ceilDiv(p.k, kg) * kg, kq = kPadded / kg;
  int64_t panels = ceilDiv(p.n, nr), nPadded = panels * nr;

  // Prepacked weights: B[e * panels + panel][kq][v * lanes * kg + lane * kg
  // + g] for problem e of a batch.
  // (Plain integers, not APInts: Winograd's batches hold millions.)
  auto pack = [&](auto zero) {
    using T = decltype(zero);
    SmallVector<T> packed(p.batch * panels * kq * nr * kg, zero);
    for (int64_t e = 0; e < p.batch; ++e)
      for (int64_t col = 0; col < p.n; ++col) {
        int64_t panel = e * panels + col / nr, within = col % nr;
        for (int64_t kk = 0; kk < p.k; ++kk) {
          int64_t idx = ((panel * kq + kk / kg) * nr + within) * kg + kk % kg;
          packed[idx] = static_cast<T>(p.weights[(e * p.n + col) * p.k + kk]);
        }
      }
    auto type = RankedTensorType::get({p.batch * panels, kq, nr * kg}, opType);
    return DenseElementsAttr::get(type, ArrayRef<T>(packed));
  };
  Value bPacked =
      constantGlobal(b, loc, anchor, (name + "_packed").str(),
                     k.bits == 16 ? pack(int16_t(0)) : pack(int8_t(0)));
  bool raw = p.rawAccumulators;
  Value offsetsBuf, multBuf;
  if (!raw)
    std::tie(offsetsBuf, multBuf) =
        epilogueConstants(b, loc, anchor, name, p, nPadded);
  Value biasBuf;
  if (p.dynamic && p.dynamic->hasBias) {
    SmallVector<float> biases(p.biases);
    biases.resize(nPadded, 0.0f);
    biasBuf = constantGlobal(
        b, loc, anchor, (name + "_bias").str(),
        DenseElementsAttr::get(RankedTensorType::get({nPadded}, b.getF32Type()),
                               ArrayRef<float>(biases)));
  }

  bool convertTiles = bool(a.bytes);
  Value aBuf, bytesBuf;
  if (convertTiles) {
    assert(p.batch == 1 && a.segDims.empty() && a.segLen == kPadded &&
           "row-tile conversion needs one dense segment");
    bytesBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(shapeOf(a.bytes), b.getI8Type()), a.bytes,
        /*read_only=*/true);
    aBuf = memref::AllocOp::create(b, loc,
                                   MemRefType::get({k.rows * kPadded}, opType),
                                   b.getI64IntegerAttr(64));
  } else {
    aBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(shapeOf(a.flat), opType), a.flat,
        /*read_only=*/true);
  }
  int64_t segments = product(a.segDims);
  assert(a.segLen % kg == 0 && segments * a.segLen == kPadded &&
         "A segments must tile the padded K");
  int64_t qPerSegment = a.segLen / kg;
  // K blocking: when a panel of B is larger than L1, each segment is split
  // into parts whose slice of the panel fits (kBlockBytes); the loop nest
  // becomes panel -> (segment, part) -> row tiles -> k, with i32 partial
  // sums in a scratch buffer between parts and the epilogue after the last.
  int64_t groupBytes = nr * kg * k.bits / 8;
  bool panelTooLarge = kq * groupBytes > kPanelBytesInL1;
  int64_t parts =
      panelTooLarge ? ceilDiv(qPerSegment * groupBytes, kBlockBytes) : 1;
  // Parts are whole multiples of the lane-indexed step.
  int64_t partLen =
      ceilDiv(ceilDiv(qPerSegment, parts), k.laneGroups) * k.laneGroups;
  parts = ceilDiv(qPerSegment, partLen);
  bool blocked = panelTooLarge && segments * parts > 1 && !convertTiles;
  Value partialBuf, bFlat;
  if (blocked) {
    partialBuf = memref::AllocOp::create(
        b, loc, MemRefType::get({p.m, nPadded}, b.getI32Type()),
        b.getI64IntegerAttr(64));
    // B as one vector of elements, for the prefetches of the next block.
    bFlat = memref::CollapseShapeOp::create(
        b, loc, bPacked, ArrayRef<ReassociationIndices>{{0, 1, 2}});
  }
  // A blocked GEMM's B streams from L3 or memory block by block: every
  // row tile prefetches (into L2) one cache line of each k group of the
  // next block (one block length ahead of the group it reads), the panel's
  // tile t the line t mod linesPerGroup, so that the first
  // tiles of a block bring the whole next one in and its first tile does
  // not wait for memory.
  int64_t groupElems = nr * kg, elemBytes = k.bits / 8;
  int64_t lineElems = std::max<int64_t>(1, 64 / elemBytes);
  int64_t linesPerGroup = std::max<int64_t>(1, groupElems / lineElems);
  int64_t bElems = p.batch * panels * kq * groupElems;
  Value residualBuf;
  if (p.residual)
    residualBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get({p.m, p.n}, b.getI8Type()), p.residual->matrix,
        /*read_only=*/true);
  Type storage = p.dynamic ? b.getF32Type()
                 : raw     ? b.getI32Type()
                           : Type(b.getIntegerType(p.out.width));
  SmallVector<int64_t> outShape = {p.m, p.n};
  if (raw)
    outShape = {p.batch * p.m, nPadded};
  auto outType = MemRefType::get(outShape, storage);
  Value outBuf = memref::AllocOp::create(b, loc, outType,
                                         b.getI64IntegerAttr(64));

  auto idx = [&](OpBuilder &nb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  VectorType accType = VectorType::get({k.lanes}, b.getI32Type());
  VectorType opVec = VectorType::get({k.lanes * kg}, opType);
  VectorType f32Vec = VectorType::get({k.lanes}, b.getF32Type());
  Value zeroAcc = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(0)));
  Value zpVec, xScaleVec, corrVec;
  if (p.dynamic) {
    xScaleVec = vector::BroadcastOp::create(b, loc, f32Vec, p.dynamic->xScale);
    corrVec = vector::BroadcastOp::create(b, loc, accType, p.dynamic->corr);
  } else {
    zpVec = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(accType,
                               b.getI32IntegerAttr((int32_t)p.out.zeroPoint)));
  }

  // The problem of a batched GEMM (null when p.batch == 1), set by the batch
  // loop below.
  Value batchIndex;
  // One register tile: rows [m0, m0 + rows) x panel `panel`; `valid` is the
  // number of real columns when this is the partial last panel.
  // Where segment `seg` starts: B's first k group and A's offset.
  auto segmentStart = [&](OpBuilder &sb, Location l, Value seg) {
    return std::make_pair(
        Value(arith::MulIOp::create(
            sb, l, seg, arith::ConstantIndexOp::create(sb, l, qPerSegment))),
        mixedRadixOffset(sb, l, seg, a.segDims, a.segStrides));
  };
  // The segments [lo, hi) that row tile [m0, m0 + rows) runs: all of them,
  // or without the window rows that read only padding for every row of the
  // tile (GemmOperandA::paddingRows). A tile that spans two images runs all.
  auto segmentRange = [&](OpBuilder &nb, Value m0,
                          int64_t rows) -> std::pair<Value, Value> {
    if (!a.paddingRows)
      return {idx(nb, 0), idx(nb, segments)};
    const GemmOperandA::PaddedAxis &pad = *a.paddingRows;
    int64_t outH = a.rowDims[1], outW = a.rowDims[2];
    Value mLast = arith::AddIOp::create(nb, loc, m0, idx(nb, rows - 1));
    auto div = [&](Value v, int64_t d) -> Value {
      return arith::DivUIOp::create(nb, loc, v, idx(nb, d));
    };
    auto outRow = [&](Value m) -> Value {
      return arith::RemUIOp::create(nb, loc, div(m, outW), idx(nb, outH));
    };
    // Window row s is padding for every output row oh of the tile when
    // s * dilation < first - ohLast * stride (above the input) or
    // s * dilation >= first + count - ohFirst * stride (below it).
    auto firstValid = [&](int64_t from, Value oh) -> Value {
      Value reach = arith::SubIOp::create(
          nb, loc, idx(nb, from),
          arith::MulIOp::create(nb, loc, oh, idx(nb, pad.stride)));
      return arith::CeilDivSIOp::create(nb, loc, reach, idx(nb, pad.dilation));
    };
    // At least one segment, so that every tile has a first and a last.
    Value lo = arith::MinSIOp::create(
        nb, loc,
        arith::MaxSIOp::create(nb, loc, firstValid(pad.first, outRow(mLast)),
                               idx(nb, 0)),
        idx(nb, segments - 1));
    Value hi = arith::MaxSIOp::create(
        nb, loc,
        arith::MinSIOp::create(nb, loc,
                               firstValid(pad.first + pad.count, outRow(m0)),
                               idx(nb, segments)),
        arith::AddIOp::create(nb, loc, lo, idx(nb, 1)));
    Value spans =
        arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::ne,
                              div(m0, outH * outW), div(mLast, outH * outW));
    return {arith::SelectOp::create(nb, loc, spans, idx(nb, 0), lo),
            arith::SelectOp::create(nb, loc, spans, idx(nb, segments), hi)};
  };
  // The K range of one block of a blocked GEMM: B's groups [q0 + qBegin,
  // q0 + qEnd) of segment `seg` (part `part`), at A offset `segBase`.
  struct KBlock {
    Value q0, segBase, qBegin, qEnd, seg, part;
  };
  // `owFirst`: the output column of the tile's first row, when the tile is
  // emitted on its own in an output row (GemmOperandA::paddingCols);
  // `ordinal`: the tile's index among the panel's tiles (default m0 / rows).
  auto emitTile = [&](OpBuilder &tb, Value m0, int64_t rows, Value panel,
                      std::optional<int64_t> valid,
                      const KBlock *block = nullptr,
                      std::optional<int64_t> owFirst = std::nullopt,
                      Value ordinal = Value()) {
    OpBuilder::InsertionGuard tileGuard(tb);
    auto [segLo, segHi] = segmentRange(tb, m0, rows);
    // A block is this tile's first (accumulators start fresh) or last
    // (epilogue) within the tile's segments; blocks outside them are
    // skipped.
    Value isFirst, isLast;
    if (block) {
      auto eq = [&](Value x, Value y) -> Value {
        return arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::eq, x, y);
      };
      auto both = [&](Value x, Value y) -> Value {
        return arith::AndIOp::create(tb, loc, x, y);
      };
      isFirst = both(eq(block->seg, segLo), eq(block->part, idx(tb, 0)));
      isLast = both(
          eq(block->seg, arith::SubIOp::create(tb, loc, segHi, idx(tb, 1))),
          eq(block->part, idx(tb, parts - 1)));
      if (a.paddingRows) {
        Value inside =
            both(arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::sge,
                                       block->seg, segLo),
                 arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::slt,
                                       block->seg, segHi));
        auto ifInside = scf::IfOp::create(tb, loc, inside);
        tb.setInsertionPointToStart(&ifInside.getThenRegion().front());
      }
    }
    // A partial last panel computes only the vectors it has columns in.
    int64_t nv = valid ? ceilDiv(*valid, k.lanes) : k.vectors;
    int64_t accs = rows * nv;
    // Static epilogues start the accumulators at the per-channel offset
    // (correction + quantized bias) rather than adding it afterwards: the
    // same i32 sum, one add fewer per output vector.
    // The output column of vector `v` of this panel.
    auto columnOf = [&](OpBuilder &nb, int64_t v) -> Value {
      return arith::AddIOp::create(
          nb, loc, arith::MulIOp::create(nb, loc, panel, idx(nb, nr)),
          idx(nb, v * k.lanes));
    };
    SmallVector<Value> init(accs, zeroAcc);
    if (!p.dynamic && !raw)
      for (int64_t v = 0; v < nv; ++v) {
        Value off = vector::LoadOp::create(tb, loc, accType, offsetsBuf,
                                           columnOf(tb, v));
        for (int64_t r = 0; r < rows; ++r)
          init[r * nv + v] = off;
      }
    auto partialIndices = [&](OpBuilder &nb, int64_t r, int64_t v) {
      return SmallVector<Value>{arith::AddIOp::create(nb, loc, m0, idx(nb, r)),
                                columnOf(nb, v)};
    };
    if (block) {
      // Later blocks resume from the partial sums.
      auto resume = scf::IfOp::create(
          tb, loc, isFirst,
          [&](OpBuilder &ib, Location l) { scf::YieldOp::create(ib, l, init); },
          [&](OpBuilder &ib, Location l) {
            SmallVector<Value> loaded;
            for (int64_t r = 0; r < rows; ++r)
              for (int64_t v = 0; v < nv; ++v)
                loaded.push_back(vector::LoadOp::create(
                    ib, l, accType, partialBuf, partialIndices(ib, r, v)));
            scf::YieldOp::create(ib, l, loaded);
          });
      init.assign(resume.getResults().begin(), resume.getResults().end());
    }
    SmallVector<Value> rowBase;
    for (int64_t r = 0; r < rows && convertTiles; ++r)
      rowBase.push_back(idx(tb, r * kPadded));
    for (int64_t r = 0; r < rows && !convertTiles; ++r) {
      rowBase.push_back(mixedRadixOffset(
          tb, loc, arith::AddIOp::create(tb, loc, m0, idx(tb, r)), a.rowDims,
          a.rowStrides));
      if (batchIndex)
        rowBase.back() = arith::AddIOp::create(
            tb, loc, rowBase.back(),
            arith::MulIOp::create(tb, loc, batchIndex, idx(tb, a.batchStride)));
    }
    // B's panel: problem-major in a batch.
    Value bPanel =
        batchIndex
            ? arith::AddIOp::create(
                  tb, loc,
                  arith::MulIOp::create(tb, loc, batchIndex, idx(tb, panels)),
                  panel)
                  .getResult()
            : panel;
    // One k group of every row: q indexes B's k groups, `bcast[r]` is row
    // r's group broadcast to every lane.
    // This tile's prefetch distance in B's elements: one block ahead, at its
    // line of each group.
    Value prefetchAhead;
    if (block)
      prefetchAhead = arith::AddIOp::create(
          tb, loc, idx(tb, partLen * groupElems),
          arith::MulIOp::create(
              tb, loc,
              arith::RemUIOp::create(
                  tb, loc,
                  ordinal ? ordinal
                          : arith::DivUIOp::create(tb, loc, m0, idx(tb, k.rows))
                                .getResult(),
                  idx(tb, linesPerGroup)),
              idx(tb, lineElems)));
    // The rows a K loop runs: all of them, or at an edge tile's tap the ones
    // that read input there. The others' accumulators pass through.
    SmallVector<int64_t> allRows = llvm::to_vector(llvm::seq<int64_t>(0, rows));
    auto dotGroup = [&](OpBuilder &lb, Location l, Value q,
                        ArrayRef<int64_t> active, ArrayRef<Value> bcast,
                        ValueRange acc) {
      if (prefetchAhead) {
        Value at = arith::AddIOp::create(
            lb, l,
            arith::MulIOp::create(
                lb, l,
                arith::AddIOp::create(
                    lb, l, arith::MulIOp::create(lb, l, bPanel, idx(lb, kq)),
                    q),
                idx(lb, groupElems)),
            prefetchAhead);
        at = arith::MinUIOp::create(lb, l, at, idx(lb, bElems - 1));
        memref::PrefetchOp::create(lb, l, bFlat, ValueRange{at},
                                   /*isWrite=*/false, /*localityHint=*/2,
                                   /*isDataCache=*/true);
      }
      SmallVector<Value> wv;
      for (int64_t v = 0; v < nv; ++v)
        wv.push_back(vector::LoadOp::create(
            lb, l, opVec, bPacked,
            ValueRange{bPanel, q, idx(lb, v * k.lanes * kg)}));
      SmallVector<Value> next(acc);
      for (auto [i, r] : llvm::enumerate(active))
        for (int64_t v = 0; v < nv; ++v)
          next[r * nv + v] =
              emitDot(lb, l, module, k, acc[r * nv + v], bcast[i], wv[v]);
      return next;
    };
    // One k group of every row, broadcast from memory; `aOffset` is the
    // group's offset from the row base in A.
    auto kStep =
        [&](OpBuilder &lb, Location l, Value q, Value aOffset,
            ArrayRef<int64_t> active, ValueRange acc) {
          SmallVector<Value> bcast;
          for (int64_t r : active) {
            Value at = arith::AddIOp::create(lb, l, rowBase[r], aOffset);
            if (kg * k.bits == 32) {
              Value group = vector::LoadOp::create(
                  lb, l, VectorType::get({kg}, opType), aBuf, at);
              Value word = vector::BitCastOp::create(
                  lb, l, VectorType::get({1}, lb.getI32Type()), group);
              Value scalar = vector::ExtractOp::create(lb, l, word,
                                                       ArrayRef<int64_t>{0});
              Value splat =
                  vector::BroadcastOp::create(lb, l, accType, scalar);
              bcast.push_back(vector::BitCastOp::create(lb, l, opVec, splat));
            } else {
              Value scalar = memref::LoadOp::create(lb, l, aBuf, at);
              bcast.push_back(
                  vector::BroadcastOp::create(lb, l, opVec, scalar));
            }
          }
          return dotGroup(lb, l, q, active, bcast, acc);
        };
    // k.laneGroups k groups of every row from one vector load per row, each
    // group broadcast from its i32 lane (a lane-indexed dot: sdot's
    // `v.4b[i]` form), instead of one broadcast load per group and row.
    auto kStepLanes = [&](OpBuilder &lb, Location l, Value q, Value aOffset,
                          ArrayRef<int64_t> active, ValueRange acc) {
      int64_t u = k.laneGroups;
      SmallVector<Value> words;
      for (int64_t r : active) {
        Value at = arith::AddIOp::create(lb, l, rowBase[r], aOffset);
        Value groups = vector::LoadOp::create(
            lb, l, VectorType::get({u * kg}, opType), aBuf, at);
        words.push_back(vector::BitCastOp::create(
            lb, l, VectorType::get({u}, lb.getI32Type()), groups));
      }
      SmallVector<Value> next(acc);
      for (int64_t g = 0; g < u; ++g) {
        SmallVector<Value> bcast;
        // Lane g splat to every accumulator lane.
        SmallVector<int64_t> lane(k.lanes, g);
        for (Value w : words)
          bcast.push_back(vector::BitCastOp::create(
              lb, l, opVec, vector::ShuffleOp::create(lb, l, w, w, lane)));
        next = dotGroup(lb, l, arith::AddIOp::create(lb, l, q, idx(lb, g)),
                        active, bcast, next);
      }
      return next;
    };
    // The K loop over the groups [begin, end) of one segment (starting at
    // B's group `q0` and A's offset `segBase`) for the rows `active`. With
    // lane-indexed dots, the groups go k.laneGroups at a time, then one at a
    // time for a remainder (only emitted when the range can be `ragged`).
    auto segmentLoop = [&](OpBuilder &sb, Value q0, Value segBase,
                           ValueRange accInit, Value begin, Value end,
                           ArrayRef<int64_t> active,
                           bool ragged) -> SmallVector<Value> {
      auto body = [&](auto step) {
        return [&, step](OpBuilder &lb, Location l, Value q, ValueRange acc) {
          Value aOffset = arith::AddIOp::create(
              lb, l, segBase, arith::MulIOp::create(lb, l, q, idx(lb, kg)));
          scf::YieldOp::create(lb, l,
                               step(lb, l, arith::AddIOp::create(lb, l, q0, q),
                                    aOffset, active, acc));
        };
      };
      int64_t u = k.laneGroups;
      if (u <= 1)
        return llvm::to_vector_of<Value>(scf::ForOp::create(sb, loc, begin, end,
                                                            idx(sb, 1), accInit,
                                                            body(kStep))
                                             .getResults());
      Value mainEnd = end;
      if (ragged) {
        std::optional<int64_t> first = getConstantIntValue(begin),
                               last = getConstantIntValue(end);
        if (first && last) {
          // Static: a remainder loop only when there is a remainder.
          ragged = (*last - *first) % u != 0;
          mainEnd = idx(sb, *first + (*last - *first) / u * u);
        } else {
          Value len = arith::SubIOp::create(sb, loc, end, begin);
          Value whole = arith::MulIOp::create(
              sb, loc, arith::DivUIOp::create(sb, loc, len, idx(sb, u)),
              idx(sb, u));
          mainEnd = arith::AddIOp::create(sb, loc, begin, whole);
        }
      }
      auto main = scf::ForOp::create(sb, loc, begin, mainEnd, idx(sb, u),
                                     accInit, body(kStepLanes));
      if (!ragged)
        return llvm::to_vector_of<Value>(main.getResults());
      return llvm::to_vector_of<Value>(
          scf::ForOp::create(sb, loc, mainEnd, end, idx(sb, 1),
                             main.getResults(), body(kStep))
              .getResults());
    };
    // At an edge tile, the rows that read input at each tap of a segment
    // (empty when every row reads input at every tap).
    SmallVector<SmallVector<int64_t>> tapRows;
    if (owFirst) {
      const GemmOperandA::PaddingCols &cols = *a.paddingCols;
      tapRows.resize(cols.taps);
      bool split = false;
      for (int64_t j = 0; j < cols.taps; ++j) {
        for (int64_t r = 0; r < rows; ++r)
          if (cols.readsInput(*owFirst + r, j))
            tapRows[j].push_back(r);
        split |= (int64_t)tapRows[j].size() != rows;
      }
      if (!split)
        tapRows.clear();
    }
    // The groups [qBegin, qEnd) (default: all) of one segment: one K loop,
    // or at an edge tile one per run of taps with the same rows (within the
    // range), none for taps that no row reads input at.
    auto segmentTaps = [&](OpBuilder &sb, Value q0, Value segBase,
                           ValueRange accInit, Value qBegin = Value(),
                           Value qEnd = Value()) -> SmallVector<Value> {
      int64_t u = k.laneGroups;
      // partLen is a multiple of u, so every block length is one when the
      // segment length is.
      bool ragged = qPerSegment % u != 0;
      if (tapRows.empty())
        return segmentLoop(sb, q0, segBase, accInit,
                           qBegin ? qBegin : idx(sb, 0),
                           qEnd ? qEnd : idx(sb, qPerSegment), allRows, ragged);
      int64_t tapLen = a.paddingCols->tapGroups;
      ragged |= tapLen % u != 0;
      SmallVector<Value> acc(accInit);
      for (int64_t j = 0, e; j < (int64_t)tapRows.size(); j = e) {
        for (e = j + 1; e < (int64_t)tapRows.size() && tapRows[e] == tapRows[j];
             ++e) {
        }
        if (tapRows[j].empty())
          continue;
        Value begin = idx(sb, j * tapLen), end = idx(sb, e * tapLen);
        if (qBegin) {
          begin = arith::MaxUIOp::create(sb, loc, qBegin, begin);
          end = arith::MaxUIOp::create(
              sb, loc, arith::MinUIOp::create(sb, loc, qEnd, end), begin);
        }
        acc = segmentLoop(sb, q0, segBase, acc, begin, end, tapRows[j], ragged);
      }
      return acc;
    };
    SmallVector<Value> sums =
        block ? segmentTaps(tb, block->q0, block->segBase, init, block->qBegin,
                            block->qEnd)
        : segments == 1
            ? segmentTaps(tb, idx(tb, 0), idx(tb, 0), init)
            : llvm::to_vector_of<Value>(
                  scf::ForOp::create(
                      tb, loc, segLo, segHi, idx(tb, 1), init,
                      [&](OpBuilder &sb, Location l, Value seg,
                          ValueRange acc) {
                        auto [q0, segBase] = segmentStart(sb, l, seg);
                        scf::YieldOp::create(sb, l,
                                             segmentTaps(sb, q0, segBase, acc));
                      })
                      .getResults());
    OpBuilder::InsertionGuard guard(tb);
    if (block) {
      auto ifLast = scf::IfOp::create(tb, loc, isLast,
                                      /*withElseRegion=*/true);
      tb.setInsertionPointToStart(&ifLast.getElseRegion().front());
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t v = 0; v < nv; ++v)
          vector::StoreOp::create(tb, loc, sums[r * nv + v], partialBuf,
                                  partialIndices(tb, r, v));
      tb.setInsertionPointToStart(&ifLast.getThenRegion().front());
    }
    if (raw) {
      // Raw accumulators, whole vectors (the padded columns are zeros).
      Value first =
          batchIndex ? arith::MulIOp::create(tb, loc, batchIndex, idx(tb, p.m))
                           .getResult()
                     : idx(tb, 0);
      for (int64_t r = 0; r < rows; ++r) {
        Value row = arith::AddIOp::create(
            tb, loc, first, arith::AddIOp::create(tb, loc, m0, idx(tb, r)));
        for (int64_t v = 0; v < nv; ++v)
          vector::StoreOp::create(tb, loc, sums[r * nv + v], outBuf,
                                  ValueRange{row, columnOf(tb, v)});
      }
      return;
    }
    // Fused epilogue. The saturating narrowing path (AVX2) narrows the two
    // full vectors of a row together: one 16-lane clamp and truncation
    // (vpackssdw ymm, vextracti128, vpackuswb, vpshufd) and one 16-byte
    // store instead of two of everything.
    if (p.saturatingNarrow && !p.dynamic && !p.residual && nv == 2 &&
        (!valid || *valid >= 2 * k.lanes) && p.out.width == 8) {
      Value cols[2], mults[2];
      for (int64_t v = 0; v < 2; ++v) {
        cols[v] = columnOf(tb, v);
        mults[v] = vector::LoadOp::create(tb, loc, f32Vec, multBuf, cols[v]);
      }
      SmallVector<int64_t> both =
          llvm::to_vector(llvm::seq<int64_t>(0, 2 * k.lanes));
      for (int64_t r = 0; r < rows; ++r) {
        Value q[2];
        for (int64_t v = 0; v < 2; ++v)
          q[v] = requantizeToI32(tb, loc, module, p, sums[r * nv + v],
                                 /*offset=*/Value(), mults[v], zpVec);
        Value joined = vector::ShuffleOp::create(tb, loc, q[0], q[1], both);
        vector::StoreOp::create(
            tb, loc, narrowToStorage(tb, loc, p, joined), outBuf,
            ValueRange{arith::AddIOp::create(tb, loc, m0, idx(tb, r)),
                       cols[0]});
      }
      return;
    }
    for (int64_t v = 0; v < nv; ++v) {
      int64_t first = v * k.lanes;
      int64_t count = valid ? std::min<int64_t>(k.lanes, *valid - first)
                            : k.lanes;
      if (count <= 0)
        continue;
      Value col = columnOf(tb, v);
      Value off = vector::LoadOp::create(tb, loc, accType, offsetsBuf, col);
      Value mult = vector::LoadOp::create(tb, loc, f32Vec, multBuf, col);
      Value bias = biasBuf ? vector::LoadOp::create(tb, loc, f32Vec, biasBuf, col)
                                 .getResult()
                           : Value();
      for (int64_t r = 0; r < rows; ++r) {
        Value row = arith::AddIOp::create(tb, loc, m0, idx(tb, r));
        Value acc = sums[r * nv + v];
        if (p.dynamic)
          dynamicEpilogueStore(tb, loc, *p.dynamic, acc, off, mult, bias,
                               xScaleVec, corrVec, outBuf, ValueRange{row, col},
                               count);
        else
          requantizeAndStore(tb, loc, module, p, acc, /*offset=*/Value(), mult,
                             zpVec, residualBuf, outBuf, ValueRange{row, col},
                             count);
      }
    }
  };

  // Panels of B outermost, register tiles of A rows inside.
  int64_t fullPanels = p.n / nr;
  auto emitRows = [&](OpBuilder &pb, Value panel, std::optional<int64_t> valid,
                      const KBlock *block) {
    if (!a.paddingCols) {
      forChunks(pb, loc, p.m, k.rows,
                [&](OpBuilder &rb, Value m0, int64_t rows) {
                  emitTile(rb, m0, rows, panel, valid, block);
                });
      return;
    }
    // Row tiles within each output row, as few as fit k.rows and as even as
    // possible (14 columns: 4, 4, 3, 3 rather than 4, 4, 4, 2): runs of
    // full tiles whose every row reads input at every tap in a loop, the
    // others (at the edges, or short) emitted one by one.
    const GemmOperandA::PaddingCols &cols = *a.paddingCols;
    int64_t outW = a.rowDims[2];
    int64_t tiles = ceilDiv(outW, k.rows);
    SmallVector<std::pair<int64_t, int64_t>> rowTiles; // (first column, rows)
    for (int64_t t = 0, ow0 = 0; t < tiles; ++t) {
      int64_t rows = outW / tiles + (t < outW % tiles ? 1 : 0);
      rowTiles.push_back({ow0, rows});
      ow0 += rows;
    }
    auto interior = [&](std::pair<int64_t, int64_t> tile) {
      if (tile.second != k.rows)
        return false;
      for (int64_t ow = tile.first; ow < tile.first + tile.second; ++ow)
        for (int64_t j = 0; j < cols.taps; ++j)
          if (!cols.readsInput(ow, j))
            return false;
      return true;
    };
    emitFor(pb, loc, p.m, outW, [&](OpBuilder &lb, Value rowStart) {
      // The ordinal of this row's first tile.
      Value rowTile = arith::MulIOp::create(
          lb, loc, arith::DivUIOp::create(lb, loc, rowStart, idx(lb, outW)),
          idx(lb, tiles));
      for (size_t t = 0; t < rowTiles.size();) {
        auto [ow0, rows] = rowTiles[t];
        size_t run = t;
        while (run < rowTiles.size() && interior(rowTiles[run]))
          ++run;
        if (run - t < 2) {
          emitTile(lb, arith::AddIOp::create(lb, loc, rowStart, idx(lb, ow0)),
                   rows, panel, valid, block, ow0,
                   arith::AddIOp::create(lb, loc, rowTile, idx(lb, t)));
          ++t;
          continue;
        }
        int64_t first = ow0, firstTile = t;
        emitFor(
            lb, loc, (run - t) * k.rows, k.rows, [&](OpBuilder &tb, Value off) {
              Value ordinal = arith::AddIOp::create(
                  tb, loc, rowTile,
                  arith::AddIOp::create(
                      tb, loc,
                      arith::DivUIOp::create(tb, loc, off, idx(tb, k.rows)),
                      idx(tb, firstTile)));
              emitTile(tb,
                       arith::AddIOp::create(
                           tb, loc, rowStart,
                           arith::AddIOp::create(tb, loc, off, idx(tb, first))),
                       k.rows, panel, valid, block, std::nullopt, ordinal);
            });
        t = run;
      }
    });
  };
  auto emitPanel = [&](OpBuilder &pb, Value panel,
                       std::optional<int64_t> valid) {
    if (!blocked) {
      emitRows(pb, panel, valid, nullptr);
      return;
    }
    int64_t blocks = segments * parts;
    emitFor(pb, loc, blocks, 1, [&](OpBuilder &bb, Value i) {
      Value seg = arith::DivUIOp::create(bb, loc, i, idx(bb, parts));
      Value part = arith::RemUIOp::create(bb, loc, i, idx(bb, parts));
      KBlock block;
      std::tie(block.q0, block.segBase) = segmentStart(bb, loc, seg);
      block.qBegin = arith::MulIOp::create(bb, loc, part, idx(bb, partLen));
      block.qEnd = arith::MinUIOp::create(
          bb, loc,
          arith::AddIOp::create(bb, loc, block.qBegin, idx(bb, partLen)),
          idx(bb, qPerSegment));
      block.seg = seg;
      block.part = part;
      emitRows(bb, panel, valid, &block);
    });
  };
  // Every panel: `body(builder, panel, valid columns of a partial panel)`.
  auto forPanels =
      [&](OpBuilder &pb,
          function_ref<void(OpBuilder &, Value, std::optional<int64_t>)> body) {
        if (fullPanels > 0)
          emitFor(pb, loc, fullPanels, 1, [&](OpBuilder &nb, Value panel) {
            body(nb, panel, std::nullopt);
          });
        if (p.n % nr)
          body(pb, idx(pb, fullPanels), p.n % nr);
      };
  if (convertTiles) {
    // Row-tile conversion: rows [m0, m0 + rows) of `bytes` into the domain,
    // then every panel for them. The k padding (a column past K, paired
    // with zero weights) is never written by the conversion; it is zeroed
    // once, since reading it uninitialized would be poison even times zero.
    for (int64_t r = 0; r < k.rows; ++r)
      for (int64_t kk = p.k; kk < kPadded; ++kk)
        memref::StoreOp::create(
            b, loc,
            arith::ConstantOp::create(b, loc, b.getIntegerAttr(opType, 0)),
            aBuf, ValueRange{idx(b, r * kPadded + kk)});
    auto bytesVec = VectorType::get({k.lanes * kg}, b.getI8Type());
    Value sub = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(opVec,
                               b.getIntegerAttr(opType, a.bytesSubtract)));
    forChunks(b, loc, p.m, k.rows, [&](OpBuilder &rb, Value m0, int64_t rows) {
      for (int64_t r = 0; r < rows; ++r) {
        Value from = arith::MulIOp::create(
            rb, loc, arith::AddIOp::create(rb, loc, m0, idx(rb, r)),
            idx(rb, p.k));
        forChunks(
            rb, loc, p.k, k.lanes * kg,
            [&](OpBuilder &cb, Value c, int64_t count) {
              Value x = loadLanes(
                  cb, loc, bytesVec, bytesBuf,
                  ValueRange{arith::AddIOp::create(cb, loc, from, c)}, count);
              Value wide =
                  a.bytesSigned
                      ? arith::ExtSIOp::create(cb, loc, opVec, x).getResult()
                      : arith::ExtUIOp::create(cb, loc, opVec, x).getResult();
              storeLanes(cb, loc, arith::SubIOp::create(cb, loc, wide, sub),
                         aBuf,
                         ValueRange{arith::AddIOp::create(
                             cb, loc, c, idx(cb, r * kPadded))},
                         count);
            });
      }
      forPanels(rb,
                [&](OpBuilder &nb, Value panel, std::optional<int64_t> valid) {
                  emitTile(nb, m0, rows, panel, valid);
                });
    });
  } else {
    auto emitPanels = [&](OpBuilder &pb) { forPanels(pb, emitPanel); };
    if (p.batch == 1)
      emitPanels(b);
    else
      emitFor(b, loc, p.batch, 1, [&](OpBuilder &eb, Value e) {
        batchIndex = e;
        emitPanels(eb);
      });
  }
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(outShape, storage), outBuf,
      /*restrict=*/true, /*writable=*/true);
}

} // namespace mlir::qnn::kernels
