//===- Winograd.cpp - exact integer Winograd F(2x2, 3x3) --------*- C++ -*-===//

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

/// The batch of 16 GEMM weight matrices [e][n][cp] (e = 4 i + j) of the
/// direct problem `p` (weights [n][9 * cin], (tap, channel) order, in the
/// 16-bit kernels' centered domain), or nullopt when some output channel's
/// 4 * sum |x - zp| |w| could leave i32.
std::optional<SmallVector<int64_t>> winogradWeights(const GemmProblem &p,
                                                    const WinogradShape &s) {
  static const int64_t g2[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};
  SmallVector<int64_t> u(16 * p.n * s.cp, 0);
  for (int64_t j = 0; j < p.n; ++j) {
    int64_t bound = 0;
    for (int64_t c = 0; c < s.cin; ++c) {
      int64_t g[3][3];
      for (int64_t t = 0; t < 9; ++t) {
        g[t / 3][t % 3] = p.weights[j * p.k + t * s.cin + c];
        bound += std::abs(g[t / 3][t % 3]);
      }
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t jj = 0; jj < 4; ++jj) {
          int64_t v = 0;
          for (int64_t y = 0; y < 3; ++y)
            for (int64_t x = 0; x < 3; ++x)
              v += g2[i][y] * g[y][x] * g2[jj][x];
          u[((4 * i + jj) * p.n + j) * s.cp + c] = v;
        }
    }
    if (4 * 255 * bound > std::numeric_limits<int32_t>::max())
      return std::nullopt;
  }
  return u;
}

/// One row (or column) of B^T x: the Winograd input transform.
Value inputTransform(OpBuilder &b, Location loc, ArrayRef<Value> x, int64_t i) {
  switch (i) {
  case 0:
    return arith::SubIOp::create(b, loc, x[0], x[2]);
  case 1:
    return arith::AddIOp::create(b, loc, x[1], x[2]);
  case 2:
    return arith::SubIOp::create(b, loc, x[2], x[1]);
  default:
    return arith::SubIOp::create(b, loc, x[1], x[3]);
  }
}

/// One row (or column) of A^T m: the Winograd output transform.
Value outputTransform(OpBuilder &b, Location loc, ArrayRef<Value> m,
                      int64_t i) {
  if (i == 0)
    return arith::AddIOp::create(
        b, loc, arith::AddIOp::create(b, loc, m[0], m[1]), m[2]);
  return arith::SubIOp::create(b, loc,
                               arith::SubIOp::create(b, loc, m[1], m[2]), m[3]);
}

/// Tile t as (image, first output row, first output column).
static std::array<Value, 3> winogradTileOrigin(OpBuilder &nb, Location loc,
                                               Value t,
                                               const WinogradShape &s) {
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  Value x = arith::RemUIOp::create(nb, loc, t, idx(s.tilesX()));
  Value rest = arith::DivUIOp::create(nb, loc, t, idx(s.tilesX()));
  Value y = arith::RemUIOp::create(nb, loc, rest, idx(s.tilesY()));
  Value n = arith::DivUIOp::create(nb, loc, rest, idx(s.tilesY()));
  return std::array<Value, 3>{n, arith::MulIOp::create(nb, loc, y, idx(2)),
                              arith::MulIOp::create(nb, loc, x, idx(2))};
}

