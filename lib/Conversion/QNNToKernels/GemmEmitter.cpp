//===- GemmEmitter.cpp - the packed GEMM loop nest --------------*- C++ -*-===//
//
// emitGemm's loop nest, one method per level (GemmEmitter below):
//
//   emitPanels        panels of B (and the problems of a batched GEMM)
//     emitPanel       K blocks of a panel larger than L1
//       emitRows      register tiles of A rows (within output rows at edges)
//         emitTile    one tile: accumulators, K loop, partial sums
//           emitSegments / segmentTaps / segmentLoop   the K loop (segments,
//                                                      taps, lane steps)
//             kStep / kStepLanes / dotGroup            one K step
//           emitEpilogue                                requantize and store
//                                                       (GemmEpilogue.cpp)
//
// Row-tile conversion (GemmOperandA::bytes) runs the tiles outermost
// instead (emitConvertedRowTiles), in groups that threads may split, each
// converting into its own slice of the scratch.
//
//===----------------------------------------------------------------------===//

#include "GemmEmitter.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "qnn/Transforms/Passes.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels::detail {

GemmEmitter::GemmEmitter(OpBuilder &b, Location loc, Operation *anchor,
                         StringRef name, const MicroKernel &k,
                         const GemmProblem &p, const GemmOperandA &a)
    : b(b), loc(loc), anchor(anchor), name(name), k(k), p(p), a(a) {
  module = anchor->getParentOfType<ModuleOp>();
  opType = b.getIntegerType(k.bits);
  nr = k.panelWidth();
  tileRows = k.rows;
  kg = k.kGroup;
  kPadded = llvm::divideCeil(p.k, kg) * kg;
  kq = kPadded / kg;
  panels = llvm::divideCeil(p.n, nr);
  nPadded = panels * nr;
  raw = p.rawAccumulators;
  convertTiles = bool(a.bytes);
  smallMultipliers = llvm::all_of(
      p.multipliers, [](float m) { return std::fabs(m) <= 0.5f; });
}

Value GemmEmitter::emit() {
  createConstants();
  createOperandA();
  planKBlocks();
  createOutput();
  createVectorConstants();
  if (convertTiles) {
    emitConvertedRowTiles();
  } else if (p.batch == 1) {
    emitPanels(b);
  } else {
    emitBatch();
  }
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(outShape, storage), outBuf,
      /*restrict=*/true, /*writable=*/true);
}

/// The problems of a batched GEMM, one loop iteration each. A requantized
/// batch (a grouped conv) runs the epilogue on views: problem e's
/// per-channel constants at e * nPadded and its output columns at e * n, so
/// the epilogue indexes them as it does a single problem's. A K-blocked one
/// (a grouped conv's, or Winograd's with many input channels) shares the
/// partial sums between its problems, so it runs them in turn: a parallel
/// loop over them would race on that buffer.
void GemmEmitter::emitBatch() {
  assert((raw || (!p.residual && !p.dynamic)) &&
         "a requantized batch has the static epilogue without residual");
  Value offsetsAll = offsetsBuf, multAll = multBuf, outAll = outBuf;
  auto body = [&](OpBuilder &eb, Value e) {
    batchIndex = e;
    if (!raw) {
      auto view = [&](Value buf, Value base, ArrayRef<int64_t> sizes) {
        auto type = llvm::cast<MemRefType>(buf.getType());
        SmallVector<OpFoldResult> offsets(type.getRank(), eb.getIndexAttr(0));
        offsets.back() = base;
        return memref::SubViewOp::create(
                   eb, loc, buf, offsets,
                   getAsIndexOpFoldResult(eb.getContext(), sizes),
                   SmallVector<OpFoldResult>(type.getRank(),
                                             eb.getIndexAttr(1)))
            .getResult();
      };
      Value constBase = arith::MulIOp::create(eb, loc, e, idx(eb, nPadded));
      offsetsBuf = view(offsetsAll, constBase, {nPadded});
      multBuf = view(multAll, constBase, {nPadded});
      outBuf = view(outAll, arith::MulIOp::create(eb, loc, e, idx(eb, p.n)),
                    {p.m, p.n});
    }
    emitPanels(eb);
  };
  if (blocked)
    emitFor(b, loc, p.batch, 1, body);
  else
    emitParallelFor(b, loc, p.batch, 1, body);
  offsetsBuf = offsetsAll;
  multBuf = multAll;
  outBuf = outAll;
}

//===----------------------------------------------------------------------===//
// Buffers and constants
//===----------------------------------------------------------------------===//

