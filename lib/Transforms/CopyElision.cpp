//===- CopyElision.cpp - write buffers in place of their final copy -------===//
//
// After bufferization, a conv whose output feeds a padded consumer writes its
// result into a fresh buffer, and a `memref.copy` then moves it into the
// interior of the consumer's padded canvas (a subview of another buffer).
// Empty-tensor elimination cannot avoid that copy: the micro-kernels write
// memrefs from inside a tensor program, so their output is no destination
// operand. This pass removes such copies at the memref level: every access
// of the source buffer is redirected into the subview, with its indices
// re-linearized from the shape it used to the subview's shape, and the copy,
// the source buffer and its reshapes go away.
//
// It applies to `memref.copy %src, %subview` when
//  * %src is a statically shaped identity-layout `memref.alloc` %a of the
//    function's entry block, or expand_shape/collapse_shape views of it;
//  * %subview is a unit-stride static subview of another such alloc %c;
//  * every use of %a (through reshapes) is the copy, its dealloc, a memref or
//    vector load/store (vector accesses need the view's innermost dimension
//    to equal the subview's, so a vector stays in one row), or a linalg op
//    on a view of exactly the subview's shape; the writes all come before
//    the copy;
//  * before the copy, %c is only used through subviews disjoint from the
//    target (the canvas's border fills), so nothing else sees the region
//    the redirected writes now fill early;
//  * if %a is read after the copy (a residual), nothing writes %c after it.
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_COPYELISION
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// An indexed access (memref or vector load/store) of a view of the source.
struct Access {
  Operation *op;
  Value view;
  bool writes;
};

/// The memref operand and indices of an indexed access, or failure.
std::optional<std::pair<OpOperand *, MutableOperandRange>>
accessOperands(Operation *op) {
  if (auto o = dyn_cast<memref::LoadOp>(op))
    return std::make_pair(&o.getMemrefMutable(), o.getIndicesMutable());
  if (auto o = dyn_cast<memref::StoreOp>(op))
    return std::make_pair(&o.getMemrefMutable(), o.getIndicesMutable());
  if (auto o = dyn_cast<vector::LoadOp>(op))
    return std::make_pair(&o.getBaseMutable(), o.getIndicesMutable());
  if (auto o = dyn_cast<vector::StoreOp>(op))
    return std::make_pair(&o.getBaseMutable(), o.getIndicesMutable());
  if (auto o = dyn_cast<vector::MaskedLoadOp>(op))
    return std::make_pair(&o.getBaseMutable(), o.getIndicesMutable());
  if (auto o = dyn_cast<vector::MaskedStoreOp>(op))
    return std::make_pair(&o.getBaseMutable(), o.getIndicesMutable());
  return std::nullopt;
}

bool isVectorAccess(Operation *op) {
  return isa<vector::LoadOp, vector::StoreOp, vector::MaskedLoadOp,
             vector::MaskedStoreOp>(op);
}

/// A statically shaped, identity-layout alloc of `entry`.
memref::AllocOp plainAlloc(Value v, Block &entry) {
  auto alloc = v.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != &entry)
    return {};
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape() || !type.getLayout().isIdentity())
    return {};
  return alloc;
}

/// Whether the static boxes [offsets, offsets + sizes) of two subviews of
/// the same buffer are disjoint.
bool disjoint(memref::SubViewOp a, memref::SubViewOp b) {
  for (auto [oa, sa, ob, sb] :
       llvm::zip(a.getStaticOffsets(), a.getStaticSizes(), b.getStaticOffsets(),
                 b.getStaticSizes())) {
    if (ShapedType::isDynamic(oa) || ShapedType::isDynamic(ob) ||
        ShapedType::isDynamic(sa) || ShapedType::isDynamic(sb))
      return false;
    if (oa + sa <= ob || ob + sb <= oa)
      return true;
  }
  return false;
}

bool unitStrideStatic(memref::SubViewOp sv) {
  return llvm::all_of(sv.getStaticStrides(),
                      [](int64_t s) { return s == 1; }) &&
         llvm::none_of(sv.getStaticOffsets(), ShapedType::isDynamic) &&
         llvm::none_of(sv.getStaticSizes(), ShapedType::isDynamic);
}

/// The ops that may write through `v` or the views derived from it; false
/// when a user is not understood.
bool collectWriters(Value v, SmallVectorImpl<Operation *> &writers) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
      if (view.getViewSource() != v ||
          !collectWriters(user->getResult(0), writers))
        return false;
      continue;
    }
    if (isa<memref::DeallocOp, memref::LoadOp, vector::LoadOp,
            vector::MaskedLoadOp>(user))
      continue;
    if (auto copy = dyn_cast<memref::CopyOp>(user);
        copy && copy.getSource() == v)
      continue;
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
        linalgOp && linalgOp.isDpsInput(&use))
      continue;
    writers.push_back(user);
  }
  return true;
}

class CopyElisionPass : public qnn::impl::CopyElisionBase<CopyElisionPass> {
public:
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      Block &entry = func.getBody().front();
      SmallVector<memref::CopyOp> copies(entry.getOps<memref::CopyOp>());
      for (memref::CopyOp copy : copies)
        (void)elide(copy, entry);
    }
  }

