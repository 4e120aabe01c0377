//===- FuseElementwise.cpp - fuse elementwise ops and transposes -*- C++ -*-===//
//
// Part of qnn's lowering pipeline: generalizes linalg.transpose and fuses
// elementwise linalg.generic producers into all-parallel consumers, so the
// layout changes around the micro-kernels merge with the elementwise ops
// between them (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "qnn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "qnn/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;

namespace {

bool isAllParallel(linalg::GenericOp op) {
  return op.getNumLoops() == op.getNumParallelLoops();
}

/// A generic that only moves data: one input, one output, the body yields
/// the input element (a transpose once generalized).
bool isPureCopy(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      !isAllParallel(op))
    return false;
  auto yield = llvm::cast<linalg::YieldOp>(op.getBody()->getTerminator());
  return yield.getNumOperands() == 1 &&
         yield.getOperand(0) == op.getBody()->getArgument(0);
}

bool resultTypeIsStatic(linalg::GenericOp op) {
  return llvm::cast<RankedTensorType>(op.getResult(0).getType())
      .hasStaticShape();
}

/// Fuse only where nothing is recomputed: the producer's single use is an
/// all-parallel consumer (not a pure copy: copies are sunk into their users
/// instead, see FoldCopyIntoUsers) reading it through a permutation.
bool shouldFuse(OpOperand *operand) {
  auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
  auto consumer = llvm::dyn_cast<linalg::GenericOp>(operand->getOwner());
  if (!producer || !consumer || !isAllParallel(producer) ||
      !isAllParallel(consumer) || isPureCopy(producer) ||
      isPureCopy(consumer) || !producer->hasOneUse())
    return false;
  return consumer.getMatchingIndexingMap(operand).isPermutation();
}

/// Users that can read through a layout change: all-parallel generics
/// taking the value as an input through a permutation.
bool isPermutedInputUse(OpOperand &use) {
  auto user = llvm::dyn_cast<linalg::GenericOp>(use.getOwner());
  return user && isAllParallel(user) && user.isDpsInput(&use) &&
         user.getMatchingIndexingMap(&use).isPermutation();
}

/// A pure copy through a permutation (a transpose) is folded into each
/// user that can read through it: the user reads the copy's input with the
/// composed map, so the copy is never materialized for it. Copies into
/// copies compose; an identity copy is then erased by canonicalization.
struct FoldCopyIntoUsers : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp copy,
                                PatternRewriter &rewriter) const override {
    if (!copy.hasPureTensorSemantics() || !isPureCopy(copy))
      return failure();
    AffineMap in = copy.getIndexingMapsArray()[0];
    if (!in.isPermutation() || !copy.getIndexingMapsArray()[1].isIdentity())
      return failure();
    Value source = copy.getDpsInputs()[0];
    bool changed = false;
    for (OpOperand &use :
         llvm::make_early_inc_range(copy.getResult(0).getUses())) {
      if (!isPermutedInputUse(use))
        continue;
      auto user = llvm::cast<linalg::GenericOp>(use.getOwner());
      SmallVector<AffineMap> maps = user.getIndexingMapsArray();
      unsigned index = use.getOperandNumber();
      maps[index] = in.compose(maps[index]);
      rewriter.modifyOpInPlace(user, [&] {
        use.set(source);
        user.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      });
      changed = true;
    }
    return success(changed);
  }
};

/// The permutation through which an elementwise generic reads all its
/// inputs, if it is not the identity and the generic can be recomputed in
/// its inputs' layout: all-parallel, no linalg.index, one result written
/// with the identity map and not read (an elementwise result), static.
std::optional<AffineMap> inputPermutation(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || !isAllParallel(op) ||
      op.getNumDpsInits() != 1 || op.getNumDpsInputs() == 0 ||
      !op.getBody()->getOps<linalg::IndexOp>().empty() ||
      !resultTypeIsStatic(op))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap perm = maps.front();
  if (!perm.isPermutation() || perm.isIdentity() || !maps.back().isIdentity())
    return std::nullopt;
  for (AffineMap m : ArrayRef(maps).drop_back())
    if (m != perm)
      return std::nullopt;
  if (op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)))
    return std::nullopt;
  return perm;
}