/// Prepacked weights, B[e * panels + panel][kq][v * lanes * kg + lane * kg
/// + g] for problem e of a batch, and the epilogue's per-channel constants.
void GemmEmitter::createConstants() {
  auto pack = [&](auto zero) {
    using T = decltype(zero);
    SmallVector<T> packed = packPanels<T>(p.weights, p.batch, p.n, p.k, nr, kg);
    auto type = RankedTensorType::get({p.batch * panels, kq, nr * kg}, opType);
    return DenseElementsAttr::get(type, ArrayRef<T>(packed));
  };
  if (k.bits == 16 && optimizeSize(anchor))
    bPacked = lazyPackedWeights(
        b, loc, anchor, (name + "_packed").str(), p,
        RankedTensorType::get({p.batch * panels, kq, nr * kg}, opType), nr,
        kg);
  if (!bPacked)
    bPacked = constantGlobal(b, loc, anchor, (name + "_packed").str(),
                             k.bits == 16 ? pack(int16_t(0))
                                          : pack(int8_t(0)));
  if (!raw && p.batch > 1) {
    // Each problem's constants padded to nPadded, one after the other.
    SmallVector<int32_t> offsets;
    SmallVector<float> multipliers;
    for (int64_t e = 0; e < p.batch; ++e) {
      llvm::append_range(offsets, ArrayRef(p.offsets).slice(e * p.n, p.n));
      llvm::append_range(multipliers,
                         ArrayRef(p.multipliers).slice(e * p.n, p.n));
      offsets.resize((e + 1) * nPadded, 0);
      multipliers.resize((e + 1) * nPadded, 0.0f);
    }
    std::tie(offsetsBuf, multBuf) = epilogueConstants(
        b, loc, anchor, name, offsets, multipliers, p.batch * nPadded);
  } else if (!raw) {
    std::tie(offsetsBuf, multBuf) =
        epilogueConstants(b, loc, anchor, name, p, nPadded);
  }
  if (p.dynamic && p.dynamic->hasBias)
    biasBuf = paddedConstant(b, loc, anchor, (name + "_bias").str(), p.biases,
                             nPadded);
}

void GemmEmitter::createOperandA() {
  if (convertTiles) {
    assert(p.batch == 1 && a.segDims.empty() && a.segLen == kPadded &&
           "row-tile conversion needs one dense segment");
    bytesBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(shapeOf(a.bytes), b.getI8Type()), a.bytes,
        /*read_only=*/true);
    // Up to kConvertGroups groups of whole row tiles, as even as possible,
    // each with its own 64-byte-aligned slice of the converted rows.
    int64_t fullTiles = p.m / k.rows;
    if (fullTiles > 0) {
      tilesPerGroup = llvm::divideCeil(
          fullTiles, std::min<int64_t>(fullTiles, kConvertGroups));
      convertGroups = llvm::divideCeil(fullTiles, tilesPerGroup);
    }
    int64_t sliceAlign = std::max<int64_t>(1, 512 / k.bits);
    convertSlice = llvm::alignTo(k.rows * kPadded, sliceAlign);
    aBuf = memref::AllocOp::create(
        b, loc, MemRefType::get({convertGroups * convertSlice}, opType),
        b.getI64IntegerAttr(64));
    return;
  }
  aBuf = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(shapeOf(a.flat), opType), a.flat,
      /*read_only=*/true);
}

/// K blocking: when a panel of B is larger than L1, each segment is split
/// into parts whose slice of the panel fits (kBlockBytes); the loop nest
/// becomes panel -> (segment, part) -> row tiles -> k, with i32 partial sums
/// in a scratch buffer between parts and the epilogue after the last.
void GemmEmitter::planKBlocks() {
  segments = computeProduct(a.segDims);
  assert(a.segLen % kg == 0 && segments * a.segLen == kPadded &&
         "A segments must tile the padded K");
  qPerSegment = a.segLen / kg;
  int64_t groupBytes = nr * kg * k.bits / 8;
  bool panelTooLarge =
      kq * groupBytes > (k.bits == 8 ? kBytePanelBytesInL1 : kPanelBytesInL1);
  parts = panelTooLarge
              ? llvm::divideCeil(qPerSegment * groupBytes, kBlockBytes)
              : 1;
  // Parts are whole multiples of the lane-indexed step.
  partLen = llvm::divideCeil(llvm::divideCeil(qPerSegment, parts),
                             k.laneGroups) *
            k.laneGroups;
  parts = llvm::divideCeil(qPerSegment, partLen);
  blocked = panelTooLarge && segments * parts > 1 && !convertTiles;
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
  groupElems = nr * kg;
  int64_t elemBytes = k.bits / 8;
  lineElems = std::max<int64_t>(1, 64 / elemBytes);
  linesPerGroup = std::max<int64_t>(1, groupElems / lineElems);
  bElems = p.batch * panels * kq * groupElems;
}

void GemmEmitter::createOutput() {
  if (p.residual)
    residualBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get({p.m, p.n}, b.getI8Type()), p.residual->matrix,
        /*read_only=*/true);
  storage = p.dynamic ? b.getF32Type()
            : raw     ? b.getI32Type()
                      : Type(b.getIntegerType(p.out.width));
  outShape = {p.m, p.batch * p.n};
  if (raw)
    outShape = {p.batch * p.m, nPadded};
  outBuf = memref::AllocOp::create(b, loc, MemRefType::get(outShape, storage),
                                   b.getI64IntegerAttr(64));
}

void GemmEmitter::createVectorConstants() {
  accType = VectorType::get({k.lanes}, b.getI32Type());
  opVec = VectorType::get({k.lanes * kg}, opType);
  f32Vec = VectorType::get({k.lanes}, b.getF32Type());
  zeroAcc = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(0)));
  if (p.dynamic) {
    xScaleVec = vector::BroadcastOp::create(b, loc, f32Vec, p.dynamic->xScale);
    corrVec = vector::BroadcastOp::create(b, loc, accType, p.dynamic->corr);
  } else {
    zpVec = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(accType,
                               b.getI32IntegerAttr((int32_t)p.out.zeroPoint)));
  }
}

