//===- GemmEmitter.h - the packed GEMM loop nest's emitter ------*- C++ -*-===//
//
// The class behind emitGemm (Gemm.h), shared by its two translation units:
// GemmEmitter.cpp (buffers, constants, the loop nest, the K loop, the tile
// layout) and GemmEpilogue.cpp (the epilogue of a tile). Internal to
// lib/Conversion/QNNToKernels.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QNNTOKERNELS_GEMMEMITTER_H
#define QNN_LIB_CONVERSION_QNNTOKERNELS_GEMMEMITTER_H

#include "FoldedAdd.h"
#include "Gemm.h"

namespace mlir::qnn::kernels::detail {

/// The K range of one block of a blocked GEMM: B's groups [q0 + qBegin,
/// q0 + qEnd) of segment `seg` (part `part`), at A offset `segBase`.
struct KBlock {
  Value q0, segBase, qBegin, qEnd, seg, part;
};

/// One register tile: rows [m0, m0 + rows) x panel `panel`, and what its
/// K loop and epilogue share.
struct Tile {
  Value m0;
  int64_t rows;
  Value panel;
  /// The number of real columns when this is the partial last panel.
  std::optional<int64_t> valid;
  const KBlock *block = nullptr;
  /// The output column of the tile's first row, when the tile is emitted on
  /// its own in an output row (GemmOperandA::paddingCols).
  std::optional<int64_t> owFirst = std::nullopt;
  /// The tile's index among the panel's tiles (default m0 / rows).
  Value ordinal = {};
  /// Accumulator vectors per row: a partial last panel computes only the
  /// vectors it has columns in.
  int64_t nv = 0;
  /// Each row's offset in A, B's panel (problem-major in a batch), and the
  /// prefetch distance in B's elements of a blocked GEMM.
  SmallVector<Value> rowBase = {};
  Value bPanel = {}, prefetchAhead = {};
  /// At an edge tile, the rows that read input at each tap of a segment
  /// (empty when every row reads input at every tap); `allRows` otherwise.
  SmallVector<SmallVector<int64_t>> tapRows = {};
  SmallVector<int64_t> allRows = {};
};

/// Emits C = requantize(A * B) (see emitGemm).
class GemmEmitter {
public:
  GemmEmitter(OpBuilder &b, Location loc, Operation *anchor, StringRef name,
              const MicroKernel &k, const GemmProblem &p,
              const GemmOperandA &a);

  /// The whole GEMM; returns the result tensor.
  Value emit();

private:
  // Buffers and constants, in the order they are created.
  void createConstants();
  void createOperandA();
  void planKBlocks();
  void createOutput();
  void createVectorConstants();

  // Loop levels.
  void forPanels(OpBuilder &pb,
                 function_ref<void(OpBuilder &, Value, std::optional<int64_t>)>
                     body);
  void emitPanels(OpBuilder &pb);
  void emitBatch();
  int64_t panelRows(std::optional<int64_t> valid) const;
  void emitPanel(OpBuilder &pb, Value panel, std::optional<int64_t> valid);
  void emitRows(OpBuilder &pb, Value panel, std::optional<int64_t> valid,
                const KBlock *block);
  void emitRowsInOutputRows(OpBuilder &pb, Value panel,
                            std::optional<int64_t> valid, const KBlock *block);
  void emitConvertedRowTiles();
  void convertRows(OpBuilder &rb, Value m0, int64_t rows);
  void emitConvertedTile(OpBuilder &rb, Value m0, int64_t rows);
  void emitTile(OpBuilder &tb, Tile &t);

  // Parts of a tile.
  std::pair<Value, Value> segmentStart(OpBuilder &sb, Location l, Value seg);
  std::pair<Value, Value> segmentRange(OpBuilder &nb, Value m0, int64_t rows);
  Value columnOf(OpBuilder &nb, const Tile &t, int64_t v);
  SmallVector<Value> partialIndices(OpBuilder &nb, const Tile &t, int64_t r,
                                    int64_t v);
  SmallVector<Value> initialAccumulators(OpBuilder &tb, const Tile &t,
                                         Value isFirst);
  void prepareRows(OpBuilder &tb, Tile &t);