/// `op` (see inputPermutation) computed in its inputs' layout: a pure copy
/// is its input; anything else the same body with identity maps.
Value computeInInputLayout(PatternRewriter &rewriter, linalg::GenericOp op) {
  if (isPureCopy(op))
    return op.getDpsInputs()[0];
  Location loc = op.getLoc();
  auto resultType = llvm::cast<RankedTensorType>(op.getResult(0).getType());
  auto inType = llvm::cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  Value init = tensor::EmptyOp::create(rewriter, loc, inType.getShape(),
                                       resultType.getElementType());
  SmallVector<AffineMap> newMaps(
      op.getNumDpsInputs() + 1,
      rewriter.getMultiDimIdentityMap(resultType.getRank()));
  auto permuted = linalg::GenericOp::create(
      rewriter, loc, TypeRange{init.getType()}, op.getDpsInputs(),
      ValueRange{init}, newMaps, op.getIteratorTypesArray());
  rewriter.inlineRegionBefore(op.getRegion(), permuted.getRegion(),
                              permuted.getRegion().begin());
  return permuted.getResult(0);
}

/// A transpose (pure copy) of `permuted` back to `resultType`:
/// out[d] = permuted[perm(d)].
Value transposeBack(PatternRewriter &rewriter, Location loc, Value permuted,
                    AffineMap perm, RankedTensorType resultType) {
  int64_t rank = resultType.getRank();
  Value outInit = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          resultType.getElementType());
  auto transpose = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, permuted, outInit,
      SmallVector<AffineMap>{perm, rewriter.getMultiDimIdentityMap(rank)},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, args[0]);
      });
  return transpose.getResult(0);
}

/// An elementwise generic that reads all its inputs through one
/// non-identity permutation (a layout change fused into it) and whose users
/// are all elementwise generics is computed in its inputs' layout instead,
/// followed by a transpose to its result layout. The transpose is a pure
/// copy, which fusion then sinks into the users: layouts propagate through
/// chains of elementwise ops (a residual add between channels-last convs
/// stays channels-last).
struct SinkTransposes : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (isPureCopy(op))
      return failure();
    std::optional<AffineMap> perm = inputPermutation(op);
    if (!perm)
      return failure();
    // Only where the transpose will fold into every user, so it is never
    // materialized: all users read the result as an input through a
    // permutation.
    if (op.getResult(0).use_empty() ||
        !llvm::all_of(op.getResult(0).getUses(), isPermutedInputUse))
      return failure();
    auto resultType = llvm::cast<RankedTensorType>(op.getResult(0).getType());
    Location loc = op.getLoc();
    Value permuted = computeInInputLayout(rewriter, op);
    rewriter.replaceOp(
        op, transposeBack(rewriter, loc, permuted, *perm, resultType));
    return success();
  }
};

/// A tensor.concat whose operands all come from single-use elementwise
/// generics reading their inputs through one permutation (qnn.cat of
/// channels-last kernel outputs: each operand a transpose to NCHW, or its
/// requantization to the cat's qparams with the transpose fused in) is
/// computed in the inputs' layout: the generics without their transposes,
/// concatenated along the permuted dim, then one transpose to the result
/// layout, which folds into the users (the next kernel's channels-last
/// read). The values and their order along the concatenated dim are
/// unchanged.
struct SinkTransposesThroughConcat : OpRewritePattern<tensor::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ConcatOp concat,
                                PatternRewriter &rewriter) const override {
    std::optional<AffineMap> perm;
    SmallVector<linalg::GenericOp> producers;
    for (Value in : concat.getInputs()) {
      auto g = in.getDefiningOp<linalg::GenericOp>();
      if (!g || !g->hasOneUse())
        return failure();
      std::optional<AffineMap> p = inputPermutation(g);
      if (!p || (perm && *p != *perm))
        return failure();
      perm = p;
      producers.push_back(g);
    }
    auto resultType = llvm::cast<RankedTensorType>(concat.getType());
    if (!perm || !resultType.hasStaticShape())
      return failure();
    std::optional<unsigned> dim = perm->getResultPosition(
        rewriter.getAffineDimExpr(concat.getDim()));
    if (!dim)
      return failure();
    SmallVector<Value> permuted;
    for (linalg::GenericOp g : producers)
      permuted.push_back(computeInInputLayout(rewriter, g));
    Location loc = concat.getLoc();
    Value joined = tensor::ConcatOp::create(rewriter, loc, *dim, permuted);
    rewriter.replaceOp(concat,
                       transposeBack(rewriter, loc, joined, *perm, resultType));
    for (linalg::GenericOp g : producers)
      if (g->use_empty())
        rewriter.eraseOp(g);
    return success();
  }
};