private:
  /// The entry-block op that is or contains `op`.
  static Operation *topLevel(Operation *op, Block &entry) {
    return entry.findAncestorOpInBlock(*op);
  }

  LogicalResult elide(memref::CopyOp copy, Block &entry) {
    // Source: an alloc, possibly seen through reshapes.
    Value src = copy.getSource();
    Value root = src;
    while (Operation *def = root.getDefiningOp()) {
      if (!isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(def))
        break;
      root = def->getOperand(0);
    }
    memref::AllocOp source = plainAlloc(root, entry);
    auto target = copy.getTarget().getDefiningOp<memref::SubViewOp>();
    if (!source || !target || target->getBlock() != &entry ||
        !unitStrideStatic(target))
      return failure();
    memref::AllocOp canvas = plainAlloc(target.getSource(), entry);
    if (!canvas || canvas == source)
      return failure();
    auto targetType = llvm::cast<MemRefType>(target.getType());
    ArrayRef<int64_t> targetShape = targetType.getShape();
    if (targetShape != llvm::cast<MemRefType>(src.getType()).getShape() ||
        targetShape.empty())
      return failure();

    // Every use of the source, through its reshapes.
    SmallVector<Access> accesses;
    SmallVector<std::pair<OpOperand *, Value>> linalgOperands;
    SmallVector<Operation *> deallocs, reshapes;
    SmallVector<Value> worklist = {root};
    while (!worklist.empty()) {
      Value view = worklist.pop_back_val();
      auto viewType = llvm::cast<MemRefType>(view.getType());
      for (OpOperand &use : view.getUses()) {
        Operation *user = use.getOwner();
        if (user == copy)
          continue;
        if (isa<memref::DeallocOp>(user)) {
          deallocs.push_back(user);
          continue;
        }
        if (isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(user)) {
          reshapes.push_back(user);
          worklist.push_back(user->getResult(0));
          continue;
        }
        if (auto linalgOp = dyn_cast<linalg::LinalgOp>(user)) {
          if (viewType.getShape() != targetShape)
            return failure();
          linalgOperands.push_back({&use, view});
          accesses.push_back({user, view, !linalgOp.isDpsInput(&use)});
          continue;
        }
        auto operands = accessOperands(user);
        if (!operands || operands->first != &use)
          return failure();
        if (isVectorAccess(user) &&
            viewType.getShape().back() != targetShape.back())
          return failure();
        accesses.push_back(
            {user, view,
             isa<memref::StoreOp, vector::StoreOp, vector::MaskedStoreOp>(
                 user)});
      }
    }

    // Order: writes of the source before the copy; reads after it only if
    // nothing writes the canvas after the copy.
    Operation *copyTop = copy;
    bool readAfter = false;
    for (const Access &a : accesses) {
      Operation *top = topLevel(a.op, entry);
      if (!top)
        return failure();
      bool after = copyTop->isBeforeInBlock(top);
      if (after && a.writes)
        return failure();
      readAfter |= after;
    }
    // The canvas before the copy: only disjoint subviews (the border fills).
    for (OpOperand &use : canvas->getUses()) {
      Operation *user = use.getOwner();
      if (user == target)
        continue;
      Operation *top = topLevel(user, entry);
      if (!top || !top->isBeforeInBlock(copyTop))
        continue;
      auto sv = dyn_cast<memref::SubViewOp>(user);
      if (!sv || !disjoint(sv, target))
        return failure();
    }
    if (readAfter) {
      SmallVector<Operation *> writers;
      if (!collectWriters(canvas, writers))
        return failure();
      for (Operation *w : writers) {
        Operation *top = topLevel(w, entry);
        if (!top || (top != copyTop && copyTop->isBeforeInBlock(top)))
          return failure();
      }
    }

    // Rewrite: the canvas and its subview move up to the source's alloc,
    // the accesses go to the subview, the rest is erased.
    if (source->isBeforeInBlock(canvas))
      canvas->moveBefore(source);
    target->moveAfter(canvas);
    Value dest = target.getResult();
    for (auto [operand, view] : linalgOperands)
      operand->set(dest);
    for (const Access &a : accesses) {
      auto operands = accessOperands(a.op);
      if (!operands)
        continue;
      OpBuilder b(a.op);
      SmallVector<Value> indices = remap(
          b, a.op->getLoc(), llvm::to_vector(ValueRange(operands->second)),
          llvm::cast<MemRefType>(a.view.getType()).getShape(), targetShape);
      operands->first->set(dest);
      operands->second.assign(indices);
    }
    copy->erase();
    for (Operation *d : deallocs)
      d->erase();
    for (Operation *r : llvm::reverse(reshapes))
      r->erase();
    source->erase();
    return success();
  }

  /// `indices` into a row-major `from` shape as indices into `to` (same
  /// number of elements; all indices are in bounds, hence unsigned division).
  /// A common innermost dimension is kept as is, unit dimensions of `to` get
  /// a constant 0 and its outermost other dimension no remainder.
  static SmallVector<Value> remap(OpBuilder &b, Location loc,
                                  SmallVector<Value> indices,
                                  ArrayRef<int64_t> from,
                                  ArrayRef<int64_t> to) {
    if (from == to)
      return indices;
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value last;
    if (from.back() == to.back()) {
      last = indices.pop_back_val();
      from = from.drop_back();
      to = to.drop_back();
    }
    Value linear;
    for (auto [index, dim] : llvm::zip(indices, from))
      linear =
          linear
              ? arith::AddIOp::create(
                    b, loc,
                    arith::MulIOp::create(b, loc, linear, constant(dim)), index)
                    .getResult()
              : index;
    SmallVector<Value> result(to.size());
    const int64_t *outermost =
        llvm::find_if(to, [](int64_t d) { return d != 1; });
    Value rest = linear ? linear : constant(0);
    for (int64_t k = static_cast<int64_t>(to.size()) - 1; k >= 0; --k) {
      if (to[k] == 1) {
        result[k] = constant(0);
      } else if (&to[k] == outermost) {
        result[k] = rest;
      } else {
        result[k] = arith::RemUIOp::create(b, loc, rest, constant(to[k]));
        rest = arith::DivUIOp::create(b, loc, rest, constant(to[k]));
      }
    }
    if (last)
      result.push_back(last);
    return result;
  }
};

} // namespace