//===----------------------------------------------------------------------===//
// Panels, K blocks, row tiles
//===----------------------------------------------------------------------===//

/// Every panel: `body(builder, panel, valid columns of a partial panel)`.
void GemmEmitter::forPanels(
    OpBuilder &pb,
    function_ref<void(OpBuilder &, Value, std::optional<int64_t>)> body) {
  int64_t fullPanels = p.n / nr;
  if (fullPanels > 0) {
    scf::ForOp panels =
        emitParallelFor(pb, loc, fullPanels, 1, [&](OpBuilder &nb, Value panel) {
          body(nb, panel, std::nullopt);
        });
    // More output pixels than channels: threads had better split the rows
    // around the panels (qnn-parallelize, kSplitRowsAttr).
    if (p.m > p.n)
      panels->setAttr(kSplitRowsAttr, pb.getUnitAttr());
  }
  if (p.n % nr)
    body(pb, idx(pb, fullPanels), p.n % nr);
}

/// Panels of B outermost, register tiles of A rows inside.
void GemmEmitter::emitPanels(OpBuilder &pb) {
  forPanels(pb, [&](OpBuilder &nb, Value panel, std::optional<int64_t> valid) {
    tileRows = panelRows(valid);
    emitPanel(nb, panel, valid);
  });
}

/// The rows of a panel's register tiles. The byte kernel with one row per
/// accumulator (vpdpbusd) runs kByteTileAccumulators / vectors rows where
/// that beats k.rows: on a partial last panel that computes only 2 or 3 of
/// its k.vectors vectors (k.rows x 2 accumulators leave the dots waiting on
/// their own latency), and on full panels with at least kLongKGroups k
/// groups (more rows per load of B; a short K loop would only carry the
/// larger epilogue). Other kernels keep k.rows.
int64_t GemmEmitter::panelRows(std::optional<int64_t> valid) const {
  if (k.bits != 8 || k.accRows != 1 || k.laneGroups != 1)
    return k.rows;
  int64_t nv = valid ? llvm::divideCeil(*valid, k.lanes) : k.vectors;
  bool narrow = nv >= 2 && nv < k.vectors;
  bool longFull = nv == k.vectors && kq >= kLongKGroups;
  if (!narrow && !longFull)
    return k.rows;
  return std::max(k.rows, kByteTileAccumulators / nv);
}

void GemmEmitter::emitPanel(OpBuilder &pb, Value panel,
                            std::optional<int64_t> valid) {
  if (!blocked) {
    emitRows(pb, panel, valid, nullptr);
    return;
  }
  emitFor(pb, loc, segments * parts, 1, [&](OpBuilder &bb, Value i) {
    Value seg = arith::DivUIOp::create(bb, loc, i, idx(bb, parts));
    Value part = arith::RemUIOp::create(bb, loc, i, idx(bb, parts));
    KBlock block;
    std::tie(block.q0, block.segBase) = segmentStart(bb, loc, seg);
    block.qBegin = arith::MulIOp::create(bb, loc, part, idx(bb, partLen));
    block.qEnd = arith::MinUIOp::create(
        bb, loc, arith::AddIOp::create(bb, loc, block.qBegin, idx(bb, partLen)),
        idx(bb, qPerSegment));
    block.seg = seg;
    block.part = part;
    emitRows(bb, panel, valid, &block);
  });
}

void GemmEmitter::emitRows(OpBuilder &pb, Value panel,
                           std::optional<int64_t> valid, const KBlock *block) {
  if (a.paddingCols) {
    emitRowsInOutputRows(pb, panel, valid, block);
    return;
  }
  forChunks(
      pb, loc, p.m, tileRows,
      [&](OpBuilder &rb, Value m0, int64_t rows) {
        Tile t{m0, rows, panel, valid, block};
        emitTile(rb, t);
      },
      /*parallel=*/true);
}