/// The permutation through which a pure copy reads its input, if the copy
/// writes its result with the identity map (a transpose once generalized):
/// result[d] = input[e] where d_{map.getDimPosition(e)} is index e.
std::optional<AffineMap> copyPermutation(Value v) {
  auto copy = v.getDefiningOp<linalg::GenericOp>();
  if (!copy || !copy.hasPureTensorSemantics() || !isPureCopy(copy) ||
      !resultTypeIsStatic(copy))
    return std::nullopt;
  SmallVector<AffineMap> maps = copy.getIndexingMapsArray();
  if (!maps[0].isPermutation() || !maps[1].isIdentity())
    return std::nullopt;
  return maps[0];
}

/// A pure copy of `input` into a new tensor of `shape`, reading it through
/// `map` (the result written with the identity map).
Value permutedCopy(PatternRewriter &rewriter, Location loc, Value input,
                   AffineMap map, ArrayRef<int64_t> shape) {
  Type element = llvm::cast<RankedTensorType>(input.getType()).getElementType();
  Value init = tensor::EmptyOp::create(rewriter, loc, shape, element);
  int64_t rank = shape.size();
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{init.getType()}, input, init,
             SmallVector<AffineMap>{map, rewriter.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &b, Location l, ValueRange args) {
               linalg::YieldOp::create(b, l, args[0]);
             })
      .getResult(0);
}

/// The reassociation of a static tensor.reshape that splits one dim of its
/// source into `m` > 1 dims (`expand`) or merges `m` > 1 dims into one
/// (`!expand`), leaving the others alone: the position of that group in the
/// larger shape, and m.
std::optional<std::pair<int64_t, int64_t>> oneGroupReshape(tensor::ReshapeOp op,
                                                           bool expand) {
  auto src = llvm::cast<RankedTensorType>(op.getSource().getType());
  auto dst = llvm::cast<RankedTensorType>(op.getResult().getType());
  if (!src.hasStaticShape() || !dst.hasStaticShape())
    return std::nullopt;
  auto [small, large] = expand ? std::pair(src, dst) : std::pair(dst, src);
  if (large.getRank() <= small.getRank())
    return std::nullopt;
  std::optional<SmallVector<ReassociationIndices>> groups =
      getReassociationIndicesForReshape(small, large);
  if (!groups)
    return std::nullopt;
  std::optional<std::pair<int64_t, int64_t>> found;
  for (const ReassociationIndices &g : *groups) {
    if (g.size() == 1)
      continue;
    if (found)
      return std::nullopt;
    found = std::pair(g.front(), static_cast<int64_t>(g.size()));
  }
  return found;
}

