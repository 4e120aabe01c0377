//===- LazyWeights.cpp - 16-bit weights widened at first use ----*- C++ -*-===//
//
// qnn-compile --optimize-size (the module attribute `qnn.optimize_size`):
// the 16-bit kernels' packed weights (int16, and Winograd's transformed
// 3x3 weights, 16 per 9 taps) are not stored as constants. The object keeps
// the int8 weights (read-only data) and a zero-initialized int16 buffer of
// the packed shape (.bss, no file size); the first call widens (and for
// Winograd transforms) them into the buffer, then sets a flag. The buffer
// then holds exactly what the constant would have held, so the outputs are
// bit-identical. The flag is read and set with atomic read-modify-writes
// (acquire/release): a call that sees it set sees the whole buffer; calls
// that race on the very first use all fill the buffer, with the same bytes.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

bool optimizeSize(Operation *anchor) {
  return anchor->getParentOfType<ModuleOp>()->hasAttr(kOptimizeSizeAttr);
}

/// A private global named after `stem` (made unique), initialized to
/// `values`, returned as a memref value at the current insertion point.
static Value makeGlobal(OpBuilder &b, Location loc, Operation *anchor,
                        StringRef stem, DenseElementsAttr values,
                        bool constant) {
  if (constant)
    return constantGlobal(b, loc, anchor, stem, values);
  auto module = anchor->getParentOfType<ModuleOp>();
  auto tensorType = llvm::cast<RankedTensorType>(values.getType());
  auto memrefType =
      MemRefType::get(tensorType.getShape(), tensorType.getElementType());
  return privateGlobal(b, loc, module, stem, memrefType, values,
                       /*constant=*/false);
}

/// The i32 value of `src[at]` (i8).
static Value loadI32(OpBuilder &b, Location loc, Value src, Value at) {
  Value v = memref::LoadOp::create(b, loc, src, ValueRange{at});
  return arith::ExtSIOp::create(b, loc, b.getI32Type(), v);
}

/// The packed buffer `packedType` (i16, [rows][kq][nr * kg]) behind a flag:
/// on the first call `fill(builder, flat)` writes the flat view of the
/// buffer. Returns the buffer.
static Value lazyBuffer(OpBuilder &b, Location loc, Operation *anchor,
                        StringRef stem, RankedTensorType packedType,
                        function_ref<void(OpBuilder &, Value)> fill) {
  Value buffer = makeGlobal(
      b, loc, anchor, (stem + "_lazy").str(),
      DenseElementsAttr::get(packedType, b.getI16IntegerAttr(0)), false);
  auto flagType = RankedTensorType::get({1}, b.getI32Type());
  Value flag =
      makeGlobal(b, loc, anchor, (stem + "_ready").str(),
                 DenseElementsAttr::get(flagType, b.getI32IntegerAttr(0)),
                 false);
  Value zero = arith::ConstantIntOp::create(b, loc, 0, 32);
  Value one = arith::ConstantIntOp::create(b, loc, 1, 32);
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value ready = memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::ori,
                                            zero, flag, ValueRange{c0});
  Value cold =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, ready, zero);
  scf::IfOp::create(b, loc, cold, [&](OpBuilder &ib, Location l) {
    Value flat = memref::CollapseShapeOp::create(
        ib, l, buffer, ArrayRef<ReassociationIndices>{{0, 1, 2}});
    fill(ib, flat);
    memref::AtomicRMWOp::create(ib, l, arith::AtomicRMWKind::assign, one, flag,
                                ValueRange{c0});
    scf::YieldOp::create(ib, l);
  });
  return buffer;
}

static bool fitsInt8(ArrayRef<int64_t> values) {
  return llvm::all_of(values, [](int64_t v) { return v >= -128 && v <= 127; });
}