/// Row tiles within each output row, as few as fit k.rows and as even as
/// possible (14 columns: 4, 4, 3, 3 rather than 4, 4, 4, 2): runs of full
/// tiles whose every row reads input at every tap in a loop, the others (at
/// the edges, or short) emitted one by one.
void GemmEmitter::emitRowsInOutputRows(OpBuilder &pb, Value panel,
                                       std::optional<int64_t> valid,
                                       const KBlock *block) {
  const GemmOperandA::PaddingCols &cols = *a.paddingCols;
  int64_t outW = a.rowDims[2];
  int64_t tiles = llvm::divideCeil(outW, tileRows);
  SmallVector<std::pair<int64_t, int64_t>> rowTiles; // (first column, rows)
  for (int64_t t = 0, ow0 = 0; t < tiles; ++t) {
    int64_t rows = outW / tiles + (t < outW % tiles ? 1 : 0);
    rowTiles.push_back({ow0, rows});
    ow0 += rows;
  }
  auto interior = [&](std::pair<int64_t, int64_t> tile) {
    if (tile.second != tileRows)
      return false;
    for (int64_t ow = tile.first; ow < tile.first + tile.second; ++ow)
      for (int64_t j = 0; j < cols.taps; ++j)
        if (!cols.readsInput(ow, j))
          return false;
    return true;
  };
  emitParallelFor(pb, loc, p.m, outW, [&](OpBuilder &lb, Value rowStart) {
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
        Tile tile{arith::AddIOp::create(lb, loc, rowStart, idx(lb, ow0)),
                  rows,
                  panel,
                  valid,
                  block,
                  ow0,
                  arith::AddIOp::create(lb, loc, rowTile, idx(lb, t))};
        emitTile(lb, tile);
        ++t;
        continue;
      }
      int64_t first = ow0, firstTile = t;
      emitFor(lb, loc, (run - t) * tileRows, tileRows,
              [&](OpBuilder &tb, Value off) {
                Value ordinal = arith::AddIOp::create(
                    tb, loc, rowTile,
                    arith::AddIOp::create(
                        tb, loc,
                        arith::DivUIOp::create(tb, loc, off,
                                               idx(tb, tileRows)),
                        idx(tb, firstTile)));
                Tile tile{arith::AddIOp::create(
                              tb, loc, rowStart,
                              arith::AddIOp::create(tb, loc, off,
                                                    idx(tb, first))),
                          tileRows,
                          panel,
                          valid,
                          block,
                          std::nullopt,
                          ordinal};
                emitTile(tb, tile);
              });
      t = run;
    }
  });
}

/// Row-tile conversion: rows [m0, m0 + rows) of `bytes` into the domain,
/// then every panel for them. The k padding (a column past K, paired with
/// zero weights) is never written by the conversion; it is zeroed once,
/// since reading it uninitialized would be poison even times zero.
void GemmEmitter::emitConvertedRowTiles() {
  for (int64_t g = 0; g < convertGroups; ++g)
    for (int64_t r = 0; r < k.rows; ++r)
      for (int64_t kk = p.k; kk < kPadded; ++kk)
        memref::StoreOp::create(
            b, loc,
            arith::ConstantOp::create(b, loc, b.getIntegerAttr(opType, 0)),
            aBuf, ValueRange{idx(b, g * convertSlice + r * kPadded + kk)});
  subtractVec = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(opVec, b.getIntegerAttr(opType, a.bytesSubtract)));
  // The groups of full tiles (qnn.parallel: a group writes its own rows of
  // the output and converts into its own slice), then the partial tile.
  int64_t fullTiles = p.m / k.rows;
  if (fullTiles > 0)
    emitParallelFor(b, loc, convertGroups, 1, [&](OpBuilder &gb, Value g) {
      Value first = arith::MulIOp::create(gb, loc, g, idx(gb, tilesPerGroup));
      Value end = arith::MinUIOp::create(
          gb, loc,
          arith::AddIOp::create(gb, loc, first, idx(gb, tilesPerGroup)),
          idx(gb, fullTiles));
      Value base = arith::MulIOp::create(gb, loc, g, idx(gb, convertSlice));
      scf::ForOp::create(gb, loc, first, end, idx(gb, 1), ValueRange{},
                         [&](OpBuilder &tb, Location, Value t, ValueRange) {
                           convertBase = base;
                           emitConvertedTile(
                               tb,
                               arith::MulIOp::create(tb, loc, t,
                                                     idx(tb, k.rows)),
                               k.rows);
                           scf::YieldOp::create(tb, loc);
                         });
    });
  if (p.m % k.rows) {
    convertBase = idx(b, 0);
    emitConvertedTile(b, idx(b, fullTiles * k.rows), p.m % k.rows);
  }
}

/// Converts the rows [m0, m0 + rows) into the slice at convertBase and runs
/// their tile through every panel.
void GemmEmitter::emitConvertedTile(OpBuilder &rb, Value m0, int64_t rows) {
  convertRows(rb, m0, rows);
  forPanels(rb, [&](OpBuilder &nb, Value panel, std::optional<int64_t> valid) {
    Tile t{m0, rows, panel, valid};
    emitTile(nb, t);
  });
}

/// Rows [m0, m0 + rows) of `bytes`, minus bytesSubtract, into aBuf.
void GemmEmitter::convertRows(OpBuilder &rb, Value m0, int64_t rows) {
  auto bytesVec = VectorType::get({k.lanes * kg}, rb.getI8Type());
  for (int64_t r = 0; r < rows; ++r) {
    Value from = arith::MulIOp::create(
        rb, loc, arith::AddIOp::create(rb, loc, m0, idx(rb, r)), idx(rb, p.k));
    forChunks(
        rb, loc, p.k, k.lanes * kg, [&](OpBuilder &cb, Value c, int64_t count) {
          Value x = loadLanes(
              cb, loc, bytesVec, bytesBuf,
              ValueRange{arith::AddIOp::create(cb, loc, from, c)}, count);
          Value wide =
              a.bytesSigned
                  ? arith::ExtSIOp::create(cb, loc, opVec, x).getResult()
                  : arith::ExtUIOp::create(cb, loc, opVec, x).getResult();
          Value converted = arith::SubIOp::create(cb, loc, wide, subtractVec);
          Value at = arith::AddIOp::create(
              cb, loc, convertBase,
              arith::AddIOp::create(cb, loc, c, idx(cb, r * kPadded)));
          storeLanes(cb, loc, converted, aBuf, ValueRange{at}, count);
        });
  }
}

