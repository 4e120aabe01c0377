//===- Parallelize.cpp - tagged kernel loops to scf.parallel ------------===//
//
// The kernel emitters (and qnn-tag-linalg-loops, for the linalg ops) tag
// the loops whose iterations are independent (they write disjoint parts of
// the output and share no scratch) with `qnn.parallel`. This pass plans,
// for each nest of tagged loops, which of them to split (a cost model in
// estimated operations: the slowest thread's share of a split loop plus a
// fork and join per run, against the nest left serial or its inner tagged
// loops planned alone) and rewrites those as scf.parallel;
// convert-scf-to-openmp makes each an OpenMP worksharing loop. No split
// loop encloses another, so there is a single level of parallel regions.
// A GEMM's panel loop marked `qnn.split_rows` may instead have its row
// tiles dealt out in blocks around the panels and K blocks (hoistSplit), so
// that each thread keeps the same output rows from layer to layer.
// qnn-inline-alloca-scopes removes the alloca scopes convert-scf-to-openmp
// puts around the bodies, before convert-scf-to-cf.
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

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

/// An upper bound on `v - base` (index values), from the ops that compute
/// them: constants, additions of a constant, min and max (the kernels'
/// blocked K ranges run from `qBegin` to `min(qBegin + len, end)`), and
/// otherwise `v`'s largest value less `base`'s smallest.
std::optional<int64_t> maxDelta(Value v, Value base, int depth = 0);

/// The largest (`upper`) or smallest value `v` takes: constants, induction
/// variables of loops with constant bounds, sums, differences, products
/// and quotients by constants, min and max.
std::optional<int64_t> extreme(Value v, bool upper, int depth = 0) {
  if (depth > 8)
    return std::nullopt;
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return *c;
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (!loop || arg != loop.getInductionVar())
      return std::nullopt;
    std::optional<int64_t> lb = extreme(loop.getLowerBound(), false, depth + 1),
                           ub = extreme(loop.getUpperBound(), true, depth + 1);
    if (!upper)
      return lb;
    return ub ? std::optional<int64_t>(*ub - 1) : std::nullopt;
  }
  Operation *op = v.getDefiningOp();
  if (!op || op->getNumOperands() != 2)
    return std::nullopt;
  Value x = op->getOperand(0), y = op->getOperand(1);
  auto both = [&](bool ux, bool uy)
      -> std::optional<std::pair<int64_t, int64_t>> {
    std::optional<int64_t> a = extreme(x, ux, depth + 1),
                           b = extreme(y, uy, depth + 1);
    if (!a || !b)
      return std::nullopt;
    return std::make_pair(*a, *b);
  };
  int64_t r;
  if (isa<arith::AddIOp>(op))
    if (auto e = both(upper, upper);
        e && !llvm::AddOverflow(e->first, e->second, r))
      return r;
  if (isa<arith::SubIOp>(op)) {
    if (upper)
      return maxDelta(x, y, depth + 1);
    if (auto e = both(false, true);
        e && !llvm::SubOverflow(e->first, e->second, r))
      return r;
  }
  if (isa<arith::MulIOp>(op))
    if (std::optional<int64_t> c = getConstantIntValue(y); c && *c >= 0)
      if (std::optional<int64_t> a = extreme(x, upper, depth + 1);
          a && !llvm::MulOverflow(*a, *c, r))
        return r;
  if (isa<arith::DivUIOp>(op))
    if (std::optional<int64_t> c = getConstantIntValue(y); c && *c > 0)
      if (std::optional<int64_t> a = extreme(x, upper, depth + 1))
        return *a / *c;
  if (isa<arith::MinUIOp, arith::MinSIOp>(op)) {
    std::optional<int64_t> a = extreme(x, upper, depth + 1),
                           b = extreme(y, upper, depth + 1);
    if (upper && (a || b))
      return std::min(a.value_or(INT64_MAX), b.value_or(INT64_MAX));
    if (a && b)
      return std::min(*a, *b);
  }
  if (isa<arith::MaxUIOp, arith::MaxSIOp>(op)) {
    std::optional<int64_t> a = extreme(x, upper, depth + 1),
                           b = extreme(y, upper, depth + 1);
    if (!upper && (a || b))
      return std::max(a.value_or(INT64_MIN), b.value_or(INT64_MIN));
    if (a && b)
      return std::max(*a, *b);
  }
  return std::nullopt;
}

