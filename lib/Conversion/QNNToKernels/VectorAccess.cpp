//===- VectorAccess.cpp - masked lanes and loops ----------------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "qnn/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

/// Loads the first `count` lanes of a `type` vector at `indices` (masked,
/// the other lanes 0, when the vector is not full).
Value loadLanes(OpBuilder &b, Location loc, VectorType type, Value in,
                ValueRange indices, int64_t count) {
  int64_t lanes = type.getNumElements();
  if (count == lanes)
    return vector::LoadOp::create(b, loc, type, in, indices);
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({lanes}, b.getI1Type()),
      b.getDenseI64ArrayAttr({count}));
  Value zeros = arith::ConstantOp::create(b, loc, b.getZeroAttr(type));
  return vector::MaskedLoadOp::create(b, loc, type, in, indices, mask, zeros);
}

/// Stores the first `count` lanes of `value` at `indices` (masked when the
/// vector is not full).
void storeLanes(OpBuilder &b, Location loc, Value value, Value out,
                ValueRange indices, int64_t count) {
  int64_t lanes = llvm::cast<VectorType>(value.getType()).getNumElements();
  if (count == lanes) {
    vector::StoreOp::create(b, loc, value, out, indices);
    return;
  }
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({lanes}, b.getI1Type()),
      b.getDenseI64ArrayAttr({count}));
  vector::MaskedStoreOp::create(b, loc, out, indices, mask, value);
}

/// `q` (an i32 vector) clamped to [lo, hi].
Value clampI32(OpBuilder &b, Location loc, Value q, int64_t lo, int64_t hi) {
  auto bound = [&](int64_t v) {
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(llvm::cast<ShapedType>(q.getType()),
                               b.getI32IntegerAttr(v)));
  };
  q = arith::MaxSIOp::create(b, loc, q, bound(lo));
  return arith::MinSIOp::create(b, loc, q, bound(hi));
}

/// An scf.for over [0, end) by `step` (no iteration arguments) around
/// `body(builder, iv)`.
static scf::ForOp createFor(OpBuilder &b, Location loc, int64_t end,
                            int64_t step,
                            function_ref<void(OpBuilder &, Value)> body) {
  return scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                     arith::ConstantIndexOp::create(b, loc, end),
                     arith::ConstantIndexOp::create(b, loc, step), ValueRange{},
                     [&](OpBuilder &lb, Location, Value iv, ValueRange) {
                       body(lb, iv);
                       scf::YieldOp::create(lb, loc);
                     });
}

void emitFor(OpBuilder &b, Location loc, int64_t end, int64_t step,
             function_ref<void(OpBuilder &, Value)> body) {
  createFor(b, loc, end, step, body);
}

scf::ForOp emitParallelFor(OpBuilder &b, Location loc, int64_t end,
                           int64_t step,
                           function_ref<void(OpBuilder &, Value)> body) {
  scf::ForOp loop = createFor(b, loc, end, step, body);
  loop->setAttr(kParallelLoopAttr, b.getUnitAttr());
  return loop;
}

/// `body(builder, start, count)` over [0, total) in chunks of `step`: a loop
/// over the whole chunks, then the remainder with its static count.
void forChunks(OpBuilder &b, Location loc, int64_t total, int64_t step,
               function_ref<void(OpBuilder &, Value, int64_t)> body,
               bool parallel) {
  int64_t full = total - total % step;
  auto chunk = [&](OpBuilder &lb, Value start) { body(lb, start, step); };
  if (full > 0 && parallel)
    emitParallelFor(b, loc, full, step, chunk);
  else if (full > 0)
    emitFor(b, loc, full, step, chunk);
  if (total % step)
    body(b, arith::ConstantIndexOp::create(b, loc, full), total % step);
}

} // namespace mlir::qnn::kernels