/// A permutation of the sub-dims of one dim (reshape splitting it, a
/// transpose among its parts, reshape merging them back: shufflenet's
/// channel shuffle) of a tensor that is itself a transpose of `src` (the
/// NCHW view of a channels-last kernel output) is done on `src`: split the
/// same dim of `src`, permute its parts there, merge them, and transpose
/// the result as before. The transpose then folds into the users (the next
/// kernels' channels-last reads, a channels-last concat), so the shuffle is
/// one channels-last copy instead of gathers through NCHW.
struct PermuteSubDimsBeforeTranspose : OpRewritePattern<tensor::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    // Matched on either reshape: the split changes when its source does
    // (a concat moved channels-last), the merge when the transpose between
    // them is generalized.
    if (succeeded(rewrite(op, rewriter)))
      return success();
    if (!op->hasOneUse())
      return failure();
    auto shuffle = llvm::dyn_cast<linalg::GenericOp>(*op->user_begin());
    if (!shuffle || !shuffle->hasOneUse())
      return failure();
    auto merge = llvm::dyn_cast<tensor::ReshapeOp>(*shuffle->user_begin());
    return merge ? rewrite(merge, rewriter) : failure();
  }

private:
  static LogicalResult rewrite(tensor::ReshapeOp merge,
                               PatternRewriter &rewriter) {
    auto shuffle = merge.getSource().getDefiningOp<linalg::GenericOp>();
    std::optional<AffineMap> inner = copyPermutation(merge.getSource());
    if (!inner)
      return failure();
    auto split = shuffle.getDpsInputs()[0].getDefiningOp<tensor::ReshapeOp>();
    if (!split)
      return failure();
    std::optional<AffineMap> outer = copyPermutation(split.getSource());
    std::optional<std::pair<int64_t, int64_t>> splitGroup =
        oneGroupReshape(split, /*expand=*/true);
    std::optional<std::pair<int64_t, int64_t>> mergeGroup =
        oneGroupReshape(merge, /*expand=*/false);
    if (!outer || !splitGroup || splitGroup != mergeGroup ||
        merge.getType() != split.getSource().getType())
      return failure();
    auto [first, parts] = *splitGroup;
    // The shuffle moves parts of the group among themselves only.
    for (unsigned e = 0; e < inner->getNumResults(); ++e) {
      int64_t d = inner->getDimPosition(e);
      bool inGroup = e >= first && e < first + parts;
      bool dInGroup = d >= first && d < first + parts;
      if (inGroup != dInGroup || (!inGroup && d != e))
        return failure();
    }
    // `src` index q holds the transpose's result dim `first`.
    Value src = split.getSource().getDefiningOp<linalg::GenericOp>()
                    .getDpsInputs()[0];
    auto srcType = llvm::cast<RankedTensorType>(src.getType());
    int64_t rank = srcType.getRank(), q = -1;
    for (int64_t e = 0; e < rank; ++e)
      if (outer->getDimPosition(e) == first)
        q = e;
    ArrayRef<int64_t> splitShape = split.getResult().getType().getShape();
    ArrayRef<int64_t> shuffledShape =
        llvm::cast<RankedTensorType>(shuffle.getResult(0).getType()).getShape();
    // One group per `src` dim; dim q splits into the shuffle's parts.
    SmallVector<ReassociationIndices> groups;
    SmallVector<int64_t> splitSrc, shuffledSrc;
    for (int64_t e = 0, at = 0; e < rank; ++e) {
      ReassociationIndices g;
      for (int64_t i = 0; i < (e == q ? parts : 1); ++i) {
        g.push_back(at++);
        splitSrc.push_back(e == q ? splitShape[first + i]
                                  : srcType.getDimSize(e));
        shuffledSrc.push_back(e == q ? shuffledShape[first + i]
                                     : srcType.getDimSize(e));
      }
      groups.push_back(g);
    }
    SmallVector<AffineExpr> reads;
    int64_t splitRank = splitSrc.size();
    for (int64_t e = 0; e < splitRank; ++e) {
      int64_t d = e;
      if (e >= q && e < q + parts)
        d = q + inner->getDimPosition(first + (e - q)) - first;
      reads.push_back(rewriter.getAffineDimExpr(d));
    }
    Location loc = merge.getLoc();
    auto splitType = RankedTensorType::get(splitSrc, srcType.getElementType());
    Value splitValue =
        tensor::ExpandShapeOp::create(rewriter, loc, splitType, src, groups);
    Value shuffled = permutedCopy(
        rewriter, loc, splitValue,
        AffineMap::get(splitRank, 0, reads, rewriter.getContext()),
        shuffledSrc);
    Value merged =
        tensor::CollapseShapeOp::create(rewriter, loc, srcType, shuffled, groups);
    rewriter.replaceOp(merge, permutedCopy(rewriter, loc, merged, *outer,
                                           merge.getType().getShape()));
    return success();
  }
};