//===----------------------------------------------------------------------===//
// One tile
//===----------------------------------------------------------------------===//

/// Where segment `seg` starts: B's first k group and A's offset.
std::pair<Value, Value> GemmEmitter::segmentStart(OpBuilder &sb, Location l,
                                                  Value seg) {
  return std::make_pair(
      Value(arith::MulIOp::create(
          sb, l, seg, arith::ConstantIndexOp::create(sb, l, qPerSegment))),
      mixedRadixOffset(sb, l, seg, a.segDims, a.segStrides));
}

/// The segments [lo, hi) that row tile [m0, m0 + rows) runs: all of them,
/// or without the window rows that read only padding for every row of the
/// tile (GemmOperandA::paddingRows). A tile that spans two images runs all.
std::pair<Value, Value> GemmEmitter::segmentRange(OpBuilder &nb, Value m0,
                                                  int64_t rows) {
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
}

/// The output column of vector `v` of the tile's panel.
Value GemmEmitter::columnOf(OpBuilder &nb, const Tile &t, int64_t v) {
  return arith::AddIOp::create(
      nb, loc, arith::MulIOp::create(nb, loc, t.panel, idx(nb, nr)),
      idx(nb, v * k.lanes));
}

SmallVector<Value> GemmEmitter::partialIndices(OpBuilder &nb, const Tile &t,
                                               int64_t r, int64_t v) {
  return SmallVector<Value>{arith::AddIOp::create(nb, loc, t.m0, idx(nb, r)),
                            columnOf(nb, t, v)};
}

/// Static epilogues start the accumulators at the per-channel offset
/// (correction + quantized bias) rather than adding it afterwards: the same
/// i32 sum, one add fewer per output vector. Later blocks of a blocked GEMM
/// resume from the partial sums.
SmallVector<Value> GemmEmitter::initialAccumulators(OpBuilder &tb,
                                                    const Tile &t,
                                                    Value isFirst) {
  SmallVector<Value> init(t.rows * t.nv, zeroAcc);
  if (!p.dynamic && !raw)
    for (int64_t v = 0; v < t.nv; ++v) {
      Value off = vector::LoadOp::create(tb, loc, accType, offsetsBuf,
                                         columnOf(tb, t, v));
      for (int64_t r = 0; r < t.rows; ++r)
        init[r * t.nv + v] = off;
    }
  if (!t.block)
    return init;
  auto resume = scf::IfOp::create(
      tb, loc, isFirst,
      [&](OpBuilder &ib, Location l) { scf::YieldOp::create(ib, l, init); },
      [&](OpBuilder &ib, Location l) {
        SmallVector<Value> loaded;
        for (int64_t r = 0; r < t.rows; ++r)
          for (int64_t v = 0; v < t.nv; ++v)
            loaded.push_back(vector::LoadOp::create(
                ib, l, accType, partialBuf, partialIndices(ib, t, r, v)));
        scf::YieldOp::create(ib, l, loaded);
      });
  return llvm::to_vector_of<Value>(resume.getResults());
}

/// The tile's row bases in A, B's panel, the prefetch distance, and at an
/// edge tile the rows of each tap.
void GemmEmitter::prepareRows(OpBuilder &tb, Tile &t) {
  for (int64_t r = 0; r < t.rows && convertTiles; ++r)
    t.rowBase.push_back(
        arith::AddIOp::create(tb, loc, convertBase, idx(tb, r * kPadded)));
  for (int64_t r = 0; r < t.rows && !convertTiles; ++r) {
    t.rowBase.push_back(mixedRadixOffset(
        tb, loc, arith::AddIOp::create(tb, loc, t.m0, idx(tb, r)), a.rowDims,
        a.rowStrides));
    if (batchIndex)
      t.rowBase.back() = arith::AddIOp::create(
          tb, loc, t.rowBase.back(),
          arith::MulIOp::create(tb, loc, batchIndex, idx(tb, a.batchStride)));
  }
  t.bPanel = batchIndex
                 ? arith::AddIOp::create(
                       tb, loc,
                       arith::MulIOp::create(tb, loc, batchIndex,
                                             idx(tb, panels)),
                       t.panel)
                       .getResult()
                 : t.panel;
  // One block ahead, at this tile's line of each group.
  if (t.block)
    t.prefetchAhead = arith::AddIOp::create(
        tb, loc, idx(tb, partLen * groupElems),
        arith::MulIOp::create(
            tb, loc,
            arith::RemUIOp::create(
                tb, loc,
                t.ordinal
                    ? t.ordinal
                    : arith::DivUIOp::create(tb, loc, t.m0, idx(tb, tileRows))
                          .getResult(),
                idx(tb, linesPerGroup)),
            idx(tb, lineElems)));
  t.allRows = llvm::to_vector(llvm::seq<int64_t>(0, t.rows));
  if (!t.owFirst)
    return;
  const GemmOperandA::PaddingCols &cols = *a.paddingCols;
  t.tapRows.resize(cols.taps);
  bool split = false;
  for (int64_t j = 0; j < cols.taps; ++j) {
    for (int64_t r = 0; r < t.rows; ++r)
      if (cols.readsInput(*t.owFirst + r, j))
        t.tapRows[j].push_back(r);
    split |= (int64_t)t.tapRows[j].size() != t.rows;
  }
  if (!split)
    t.tapRows.clear();
}