std::optional<int64_t> maxDelta(Value v, Value base, int depth) {
  if (depth > 8)
    return std::nullopt;
  if (v == base)
    return 0;
  auto opt = [](std::optional<int64_t> a, std::optional<int64_t> b,
                bool takeMin) -> std::optional<int64_t> {
    if (takeMin && (a || b))
      return std::min(a.value_or(INT64_MAX), b.value_or(INT64_MAX));
    if (a && b)
      return std::max(*a, *b);
    return std::nullopt;
  };
  if (Operation *op = v.getDefiningOp(); op && op->getNumOperands() == 2) {
    Value x = op->getOperand(0), y = op->getOperand(1);
    // min(x, y) - base <= min(x - base, y - base); max likewise.
    if (isa<arith::MinUIOp, arith::MinSIOp>(op))
      return opt(maxDelta(x, base, depth + 1), maxDelta(y, base, depth + 1),
                 true);
    if (isa<arith::MaxUIOp, arith::MaxSIOp>(op))
      return opt(maxDelta(x, base, depth + 1), maxDelta(y, base, depth + 1),
                 false);
    if (isa<arith::AddIOp>(op)) {
      if (x == base || y == base)
        return extreme(x == base ? y : x, true, depth + 1);
    }
  }
  // v - max(x, y) <= min(v - x, v - y).
  if (Operation *op = base.getDefiningOp();
      op && isa<arith::MaxUIOp, arith::MaxSIOp>(op))
    return opt(maxDelta(v, op->getOperand(0), depth + 1),
               maxDelta(v, op->getOperand(1), depth + 1), true);
  std::optional<int64_t> hi = extreme(v, true, depth + 1),
                         lo = extreme(base, false, depth + 1);
  int64_t delta;
  if (hi && lo && !llvm::SubOverflow(*hi, *lo, delta))
    return delta;
  return std::nullopt;
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

/// The trip count of an scf.for, or for dynamic bounds an upper bound on it
/// (maxDelta), else 1.
int64_t estimatedTrips(scf::ForOp loop) {
  if (std::optional<int64_t> trips = tripCount(loop))
    return *trips;
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  std::optional<int64_t> delta =
      maxDelta(loop.getUpperBound(), loop.getLowerBound());
  if (!step || *step <= 0 || !delta)
    return 1;
  return std::max<int64_t>(1, *delta / *step + (*delta % *step != 0));
}

/// Operations `op` executes: 1 plus its regions', loops multiplied by
/// their (estimated) trip count, an scf.if its larger branch.
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
    w = saturatingMul(w, estimatedTrips(loop));
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

/// How many times `inner`'s loop runs per run of `outer`, which encloses
/// it: the (estimated) trip counts of the loops between them, `outer`
/// included.
double instancesWithin(scf::ForOp outer, scf::ForOp inner) {
  double n = 1;
  for (Operation *p = inner->getParentOp(); p; p = p->getParentOp()) {
    if (auto loop = dyn_cast<scf::ForOp>(p))
      n *= (double)estimatedTrips(loop);
    if (p == outer.getOperation())
      break;
  }
  return n;
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

/// The tagged loop that `outer`'s body reaches through a chain of single
/// nested scf.for loops (tagged or not, e.g. a GEMM's K blocks between its
/// panels and its row tiles) whose bodies do nothing else but
/// memory-effect-free operations: the inner loop whose iterations can be
/// dealt out in blocks around the whole chain (`hoistSplit`), each block
/// running the chain's iterations in their order. Null if there is none
/// or a loop of the chain has iteration arguments or results.
scf::ForOp innerTaggedChain(scf::ForOp outer) {
  scf::ForOp cur = outer;
  while (true) {
    if (cur.getNumResults() != 0)
      return {};
    scf::ForOp next;
    for (Operation &op : cur.getBody()->without_terminator()) {
      if (auto loop = dyn_cast<scf::ForOp>(&op)) {
        if (next)
          return {};
        next = loop;
      } else if (!isMemoryEffectFree(&op)) {
        return {};
      }
    }
    if (!next)
      return {};
    if (isTagged(next))
      return next.getNumResults() == 0 && tripCount(next) ? next
                                                          : scf::ForOp();
    cur = next;
  }
}

/// A split of `inner`'s iterations hoisted around the nest `outer` (see
/// innerTaggedChain): the thread that runs a block of `inner`'s
/// iterations (e.g. a block of output rows) runs it for every iteration of
/// the loops around it (every panel and K block), in their order.
struct HoistedSplit {
  scf::ForOp outer, inner;
};

/// The loops to split in a nest, and the nest's estimated time with them
/// split (operations on the slowest of `threads` threads, plus the fork
/// and join of every parallel region run).
struct Plan {
  double cost = 0;
  SmallVector<scf::ForOp> splits;
  SmallVector<HoistedSplit> hoisted;
};

/// Rewrites `h.outer` as an scf.parallel over `blocks` blocks of
/// `h.inner`'s iterations (ceil(trips / blocks) each, in order), around a
/// copy of the nest whose `inner` loop runs the block's iterations.
void hoistSplit(HoistedSplit h, int64_t blocks) {
  scf::ForOp outer = h.outer, inner = h.inner;
  int64_t lb = *getConstantIntValue(inner.getLowerBound());
  int64_t step = *getConstantIntValue(inner.getStep());
  int64_t trips = *tripCount(inner);
  int64_t per = llvm::divideCeil(trips, blocks);
  blocks = llvm::divideCeil(trips, per);
  Location loc = outer.getLoc();
  OpBuilder b(outer);
  auto cst = [&](OpBuilder &ob, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(ob, loc, v);
  };
  auto par = scf::ParallelOp::create(b, loc, ValueRange{cst(b, 0)},
                                     ValueRange{cst(b, blocks)},
                                     ValueRange{cst(b, 1)});
  OpBuilder pb = OpBuilder::atBlockBegin(par.getBody());
  Value block = par.getInductionVars()[0];
  // [lb + block * per * step, min(lb + (block + 1) * per * step, ub)).
  Value first = cst(pb, lb), span = cst(pb, per * step);
  Value begin = arith::AddIOp::create(
      pb, loc, first, arith::MulIOp::create(pb, loc, block, span));
  Value next = arith::AddIOp::create(pb, loc, begin, span);
  Value end =
      arith::MinSIOp::create(pb, loc, next, cst(pb, lb + trips * step));
  outer->moveBefore(par.getBody()->getTerminator());
  inner.getLowerBoundMutable().assign(begin);
  inner.getUpperBoundMutable().assign(end);
}

struct ParallelizePass : public qnn::impl::ParallelizeBase<ParallelizePass> {
  using Base::Base;

  /// A fork and join, in operations: what makes splitting a loop with many
  /// iterations over `threads` threads pay off exactly at min-work
  /// operations (w / threads + fork < w).
  double forkCost() const {
    return (double)minWork * (double)(threads - 1) / (double)threads;
  }

  /// The cheapest plan for `loop`, run `instances` times: leave the nest
  /// serial, split `loop` (each thread gets at most ceil(trips / threads)
  /// iterations), for GEMM panels marked kSplitRowsAttr split their row
  /// tiles around them (hoistSplit), or plan each outermost tagged loop
  /// inside it on its own. Ties keep the row split, then the outer split
  /// (fewer forks), then serial.
  Plan plan(scf::ForOp loop, double instances) {
    double w = (double)work(loop);
    Plan best{instances * w, {}, {}};
    if (std::optional<int64_t> trips = splittable(loop); trips && *trips >= 2) {
      double share =
          (double)llvm::divideCeil(*trips, threads) / (double)*trips;
      double cost = instances * (w * share + forkCost());
      if (cost < best.cost)
        best = {cost, {loop}, {}};
    }
    // Or, for a GEMM's panels that kSplitRowsAttr marks, split the row
    // tiles around the whole nest (panels, K blocks): a thread then keeps
    // the same output rows for every panel and reads mostly the input rows
    // it wrote itself in the layer before. Preferred on a tie.
    if (scf::ForOp in = loop->hasAttr(qnn::kSplitRowsAttr)
                            ? innerTaggedChain(loop)
                            : scf::ForOp();
        in) {
      int64_t trips = *tripCount(in);
      double share =
          (double)llvm::divideCeil(trips, threads) / (double)trips;
      double cost = instances * (w * share + forkCost());
      if (trips >= 2 && cost <= best.cost)
        best = {cost, {}, {{loop, in}}};
    }
    SmallVector<scf::ForOp> inner = outermostTagged(loop);
    if (inner.empty())
      return best;
    Plan nested{instances * w, {}, {}};
    for (scf::ForOp i : inner) {
      double n = instances * instancesWithin(loop, i);
      Plan p = plan(i, n);
      nested.cost += p.cost - n * (double)work(i);
      nested.splits.append(p.splits);
      nested.hoisted.append(p.hoisted);
    }
    if (nested.cost < best.cost)
      best = std::move(nested);
    return best;
  }

  void runOnOperation() override {
    if (threads < 2 || minWork < 0) {
      getOperation().emitError()
          << "qnn-parallelize: threads must be at least 2 and min-work "
             "not negative";
      return signalPassFailure();
    }
    SmallVector<scf::ForOp> splits;
    SmallVector<HoistedSplit> hoisted;
    for (scf::ForOp loop : outermostTagged(getOperation())) {
      Plan p = plan(loop, 1);
      splits.append(p.splits);
      hoisted.append(p.hoisted);
    }
    for (scf::ForOp loop : splits)
      rewriteAsParallel(loop);
    for (HoistedSplit h : hoisted)
      hoistSplit(h, threads);
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