  // The K loop of a tile.
  SmallVector<Value> emitSegments(OpBuilder &tb, const Tile &t, Value segLo,
                                  Value segHi, ValueRange init);
  SmallVector<Value> segmentTaps(OpBuilder &sb, const Tile &t, Value q0,
                                 Value segBase, ValueRange accInit,
                                 Value qBegin = Value(), Value qEnd = Value());
  SmallVector<Value> segmentLoop(OpBuilder &sb, const Tile &t, Value q0,
                                 Value segBase, ValueRange accInit, Value begin,
                                 Value end, ArrayRef<int64_t> active,
                                 bool ragged);
  SmallVector<Value> kStep(OpBuilder &lb, Location l, const Tile &t, Value q,
                           Value aOffset, ArrayRef<int64_t> active,
                           ValueRange acc);
  SmallVector<Value> kStepLanes(OpBuilder &lb, Location l, const Tile &t,
                                Value q, Value aOffset,
                                ArrayRef<int64_t> active, ValueRange acc);
  SmallVector<Value> dotGroup(OpBuilder &lb, Location l, const Tile &t, Value q,
                              ArrayRef<int64_t> active, ArrayRef<Value> bcast,
                              ValueRange acc);
  SmallVector<Value> rowGroupOperands(OpBuilder &lb, Location l, const Tile &t,
                                      Value aOffset, ArrayRef<int64_t> active,
                                      SmallVectorImpl<int64_t> &groups);

  // The tile layout (MicroKernel::accRows).
  SmallVector<Value> tileView(OpBuilder &tb, const Tile &t,
                              ArrayRef<Value> rows);
  SmallVector<Value> rowView(OpBuilder &tb, const Tile &t, ArrayRef<Value> acc);

  // The epilogue of a tile.
  void emitEpilogue(OpBuilder &tb, const Tile &t, ArrayRef<Value> sums);
  void storeRawAccumulators(OpBuilder &tb, const Tile &t,
                            ArrayRef<Value> sums);
  void narrowRowPairs(OpBuilder &tb, const Tile &t, ArrayRef<Value> sums);
  void emitResidualEpilogue(OpBuilder &tb, const Tile &t,
                            ArrayRef<Value> sums);
  Value residualSum(OpBuilder &tb, Value acc, Value mult, Value row,
                    Value col, int64_t count);
  Value residualPairs(OpBuilder &tb, Value acc, Value mult, Value row,
                      Value col, const qnn_folded_add::FoldedAdd &f,
                      const qnn_folded_add::PairedAdd &pa);
  Value pairsSum(OpBuilder &tb, Value z1, const qnn_folded_add::FoldedAdd &f,
                 const qnn_folded_add::PairedAdd &pa);
  void residualPackedRow(OpBuilder &tb, ArrayRef<Value> acc,
                         ArrayRef<Value> mults, Value row, Value col,
                         const qnn_folded_add::FoldedAdd &f,
                         const qnn_folded_add::PairedAdd &pa);
  bool packsRows(const Tile &t) const;
  void emitPackedEpilogue(OpBuilder &tb, const Tile &t, ArrayRef<Value> sums);
  Value packRow(OpBuilder &tb, ArrayRef<Value> q, int64_t zeroPoint,
                bool isSigned, int64_t lo, int64_t hi);
  Value channelOrder(OpBuilder &tb, Value packed);
  void packRowStore(OpBuilder &tb, ArrayRef<Value> q, Value row, Value col,
                    int64_t zeroPoint, bool isSigned, int64_t lo, int64_t hi);

  Value idx(OpBuilder &nb, int64_t v) {
    return arith::ConstantIndexOp::create(nb, loc, v);
  }

  OpBuilder &b;
  Location loc;
  Operation *anchor;
  StringRef name;
  const MicroKernel &k;
  const GemmProblem &p;
  const GemmOperandA &a;
  ModuleOp module;
  Type opType;
  /// Panel width, k group, padded K and its groups, panels, padded N.
  int64_t nr, kg, kPadded, kq, panels, nPadded;
  /// The rows of the register tiles of the panel being emitted (panelRows).
  int64_t tileRows;
  bool raw, convertTiles;
  /// Every multiplier is at most 0.5 (GemmProblem::rounding).
  bool smallMultipliers;
  Value bPacked, offsetsBuf, multBuf, biasBuf, aBuf, bytesBuf;
  // K blocking (planKBlocks).
  int64_t segments, qPerSegment, parts, partLen;
  bool blocked;
  Value partialBuf, bFlat;
  int64_t groupElems, lineElems, linesPerGroup, bElems;
  Value residualBuf, outBuf;
  Type storage;
  SmallVector<int64_t> outShape;
  VectorType accType, opVec, f32Vec;
  Value zeroAcc, zpVec, xScaleVec, corrVec;
  /// Row-tile conversion: GemmOperandA::bytesSubtract in every lane; the
  /// groups of full row tiles, the tiles per group, the elements of a
  /// group's slice of aBuf, and the slice of the tile being emitted.
  Value subtractVec;
  int64_t convertGroups = 1, tilesPerGroup = 0, convertSlice = 0;
  Value convertBase;
  /// The problem of a batched GEMM (null when p.batch == 1), set by the
  /// batch loop.
  Value batchIndex;
};

} // namespace mlir::qnn::kernels::detail

#endif // QNN_LIB_CONVERSION_QNNTOKERNELS_GEMMEMITTER_H