void GemmEmitter::emitTile(OpBuilder &tb, Tile &t) {
  OpBuilder::InsertionGuard tileGuard(tb);
  auto [segLo, segHi] = segmentRange(tb, t.m0, t.rows);
  // A block is this tile's first (accumulators start fresh) or last
  // (epilogue) within the tile's segments; blocks outside them are skipped.
  Value isFirst, isLast;
  if (const KBlock *block = t.block) {
    auto eq = [&](Value x, Value y) -> Value {
      return arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::eq, x, y);
    };
    auto both = [&](Value x, Value y) -> Value {
      return arith::AndIOp::create(tb, loc, x, y);
    };
    isFirst = both(eq(block->seg, segLo), eq(block->part, idx(tb, 0)));
    isLast =
        both(eq(block->seg, arith::SubIOp::create(tb, loc, segHi, idx(tb, 1))),
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
  t.nv = t.valid ? llvm::divideCeil(*t.valid, k.lanes) : k.vectors;
  SmallVector<Value> init = initialAccumulators(tb, t, isFirst);
  prepareRows(tb, t);
  SmallVector<Value> sums =
      rowView(tb, t, emitSegments(tb, t, segLo, segHi, tileView(tb, t, init)));
  OpBuilder::InsertionGuard guard(tb);
  if (t.block) {
    // Partial sums for the next block, or the epilogue after the last.
    auto ifLast = scf::IfOp::create(tb, loc, isLast, /*withElseRegion=*/true);
    tb.setInsertionPointToStart(&ifLast.getElseRegion().front());
    for (int64_t r = 0; r < t.rows; ++r)
      for (int64_t v = 0; v < t.nv; ++v)
        vector::StoreOp::create(tb, loc, sums[r * t.nv + v], partialBuf,
                                partialIndices(tb, t, r, v));
    tb.setInsertionPointToStart(&ifLast.getThenRegion().front());
  }
  emitEpilogue(tb, t, sums);
}

//===----------------------------------------------------------------------===//
// The K loop
//===----------------------------------------------------------------------===//

/// The tile's K loop: one block's range, the only segment, or a loop over
/// the tile's segments.
SmallVector<Value> GemmEmitter::emitSegments(OpBuilder &tb, const Tile &t,
                                             Value segLo, Value segHi,
                                             ValueRange init) {
  if (const KBlock *block = t.block)
    return segmentTaps(tb, t, block->q0, block->segBase, init, block->qBegin,
                       block->qEnd);
  if (segments == 1)
    return segmentTaps(tb, t, idx(tb, 0), idx(tb, 0), init);
  return llvm::to_vector_of<Value>(
      scf::ForOp::create(tb, loc, segLo, segHi, idx(tb, 1), init,
                         [&](OpBuilder &sb, Location l, Value seg,
                             ValueRange acc) {
                           auto [q0, segBase] = segmentStart(sb, l, seg);
                           scf::YieldOp::create(
                               sb, l, segmentTaps(sb, t, q0, segBase, acc));
                         })
          .getResults());
}

/// The groups [qBegin, qEnd) (default: all) of one segment: one K loop, or
/// at an edge tile one per run of taps with the same rows (within the
/// range), none for taps that no row reads input at.
SmallVector<Value> GemmEmitter::segmentTaps(OpBuilder &sb, const Tile &t,
                                            Value q0, Value segBase,
                                            ValueRange accInit, Value qBegin,
                                            Value qEnd) {
  int64_t u = k.laneGroups;
  // partLen is a multiple of u, so every block length is one when the
  // segment length is.
  bool ragged = qPerSegment % u != 0;
  if (t.tapRows.empty())
    return segmentLoop(sb, t, q0, segBase, accInit,
                       qBegin ? qBegin : idx(sb, 0),
                       qEnd ? qEnd : idx(sb, qPerSegment), t.allRows, ragged);
  int64_t tapLen = a.paddingCols->tapGroups;
  ragged |= tapLen % u != 0;
  SmallVector<Value> acc(accInit);
  const SmallVector<SmallVector<int64_t>> &tapRows = t.tapRows;
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
    acc = segmentLoop(sb, t, q0, segBase, acc, begin, end, tapRows[j], ragged);
  }
  return acc;
}

