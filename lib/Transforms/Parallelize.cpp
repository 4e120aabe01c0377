//===- Parallelize.cpp - tagged kernel loops to scf.parallel ------------===//
//
// The kernel emitters (and qnn-tag-linalg-loops, for the linalg ops) tag
// the loops whose iterations are independent (they write disjoint parts of
// the output and share no scratch) with `qnn.parallel`. This pass picks, in each nest of tagged loops that does
// enough work, the one loop to split and rewrites it as scf.parallel;
// convert-scf-to-openmp makes that an OpenMP worksharing loop. Splitting
// one loop per nest keeps to a single level of parallel regions.
// qnn-inline-alloca-scopes removes the alloca scopes convert-scf-to-openmp
// puts around the bodies, before convert-scf-to-cf.
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/MathExtras.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_PARALLELIZE
#define GEN_PASS_DEF_INLINEALLOCASCOPES
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

int64_t saturatingAdd(int64_t a, int64_t b) {
  return llvm::SaturatingAdd<uint64_t>(a, b) >
                 (uint64_t)std::numeric_limits<int64_t>::max()
             ? std::numeric_limits<int64_t>::max()
             : a + b;
}

int64_t saturatingMul(int64_t a, int64_t b) {
  uint64_t r = llvm::SaturatingMultiply<uint64_t>(a, b);
  return r > (uint64_t)std::numeric_limits<int64_t>::max()
             ? std::numeric_limits<int64_t>::max()
             : (int64_t)r;
}

/// The trip count of an scf.for with constant bounds and step.
std::optional<int64_t> tripCount(scf::ForOp loop) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                         ub = getConstantIntValue(loop.getUpperBound()),
                         step = getConstantIntValue(loop.getStep());
  if (!lb || !ub || !step || *step <= 0)
    return std::nullopt;
  return *ub <= *lb ? 0 : (*ub - *lb + *step - 1) / *step;
}

/// Operations `op` executes: 1 plus its regions', loops with a constant
/// trip count multiplied by it, an scf.if its larger branch.
int64_t work(Operation *op) {
  auto regionWork = [](Region &r) {
    int64_t w = 0;
    for (Block &block : r)
      for (Operation &inner : block)
        w = saturatingAdd(w, work(&inner));
    return w;
  };
  int64_t w = 0;
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    w = regionWork(ifOp.getThenRegion());
    w = std::max(w, regionWork(ifOp.getElseRegion()));
  } else {
    for (Region &r : op->getRegions())
      w = saturatingAdd(w, regionWork(r));
  }
  if (auto loop = dyn_cast<scf::ForOp>(op))
    w = saturatingMul(w, tripCount(loop).value_or(1));
  return saturatingAdd(w, 1);
}

bool isTagged(Operation *op) {
  return isa<scf::ForOp>(op) && op->hasAttr(qnn::kParallelLoopAttr);
}

/// The tagged loops inside `root`'s regions that no other tagged loop
/// inside them encloses.
SmallVector<scf::ForOp> outermostTagged(Operation *root) {
  SmallVector<scf::ForOp> loops;
  for (Region &r : root->getRegions())
    r.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (!isTagged(op))
        return WalkResult::advance();
      loops.push_back(cast<scf::ForOp>(op));
      return WalkResult::skip();
    });
  return loops;
}

/// A tagged loop this pass can rewrite: constant bounds, no iteration
/// arguments; its trip count.
std::optional<int64_t> splittable(scf::ForOp loop) {
  if (loop.getNumResults() != 0)
    return std::nullopt;
  return tripCount(loop);
}

/// The most iterations of a splittable tagged loop in `loop`'s nest.
int64_t mostTrips(scf::ForOp loop) {
  int64_t most = splittable(loop).value_or(0);
  for (scf::ForOp inner : outermostTagged(loop))
    most = std::max(most, mostTrips(inner));
  return most;
}

/// `loop` as an scf.parallel with the same bounds and body.
void rewriteAsParallel(scf::ForOp loop) {
  OpBuilder b(loop);
  auto par = scf::ParallelOp::create(
      b, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = par.getBody();
  Block *old = loop.getBody();
  loop.getInductionVar().replaceAllUsesWith(par.getInductionVars()[0]);
  body->getOperations().splice(body->getTerminator()->getIterator(),
                               old->getOperations(), old->begin(),
                               std::prev(old->end()));
  loop.erase();
}

struct ParallelizePass : public qnn::impl::ParallelizeBase<ParallelizePass> {
  using Base::Base;

  /// Splits one loop of `loop`'s nest (see the pass description).
  void choose(scf::ForOp loop) {
    if (work(loop) < minWork)
      return;
    std::optional<int64_t> trips = splittable(loop);
    if (trips && *trips >= std::max<int64_t>(minTrips, 2)) {
      rewriteAsParallel(loop);
      return;
    }
    SmallVector<scf::ForOp> inner = outermostTagged(loop);
    int64_t below = 0;
    for (scf::ForOp i : inner)
      below = std::max(below, mostTrips(i));
    if (trips && *trips >= 2 && *trips >= below) {
      rewriteAsParallel(loop);
      return;
    }
    for (scf::ForOp i : inner)
      choose(i);
  }

  void runOnOperation() override {
    if (minTrips < 1 || minWork < 0) {
      getOperation().emitError()
          << "qnn-parallelize: min-trips must be at least 1 and min-work "
             "not negative";
      return signalPassFailure();
    }
    for (scf::ForOp loop : outermostTagged(getOperation()))
      choose(loop);
  }
};

struct InlineAllocaScopesPass
    : public qnn::impl::InlineAllocaScopesBase<InlineAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation().walk([&](memref::AllocaScopeOp scope) {
      bool allocates =
          scope->walk([](memref::AllocaOp) { return WalkResult::interrupt(); })
              .wasInterrupted();
      if (!allocates && scope.getBodyRegion().hasOneBlock())
        scopes.push_back(scope);
    });
    for (memref::AllocaScopeOp scope : scopes) {
      Block &body = scope.getBodyRegion().front();
      Operation *ret = body.getTerminator();
      scope->replaceAllUsesWith(ret->getOperands());
      scope->getBlock()->getOperations().splice(scope->getIterator(),
                                                body.getOperations(),
                                                body.begin(), ret->getIterator());
      scope->erase();
    }
  }
};

} // namespace
