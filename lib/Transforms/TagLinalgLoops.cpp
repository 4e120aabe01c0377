//===- TagLinalgLoops.cpp - linalg to loops, parallel ones tagged --------===//
//
// convert-linalg-to-loops for objects compiled with threads: the same scf.for
// nests (linalg::linalgOpToLoops), and the loops of the op's leading
// parallel dimensions that index every output get the `qnn.parallel` tag
// the kernel emitters put on theirs, so qnn-parallelize may split them
// (pooling, elementwise ops and residual adds, requantization, copies: the
// ops lowered through qnn-to-linalg).
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_TAGLINALGLOOPS
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

/// The leading dimensions of `op` whose iterations write disjoint parts of
/// every output: parallel, and a result of every output's indexing map
/// (which must be a projected permutation); a reduction ends them.
unsigned leadingParallelDims(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned n = 0;
  for (; n < iterators.size(); ++n) {
    if (iterators[n] != utils::IteratorType::parallel)
      break;
    bool indexesEveryOutput = llvm::all_of(
        op.getDpsInitsMutable(), [&](OpOperand &init) {
          AffineMap map = op.getMatchingIndexingMap(&init);
          return map.isProjectedPermutation() &&
                 map.getResultPosition(
                     getAffineDimExpr(n, op.getContext())).has_value();
        });
    if (!indexesEveryOutput)
      break;
  }
  return n;
}

struct TagLinalgLoopsPass
    : public qnn::impl::TagLinalgLoopsBase<TagLinalgLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      unsigned parallel = leadingParallelDims(op);
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops =
          linalg::linalgOpToLoops(rewriter, op);
      if (failed(loops)) {
        op->emitError("qnn-tag-linalg-loops: cannot lower to loops");
        return signalPassFailure();
      }
      // One loop per dimension, outermost first.
      if (loops->size() == op.getNumLoops())
        for (unsigned d = 0; d < parallel; ++d)
          (*loops)[d]->setAttr(qnn::kParallelLoopAttr, rewriter.getUnitAttr());
      rewriter.eraseOp(op);
    }
    // As convert-linalg-to-loops: the index maps folded, constants merged.
    RewritePatternSet patterns(&getContext());
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