/// Slices of a transpose (pure copy) whose users are all such slices (the
/// chunks after the channel shuffle) are transposes of slices of its input:
/// each slice copies only its part, and its transpose folds into its users.
struct SliceBeforeTranspose : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractSliceOp slice,
                                PatternRewriter &rewriter) const override {
    std::optional<AffineMap> perm = copyPermutation(slice.getSource());
    RankedTensorType type = slice.getType();
    if (!perm || !type.hasStaticShape() ||
        type.getRank() != slice.getSourceType().getRank())
      return failure();
    Value copy = slice.getSource();
    if (!llvm::all_of(copy.getUsers(), [](Operation *user) {
          auto s = llvm::dyn_cast<tensor::ExtractSliceOp>(user);
          return s && s.getType().getRank() == s.getSourceType().getRank();
        }))
      return failure();
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (unsigned e = 0; e < perm->getNumResults(); ++e) {
      unsigned d = perm->getDimPosition(e);
      offsets.push_back(slice.getMixedOffsets()[d]);
      sizes.push_back(slice.getMixedSizes()[d]);
      strides.push_back(slice.getMixedStrides()[d]);
    }
    Location loc = slice.getLoc();
    Value input = copy.getDefiningOp<linalg::GenericOp>().getDpsInputs()[0];
    Value part = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets,
                                                sizes, strides);
    rewriter.replaceOp(
        slice, permutedCopy(rewriter, loc, part, *perm, type.getShape()));
    return success();
  }
};

/// A pooling_nhwc_sum over the whole image (the mean of adaptive_avg_pool2d
/// to 1x1) runs its window loops outside the channel loop: loops
/// (n, oh, ow, kh, kw, c) instead of (n, oh, ow, c, kh, kw), so the
/// innermost loop adds a contiguous row of channels to the sums and
/// vectorizes, instead of one scalar sum of the whole window per channel.
/// Each channel's sum still adds its elements in the same order (and
/// integer sums are exact anyway).
struct GlobalSumChannelsInnermost
    : OpRewritePattern<linalg::PoolingNhwcSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::PoolingNhwcSumOp op,
                                PatternRewriter &rewriter) const override {
    auto out = llvm::dyn_cast<RankedTensorType>(op.getResult(0).getType());
    if (!op.hasPureTensorSemantics() || !out || !out.hasStaticShape() ||
        out.getDimSize(1) != 1 || out.getDimSize(2) != 1)
      return failure();
    FailureOr<linalg::GenericOp> generic =
        linalg::generalizeNamedOp(rewriter, op);
    if (failed(generic))
      return failure();
    return linalg::interchangeGenericOp(rewriter, *generic, {0, 1, 2, 4, 5, 3});
  }
};

struct GeneralizeTranspose : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    return linalg::generalizeNamedOp(rewriter, op);
  }
};