/// V[e][t][c] = (B^T d B)[e / 4][e % 4] over the canvas, `width` channels
/// at a time, as the batched GEMM's operand A (problem e at e * tiles * cp).
static GemmOperandA winogradInput(OpBuilder &b, Location loc,
                                  const MicroKernel &k, Value canvas,
                                  const WinogradShape &s) {
  Type opType = b.getIntegerType(k.bits);
  int64_t tiles = s.tiles(), width = k.lanes * k.kGroup;
  auto idx = [&](OpBuilder &nb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  auto tileOrigin = [&](OpBuilder &nb, Value t) {
    return winogradTileOrigin(nb, loc, t, s);
  };
  Value canvasBuf = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(shapeOf(canvas), opType), canvas,
      /*read_only=*/true);
  auto vType = MemRefType::get({16 * tiles * s.cp}, opType);
  Value vBuf = memref::AllocOp::create(b, loc, vType, b.getI64IntegerAttr(64));
  auto opVec = VectorType::get({width}, opType);
  emitParallelFor(b, loc, tiles, 1, [&](OpBuilder &tb, Value t) {
    std::array<Value, 3> origin = tileOrigin(tb, t);
    Value n = origin[0], y0 = origin[1], x0 = origin[2];
    emitFor(tb, loc, s.cp, width, [&](OpBuilder &cb, Value c) {
      Value d[4][4], rows[4][4];
      for (int64_t y = 0; y < 4; ++y)
        for (int64_t x = 0; x < 4; ++x)
          d[y][x] = vector::LoadOp::create(
              cb, loc, opVec, canvasBuf,
              ValueRange{n, arith::AddIOp::create(cb, loc, y0, idx(cb, y)),
                         arith::AddIOp::create(cb, loc, x0, idx(cb, x)), c});
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t x = 0; x < 4; ++x)
          rows[i][x] =
              inputTransform(cb, loc, {d[0][x], d[1][x], d[2][x], d[3][x]}, i);
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t j = 0; j < 4; ++j) {
          Value at = arith::AddIOp::create(
              cb, loc, arith::MulIOp::create(cb, loc, t, idx(cb, s.cp)),
              arith::AddIOp::create(cb, loc, c,
                                    idx(cb, (4 * i + j) * tiles * s.cp)));
          vector::StoreOp::create(cb, loc, inputTransform(cb, loc, rows[i], j),
                                  vBuf, at);
        }
    });
  });
  GemmOperandA a;
  a.flat = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(vType.getShape(), opType), vBuf,
      /*restrict=*/true, /*writable=*/true);
  a.rowDims = {tiles};
  a.rowStrides = {s.cp};
  a.segLen = s.cp;
  a.batchStride = tiles * s.cp;
  return a;
}