/// The K loop over the groups [begin, end) of one segment (starting at B's
/// group `q0` and A's offset `segBase`) for the rows `active`. With
/// lane-indexed dots, the groups go k.laneGroups at a time, then one at a
/// time for a remainder (only emitted when the range can be `ragged`).
SmallVector<Value>
GemmEmitter::segmentLoop(OpBuilder &sb, const Tile &t, Value q0, Value segBase,
                         ValueRange accInit, Value begin, Value end,
                         ArrayRef<int64_t> active, bool ragged) {
  auto body = [&](bool lanes) {
    return [&, lanes](OpBuilder &lb, Location l, Value q, ValueRange acc) {
      Value aOffset = arith::AddIOp::create(
          lb, l, segBase, arith::MulIOp::create(lb, l, q, idx(lb, kg)));
      Value at = arith::AddIOp::create(lb, l, q0, q);
      SmallVector<Value> next =
          lanes ? kStepLanes(lb, l, t, at, aOffset, active, acc)
                : kStep(lb, l, t, at, aOffset, active, acc);
      scf::YieldOp::create(lb, l, next);
    };
  };
  int64_t u = k.laneGroups;
  if (u <= 1)
    return llvm::to_vector_of<Value>(
        scf::ForOp::create(sb, loc, begin, end, idx(sb, 1), accInit,
                           body(false))
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
  auto main = scf::ForOp::create(sb, loc, begin, mainEnd, idx(sb, u), accInit,
                                 body(true));
  if (!ragged)
    return llvm::to_vector_of<Value>(main.getResults());
  return llvm::to_vector_of<Value>(
      scf::ForOp::create(sb, loc, mainEnd, end, idx(sb, 1), main.getResults(),
                         body(false))
          .getResults());
}

/// One k group of every row, broadcast from memory; `aOffset` is the
/// group's offset from the row base in A.
SmallVector<Value> GemmEmitter::kStep(OpBuilder &lb, Location l, const Tile &t,
                                      Value q, Value aOffset,
                                      ArrayRef<int64_t> active,
                                      ValueRange acc) {
  if (k.accRows > 1) {
    SmallVector<int64_t> groups;
    SmallVector<Value> operands =
        rowGroupOperands(lb, l, t, aOffset, active, groups);
    return dotGroup(lb, l, t, q, groups, operands, acc);
  }
  SmallVector<Value> bcast;
  for (int64_t r : active) {
    Value at = arith::AddIOp::create(lb, l, t.rowBase[r], aOffset);
    if (kg * k.bits == 32) {
      Value group = vector::LoadOp::create(lb, l, VectorType::get({kg}, opType),
                                           aBuf, at);
      Value word = vector::BitCastOp::create(
          lb, l, VectorType::get({1}, lb.getI32Type()), group);
      Value scalar =
          vector::ExtractOp::create(lb, l, word, ArrayRef<int64_t>{0});
      Value splat = vector::BroadcastOp::create(lb, l, accType, scalar);
      bcast.push_back(vector::BitCastOp::create(lb, l, opVec, splat));
    } else {
      Value scalar = memref::LoadOp::create(lb, l, aBuf, at);
      bcast.push_back(vector::BroadcastOp::create(lb, l, opVec, scalar));
    }
  }
  return dotGroup(lb, l, t, q, active, bcast, acc);
}

/// k.laneGroups k groups of every row from one vector load per row, each
/// group broadcast from its i32 lane (a lane-indexed dot: sdot's `v.4b[i]`
/// form), instead of one broadcast load per group and row.
SmallVector<Value> GemmEmitter::kStepLanes(OpBuilder &lb, Location l,
                                           const Tile &t, Value q,
                                           Value aOffset,
                                           ArrayRef<int64_t> active,
                                           ValueRange acc) {
  assert(k.accRows == 1 && "lane-indexed dots take one row per accumulator");
  int64_t u = k.laneGroups;
  SmallVector<Value> words;
  for (int64_t r : active) {
    Value at = arith::AddIOp::create(lb, l, t.rowBase[r], aOffset);
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
    next = dotGroup(lb, l, t, arith::AddIOp::create(lb, l, q, idx(lb, g)),
                    active, bcast, next);
  }
  return next;
}

/// One k group of every row: q indexes B's k groups, `bcast[i]` is row
/// active[i]'s group broadcast to every lane (with k.accRows > 1: row group
/// active[i]'s operand, see rowGroupOperands). B's operand of column block j
/// is its k.lanes / k.accRows columns' groups. A blocked GEMM prefetches its
/// line of the next block first.
SmallVector<Value> GemmEmitter::dotGroup(OpBuilder &lb, Location l,
                                         const Tile &t, Value q,
                                         ArrayRef<int64_t> active,
                                         ArrayRef<Value> bcast,
                                         ValueRange acc) {
  if (t.prefetchAhead) {
    Value at = arith::AddIOp::create(
        lb, l,
        arith::MulIOp::create(
            lb, l,
            arith::AddIOp::create(
                lb, l, arith::MulIOp::create(lb, l, t.bPanel, idx(lb, kq)), q),
            idx(lb, groupElems)),
        t.prefetchAhead);
    at = arith::MinUIOp::create(lb, l, at, idx(lb, bElems - 1));
    memref::PrefetchOp::create(lb, l, bFlat, ValueRange{at},
                               /*isWrite=*/false, /*localityHint=*/2,
                               /*isDataCache=*/true);
  }
  int64_t blocks = t.nv * k.accRows, width = k.lanes / k.accRows * kg;
  auto bType = VectorType::get({width}, opType);
  SmallVector<Value> wv;
  for (int64_t j = 0; j < blocks; ++j)
    wv.push_back(vector::LoadOp::create(
        lb, l, bType, bPacked, ValueRange{t.bPanel, q, idx(lb, j * width)}));
  SmallVector<Value> next(acc);
  for (auto [i, r] : llvm::enumerate(active))
    for (int64_t j = 0; j < blocks; ++j)
      next[r * blocks + j] =
          emitDot(lb, l, module, k, acc[r * blocks + j], bcast[i], wv[j]);
  return next;
}

/// With k.accRows > 1: the A operand of each row group (rows [g * R,
/// (g + 1) * R), R = k.accRows) that has a row in `active`: the R rows' k
/// groups at `aOffset`, one after the other. A group past the tile's last
/// row repeats that row (its accumulator lanes are never stored); a row of
/// an active group that is not itself active reads the canvas's padding,
/// which is zero in the kernel's domain (GemmOperandA::paddingCols), so its
/// lanes stay exact. `groups` receives the groups' indices.
SmallVector<Value>
GemmEmitter::rowGroupOperands(OpBuilder &lb, Location l, const Tile &t,
                              Value aOffset, ArrayRef<int64_t> active,
                              SmallVectorImpl<int64_t> &groups) {
  int64_t rowsPer = k.accRows;
  for (int64_t r : active)
    if (groups.empty() || groups.back() != r / rowsPer)
      groups.push_back(r / rowsPer);
  assert(rowsPer == 2 && "row groups of two rows");
  auto groupType = VectorType::get({kg}, opType);
  SmallVector<int64_t> both = llvm::to_vector(llvm::seq<int64_t>(0, 2 * kg));
  SmallVector<Value> operands;
  for (int64_t g : groups) {
    Value halves[2];
    for (int64_t i = 0; i < 2; ++i) {
      int64_t r = std::min(g * rowsPer + i, t.rows - 1);
      halves[i] = vector::LoadOp::create(
          lb, l, groupType, aBuf,
          ValueRange{arith::AddIOp::create(lb, l, t.rowBase[r], aOffset)});
    }
    operands.push_back(
        vector::ShuffleOp::create(lb, l, halves[0], halves[1], both));
  }
  return operands;
}

/// The tile's accumulators from the row view (t.rows x t.nv vectors of
/// k.lanes columns) into the K loop's layout (MicroKernel::accRows): with R
/// rows per accumulator and C = k.lanes / R columns, lane i * C + c of
/// block j of row group g is lane (j % R) * C + c of row g * R + i's vector
/// j / R. R = 1 is the row view itself.
SmallVector<Value> GemmEmitter::tileView(OpBuilder &tb, const Tile &t,
                                         ArrayRef<Value> rows) {
  int64_t rowsPer = k.accRows;
  if (rowsPer == 1)
    return SmallVector<Value>(rows);
  assert(rowsPer == 2 && "row groups of two rows");
  int64_t cols = k.lanes / rowsPer, groups = llvm::divideCeil(t.rows, rowsPer);
  SmallVector<Value> acc;
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t j = 0; j < t.nv * rowsPer; ++j) {
      int64_t v = j / rowsPer, first = (j % rowsPer) * cols;
      Value lo = rows[(g * rowsPer) * t.nv + v];
      Value hi = rows[std::min(g * rowsPer + 1, t.rows - 1) * t.nv + v];
      SmallVector<int64_t> mask;
      for (int64_t i = 0; i < rowsPer; ++i)
        for (int64_t c = 0; c < cols; ++c)
          mask.push_back(i * k.lanes + first + c);
      acc.push_back(vector::ShuffleOp::create(tb, loc, lo, hi, mask));
    }
  return acc;
}