Value lazyPackedWeights(OpBuilder &b, Location loc, Operation *anchor,
                        StringRef stem, const GemmProblem &p,
                        RankedTensorType packedType, int64_t nr, int64_t kg) {
  if (packedType.getElementType() != b.getI16Type())
    return {};
  int64_t kq = packedType.getDimSize(1);
  if (p.winogradSource.empty()) {
    // Widening only: the packed layout in int8.
    if (!fitsInt8(p.weights))
      return {};
    SmallVector<int8_t> packed =
        packPanels<int8_t>(p.weights, p.batch, p.n, p.k, nr, kg);
    auto srcType = RankedTensorType::get({int64_t(packed.size())},
                                         b.getI8Type());
    Value src = constantGlobal(
        b, loc, anchor, (stem + "_int8").str(),
        DenseElementsAttr::get(srcType, ArrayRef<int8_t>(packed)));
    return lazyBuffer(b, loc, anchor, stem, packedType,
                      [&](OpBuilder &fb, Value flat) {
                        emitFor(fb, loc, packed.size(), 1,
                                [&](OpBuilder &lb, Value i) {
                                  Value v = memref::LoadOp::create(
                                      lb, loc, src, ValueRange{i});
                                  Value w = arith::ExtSIOp::create(
                                      lb, loc, lb.getI16Type(), v);
                                  memref::StoreOp::create(lb, loc, w, flat,
                                                          ValueRange{i});
                                });
                      });
  }
  // Winograd: the 9 taps of each packed position q of one problem, int8,
  // [q][9]; U = G g G^T (G scaled by 2, as winogradWeights) into problem e
  // = 4 i + j at e * perProblem + q.
  if (!fitsInt8(p.winogradSource) || p.batch != 16)
    return {};
  int64_t cin = p.winogradCin, n = p.n, cp = p.k;
  int64_t perProblem = packedType.getDimSize(0) / 16 * kq * nr * kg;
  SmallVector<int8_t> taps(perProblem * 9, 0);
  for (int64_t t = 0; t < 9; ++t) {
    SmallVector<int64_t> tap(n * cp, 0);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t c = 0; c < cin; ++c)
        tap[j * cp + c] = p.winogradSource[j * 9 * cin + t * cin + c];
    SmallVector<int8_t> packed = packPanels<int8_t>(tap, 1, n, cp, nr, kg);
    for (int64_t q = 0; q < perProblem; ++q)
      taps[q * 9 + t] = packed[q];
  }
  auto srcType = RankedTensorType::get({int64_t(taps.size())}, b.getI8Type());
  Value src =
      constantGlobal(b, loc, anchor, (stem + "_int8").str(),
                     DenseElementsAttr::get(srcType, ArrayRef<int8_t>(taps)));
  static const int64_t g2[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};
  return lazyBuffer(
      b, loc, anchor, stem, packedType, [&](OpBuilder &fb, Value flat) {
        emitFor(fb, loc, perProblem, 1, [&](OpBuilder &lb, Value q) {
          auto idx = [&](int64_t v) -> Value {
            return arith::ConstantIndexOp::create(lb, loc, v);
          };
          Value base = arith::MulIOp::create(lb, loc, q, idx(9));
          Value g[3][3];
          for (int64_t t = 0; t < 9; ++t)
            g[t / 3][t % 3] = loadI32(
                lb, loc, src, arith::AddIOp::create(lb, loc, base, idx(t)));
          // sum over nonzero coefficients c * x (c in {-1, 1, 2}).
          auto combine = [&](ArrayRef<int64_t> coef, ArrayRef<Value> x) {
            Value acc;
            for (auto [c, v] : llvm::zip(coef, x)) {
              if (!c)
                continue;
              Value term = v;
              if (c == 2)
                term = arith::AddIOp::create(lb, loc, v, v);
              if (!acc)
                acc = c < 0 ? arith::SubIOp::create(
                                  lb, loc,
                                  arith::ConstantIntOp::create(lb, loc, 0, 32),
                                  term)
                                  .getResult()
                            : term;
              else
                acc = c < 0 ? arith::SubIOp::create(lb, loc, acc, term)
                                  .getResult()
                            : arith::AddIOp::create(lb, loc, acc, term)
                                  .getResult();
            }
            return acc;
          };
          for (int64_t i = 0; i < 4; ++i) {
            Value row[3];
            for (int64_t x = 0; x < 3; ++x)
              row[x] = combine(g2[i], {g[0][x], g[1][x], g[2][x]});
            for (int64_t j = 0; j < 4; ++j) {
              Value u = combine(g2[j], {row[0], row[1], row[2]});
              Value at = arith::AddIOp::create(
                  lb, loc, q, idx((4 * i + j) * perProblem));
              memref::StoreOp::create(
                  lb, loc, arith::TruncIOp::create(lb, loc, lb.getI16Type(), u),
                  flat, ValueRange{at});
            }
          }
        });
      });
}

} // namespace mlir::qnn::kernels