/// The conv of `p` (with `u` from winogradWeights) over the kernel-domain
/// canvas [batch][2 tilesY + 2][2 tilesX + 2][cp] (zero-padded): the input
/// transform into V [16][tiles][cp], one batched GEMM of raw accumulators
/// M [16][tiles][n], and the output transform with the fused epilogue into
/// [batch * oh * ow][n] like emitGemm.
Value emitWinogradConv(OpBuilder &b, Location loc, Operation *anchor,
                       StringRef name, const MicroKernel &k,
                       const GemmProblem &p, SmallVector<int64_t> u,
                       Value canvas, const WinogradShape &s) {
  auto module = anchor->getParentOfType<ModuleOp>();
  int64_t tiles = s.tiles();
  auto idx = [&](OpBuilder &nb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  auto tileOrigin = [&](OpBuilder &nb, Value t) {
    return winogradTileOrigin(nb, loc, t, s);
  };
  // 1. The input transform.
  GemmOperandA a = winogradInput(b, loc, k, canvas, s);

  // 2. M[e][t][n] = V[e] U[e]: one batched GEMM, raw accumulators.
  GemmProblem g = p;
  g.residual.reset();
  g.batch = 16;
  g.rawAccumulators = true;
  g.m = tiles;
  g.k = s.cp;
  g.weights = std::move(u);
  if (optimizeSize(anchor)) {
    g.winogradCin = s.cin;
    g.winogradSource.resize(p.n * 9 * s.cin);
    for (int64_t j = 0; j < p.n; ++j)
      for (int64_t t = 0; t < 9 * s.cin; ++t)
        g.winogradSource[j * 9 * s.cin + t] = p.weights[j * p.k + t];
  }
  Value m = emitGemm(b, loc, anchor, name, k, g, a);
  int64_t nPadded = shapeOf(m)[1];

  // 3. Y = A^T M A >> 2 per tile, then the fused epilogue.
  Value mBuf = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(shapeOf(m), b.getI32Type()), m,
      /*read_only=*/true);
  Value offsetsBuf, multBuf;
  std::tie(offsetsBuf, multBuf) =
      epilogueConstants(b, loc, anchor, name, p, nPadded);
  int64_t pixels = s.oh * s.ow, rowsOut = s.batch * pixels;
  Value residualBuf;
  if (p.residual)
    residualBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get({rowsOut, p.n}, b.getI8Type()),
        p.residual->matrix, /*read_only=*/true);
  auto outType = MemRefType::get({rowsOut, p.n}, b.getIntegerType(p.out.width));
  Value outBuf =
      memref::AllocOp::create(b, loc, outType, b.getI64IntegerAttr(64));
  auto accType = VectorType::get({k.lanes}, b.getI32Type());
  auto f32Vec = VectorType::get({k.lanes}, b.getF32Type());
  Value zpVec = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(accType,
                             b.getI32IntegerAttr((int32_t)p.out.zeroPoint)));
  Value two = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(2)));
  emitParallelFor(b, loc, tiles, 1, [&](OpBuilder &tb, Value t) {
    std::array<Value, 3> origin = tileOrigin(tb, t);
    Value n = origin[0], y0 = origin[1], x0 = origin[2];
    Value rowBase = arith::AddIOp::create(
        tb, loc, arith::MulIOp::create(tb, loc, n, idx(tb, pixels)),
        arith::AddIOp::create(
            tb, loc, arith::MulIOp::create(tb, loc, y0, idx(tb, s.ow)), x0));
    // The second output row / column of a tile exists unless the output
    // size is odd and this is the last tile.
    auto inside = [&](OpBuilder &nb, Value origin, int64_t size) {
      return arith::CmpIOp::create(
          nb, loc, arith::CmpIPredicate::ult,
          arith::AddIOp::create(nb, loc, origin, idx(nb, 1)), idx(nb, size));
    };
    auto columns = [&](OpBuilder &cb, Value col, int64_t count) {
      Value mv[4][4], rows[2][4];
      for (int64_t e = 0; e < 16; ++e)
        mv[e / 4][e % 4] = vector::LoadOp::create(
            cb, loc, accType, mBuf,
            ValueRange{arith::AddIOp::create(cb, loc, t, idx(cb, e * tiles)),
                       col});
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t x = 0; x < 4; ++x)
          rows[i][x] = outputTransform(
              cb, loc, {mv[0][x], mv[1][x], mv[2][x], mv[3][x]}, i);
      Value off = vector::LoadOp::create(cb, loc, accType, offsetsBuf, col);
      Value mult = vector::LoadOp::create(cb, loc, f32Vec, multBuf, col);
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 2; ++j) {
          auto store = [&](OpBuilder &sb) {
            Value acc = arith::ShRSIOp::create(
                sb, loc, outputTransform(sb, loc, rows[i], j), two);
            Value row =
                arith::AddIOp::create(sb, loc, rowBase, idx(sb, i * s.ow + j));
            requantizeAndStore(sb, loc, module, p, acc, off, mult, zpVec,
                               residualBuf, outBuf, ValueRange{row, col},
                               count);
          };
          Value cond;
          if (i == 1 && s.oh % 2)
            cond = inside(cb, y0, s.oh);
          if (j == 1 && s.ow % 2) {
            Value c = inside(cb, x0, s.ow);
            cond =
                cond ? arith::AndIOp::create(cb, loc, cond, c).getResult() : c;
          }
          if (!cond) {
            store(cb);
            continue;
          }
          scf::IfOp::create(cb, loc, cond, [&](OpBuilder &ib, Location l) {
            store(ib);
            scf::YieldOp::create(ib, l);
          });
        }
    };
    forChunks(tb, loc, p.n, k.lanes, columns);
  });
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get({rowsOut, p.n}, outType.getElementType()),
      outBuf, /*restrict=*/true, /*writable=*/true);
}

} // namespace mlir::qnn::kernels