/// The K loop's accumulators back in the row view (the inverse of
/// tileView; the rows past t.rows of a last group are dropped).
SmallVector<Value> GemmEmitter::rowView(OpBuilder &tb, const Tile &t,
                                        ArrayRef<Value> acc) {
  int64_t rowsPer = k.accRows;
  if (rowsPer == 1)
    return SmallVector<Value>(acc);
  int64_t cols = k.lanes / rowsPer, blocks = t.nv * rowsPer;
  SmallVector<Value> rows;
  for (int64_t r = 0; r < t.rows; ++r)
    for (int64_t v = 0; v < t.nv; ++v) {
      int64_t g = r / rowsPer, i = r % rowsPer;
      Value lo = acc[g * blocks + v * rowsPer];
      Value hi = acc[g * blocks + v * rowsPer + 1];
      SmallVector<int64_t> mask;
      for (int64_t half = 0; half < rowsPer; ++half)
        for (int64_t c = 0; c < cols; ++c)
          mask.push_back(half * k.lanes + i * cols + c);
      rows.push_back(vector::ShuffleOp::create(tb, loc, lo, hi, mask));
    }
  return rows;
}

} // namespace mlir::qnn::kernels::detail

namespace mlir::qnn::kernels {

/// Emits C = requantize(A * B) into a fresh [m][n] buffer, reading A as
/// `a` describes. Returns the result tensor.
Value emitGemm(OpBuilder &b, Location loc, Operation *anchor, StringRef name,
               const MicroKernel &k, const GemmProblem &p,
               const GemmOperandA &a) {
  return detail::GemmEmitter(b, loc, anchor, name, k, p, a).emit();
}

} // namespace mlir::qnn::kernels