/// A static tensor.pad with a constant value as an empty canvas, fills of
/// its border slabs only, and an insert_slice of the source: after
/// eliminate-empty-tensors the source's producer writes the interior in
/// place and nothing is written twice (a whole-canvas fill would write the
/// interior first). The slabs are disjoint: for dim d, the positions
/// outside the source along d, inside it along the dims before d.
struct PadAsBorderFills : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    Value value = pad.getConstantPaddingValue();
    RankedTensorType resultType = pad.getResultType();
    auto sourceType = llvm::cast<RankedTensorType>(pad.getSource().getType());
    if (!value || !resultType.hasStaticShape() ||
        !sourceType.hasStaticShape() || !pad.getLow().empty() ||
        !pad.getHigh().empty())
      return failure();
    ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
    ArrayRef<int64_t> res = resultType.getShape(), src = sourceType.getShape();
    Location loc = pad.getLoc();
    // A constant yielded from inside the pad's region goes with the region:
    // use a copy outside it (as upstream's DecomposePadOpPattern does; the
    // greedy driver usually hoists such constants before this runs).
    if (Operation *def = value.getDefiningOp();
        def && pad.getRegion().isAncestor(def->getParentRegion()))
      value = rewriter.clone(*def)->getResult(0);
    Type element = resultType.getElementType();
    Value canvas = tensor::EmptyOp::create(rewriter, loc, res, element);
    int64_t rank = res.size();
    auto fillSlab = [&](int64_t d, int64_t start, int64_t size) {
      SmallVector<int64_t> offsets, sizes;
      for (int64_t e = 0; e < rank; ++e) {
        if (e < d) {
          offsets.push_back(low[e]);
          sizes.push_back(src[e]);
        } else if (e == d) {
          offsets.push_back(start);
          sizes.push_back(size);
        } else {
          offsets.push_back(0);
          sizes.push_back(res[e]);
        }
      }
      Value slab = linalg::FillOp::create(rewriter, loc, value,
                                          ValueRange{tensor::EmptyOp::create(
                                              rewriter, loc, sizes, element)})
                       .getResult(0);
      canvas = tensor::InsertSliceOp::create(
          rewriter, loc, slab, canvas, ValueRange{}, ValueRange{}, ValueRange{},
          rewriter.getDenseI64ArrayAttr(offsets),
          rewriter.getDenseI64ArrayAttr(sizes),
          rewriter.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)));
    };
    for (int64_t d = 0; d < rank; ++d) {
      if (low[d] > 0)
        fillSlab(d, 0, low[d]);
      if (high[d] > 0)
        fillSlab(d, low[d] + src[d], high[d]);
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        pad, pad.getSource(), canvas, ValueRange{}, ValueRange{}, ValueRange{},
        rewriter.getDenseI64ArrayAttr(low), rewriter.getDenseI64ArrayAttr(src),
        rewriter.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)));
    return success();
  }
};

struct FuseElementwisePass
    : qnn::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<GeneralizeTranspose, SinkTransposes,
                 SinkTransposesThroughConcat, FoldCopyIntoUsers,
                 PermuteSubDimsBeforeTranspose, SliceBeforeTranspose,
                 GlobalSumChannelsInnermost>(
        &getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    patterns.add<PadAsBorderFills>(&getContext(), /*benefit=*/2);
    linalg::populateDecomposePadPatterns(patterns);
    // The patterns only match linalg and tensor ops, which sit in the
    // function's body (and in linalg bodies); the micro-kernels' loop nests
    // are already lowered, with most of a network's ops inside them. Each
    // round hands the driver only the ops outside those loops (the loop ops
    // themselves included), so it does not walk and try to fold every
    // kernel op again (the canonicalization before this pass did). Like
    // applyPatternsGreedily's iterations, rounds repeat (at most 10) until
    // one changes nothing: a rewrite can enable another on ops the driver
    // does not revisit (a concat whose operands' dead copies went away).
    FrozenRewritePatternSet frozen(std::move(patterns));
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::AnyOp)
        .setScope(&getOperation().getBody());
    for (int round = 0;; ++round) {
      if (round == 10)
        return signalPassFailure();
      SmallVector<Operation *> ops;
      getOperation()->walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (op == getOperation())
          return WalkResult::advance();
        ops.push_back(op);
        bool structured = isa<linalg::LinalgOp>(op) ||
                          isa<tensor::TensorDialect>(op->getDialect());
        return structured ? WalkResult::advance() : WalkResult::skip();
      });
      // The driver's worklist pops from the back: reversed, it visits the
      // ops in program order, so a rewrite that enables one downstream (a
      // concat moved channels-last, then the shuffle after it, then the
      // next concat reading its chunks) happens in the same round.
      std::reverse(ops.begin(), ops.end());
      bool changed = false;
      if (failed(applyOpPatternsGreedily(ops, frozen, config, &changed)))
        return signalPassFailure();
      if (!changed)
        return;
    }
  }
};

} // namespace
