//===- FuseModules.cpp - torch.ao.quantization.fuse_modules -----*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "qnn/Dialect/QNN/Transforms/BatchNormFolding.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_FUSEMODULES
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The single user of `op`'s only result, if it is an OpTy working on float.
template <typename OpTy>
OpTy getSoleFloatUser(Operation *op) {
  if (!op || op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return {};
  auto user = llvm::dyn_cast<OpTy>(*op->getResult(0).getUsers().begin());
  if (!user || isQuantized(user->getResult(0)))
    return {};
  return user;
}

Value createConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                     ArrayRef<float> data) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, data));
}

struct FuseModulesPass : public qnn::impl::FuseModulesBase<FuseModulesPass> {
  using FuseModulesBase::FuseModulesBase;

  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) { ops.push_back(op); });
    llvm::DenseSet<Operation *> erased;
    for (Operation *op : ops) {
      if (erased.contains(op))
        continue;
      if (failed(fuseWithBatchNorm(op, erased)))
        return signalPassFailure();
    }
    ops.clear();
    getOperation().walk([&](Operation *op) { ops.push_back(op); });
    for (Operation *op : ops)
      if (!erased.contains(op))
        fuseRelu(op, erased);
  }

  /// conv/conv_transpose/linear followed by batch_norm (and relu).
  LogicalResult fuseWithBatchNorm(Operation *op,
                                  llvm::DenseSet<Operation *> &erased) {
    bool isConv = llvm::isa<Conv1dOp, Conv2dOp, Conv3dOp>(op);
    bool isTransposed =
        llvm::isa<ConvTranspose1dOp, ConvTranspose2dOp, ConvTranspose3dOp>(op);
    bool isLinear = llvm::isa<LinearOp>(op);
    if (!isConv && !isTransposed && !isLinear)
      return success();
    if (isQuantized(op->getResult(0)) || op->hasAttr("fused_relu"))
      return success();
    auto bn = getSoleFloatUser<BatchNormOp>(op);
    if (!bn)
      return success();
    // Linear + BatchNorm1d over (N, features) only: on higher-rank inputs BN
    // normalizes dimension 1, not the linear's output features.
    if (isLinear &&
        llvm::cast<ShapedType>(bn.getInput().getType()).getRank() != 2)
      return success();
    // A BNReLU keeps its ReLU through the fold; it cannot also take a relu.
    auto relu = isLinear || isTransposed || bn.getFusedRelu()
                    ? ReluOp()
                    : getSoleFloatUser<ReluOp>(bn);
    if ((isLinear || isTransposed) && bn.getFusedRelu())
      return success();
    if (qat) {
      if (isTransposed)
        return op->emitError("fusing conv_transpose with batch_norm is not "
                             "supported in QAT (as in PyTorch)");
      return fuseWithBatchNormQAT(op, bn, relu, erased);
    }
    return foldBatchNorm(op, bn, relu, isTransposed, erased);
  }

  /// conv + bn (+ relu) -> conv_bnNd (nni.ConvBnNd / ConvBnReLUNd), linear
  /// + bn -> linear_bn (nni.LinearBn1d).
  LogicalResult fuseWithBatchNormQAT(Operation *conv, BatchNormOp bn,
                                     ReluOp relu,
                                     llvm::DenseSet<Operation *> &erased) {
    if (!bn.getWeight() || !bn.getBias())
      return bn.emitError("QAT fusion needs an affine batch_norm (PyTorch "
                          "asserts bn.affine)");
    int64_t rank =
        llvm::cast<ShapedType>(conv->getResult(0).getType()).getRank() - 2;
    StringRef name = llvm::isa<LinearOp>(conv) ? "qnn.linear_bn"
                     : rank == 1               ? "qnn.conv_bn1d"
                     : rank == 2               ? "qnn.conv_bn2d"
                                               : "qnn.conv_bn3d";
    OpBuilder b(relu ? relu.getOperation() : bn.getOperation());
    OperationState state(conv->getLoc(), name);
    state.addOperands({conv->getOperand(0), conv->getOperand(1)});
    if (conv->getNumOperands() > 2)
      state.addOperands(conv->getOperand(2));
    state.addOperands({bn.getWeight(), bn.getBias(), bn.getRunningMean(),
                       bn.getRunningVar()});
    for (StringRef attr : {"stride", "padding", "dilation", "groups", "name",
                           "qconfig"})
      if (Attribute value = conv->getAttr(attr))
        state.addAttribute(attr, value);
    state.addAttribute("eps", bn.getEpsAttr());
    state.addAttribute("momentum", bn.getMomentumAttr());
    if (relu || bn.getFusedRelu())
      state.addAttribute("fused_relu", b.getUnitAttr());
    Value last = relu ? relu.getResult() : bn.getResult();
    state.addTypes(last.getType());
    Operation *fused = b.create(state);
    replaceChain(last, fused->getResult(0), conv, bn, relu, erased);
    return success();
  }

  LogicalResult foldBatchNorm(Operation *op, BatchNormOp bn, ReluOp relu,
                              bool transposed,
                              llvm::DenseSet<Operation *> &erased) {
    bool isLinear = llvm::isa<LinearOp>(op);
    Value weight = op->getOperand(1);
    Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
    auto w = getConstantFloats(weight);
    FailureOr<BatchNormParams> bnp = getBatchNormParams(
        bn.getRunningMean(), bn.getRunningVar(), bn.getWeight(), bn.getBias(),
        bn.getEps().convertToDouble(), /*defaultAffine=*/!isLinear);
    FailureOr<SmallVector<float>> convBias =
        bias ? getConstantFloats(bias) : FailureOr<SmallVector<float>>();
    if (failed(w) || failed(bnp) || (bias && failed(convBias))) {
      op->emitWarning() << "not folding '" << bn.getName()
                        << "' into this op: its weight, bias and the "
                           "batch_norm parameters must be f32 constants"
                        << (isLinear ? " and the batch_norm affine" : "");
      return success();
    }
    auto wType = llvm::cast<ShapedType>(weight.getType());
    if (transposed && op->getAttrOfType<IntegerAttr>("groups").getInt() != 1) {
      op->emitWarning("not folding batch_norm into a grouped conv_transpose");
      return success();
    }
    int64_t channels = bnp->mean.size();
    if (!bias)
      convBias = SmallVector<float>(channels, 0.0f);
    ArrayRef<int64_t> shape = wType.getShape();
    // The output-channel axis is 1 for transposed convolutions.
    mlir::qnn::foldBatchNorm(*w, shape, transposed ? 1 : 0, *convBias, *bnp,
                             isLinear);

    OpBuilder b(op);
    Location loc = op->getLoc();
    Value newW = createConstant(b, loc, shape, *w);
    Value newB = createConstant(b, loc, {channels}, *convBias);
    OperationState state(loc, op->getName());
    state.addOperands({op->getOperand(0), newW, newB});
    for (NamedAttribute attr : op->getAttrDictionary())
      state.addAttribute(attr.getName(), attr.getValue());
    if (relu || bn.getFusedRelu())
      state.addAttribute("fused_relu", b.getUnitAttr());
    Value last = relu ? relu.getResult() : bn.getResult();
    state.addTypes(last.getType());
    b.setInsertionPoint(relu ? relu.getOperation() : bn.getOperation());
    Operation *fused = b.create(state);
    replaceChain(last, fused->getResult(0), op, bn, relu, erased);
    return success();
  }

  void replaceChain(Value last, Value replacement, Operation *first,
                    BatchNormOp bn, ReluOp relu,
                    llvm::DenseSet<Operation *> &erased) {
    last.replaceAllUsesWith(replacement);
    if (relu) {
      erased.insert(relu);
      relu.erase();
    }
    erased.insert(bn);
    bn.erase();
    erased.insert(first);
    first->erase();
  }

  /// conv/linear/batch_norm(2d/3d)/conv_bn followed by relu: fused_relu.
  void fuseRelu(Operation *op, llvm::DenseSet<Operation *> &erased) {
    bool fusable = llvm::isa<Conv1dOp, Conv2dOp, Conv3dOp, LinearOp,
                             ConvBn1dOp, ConvBn2dOp, ConvBn3dOp>(op);
    if (auto bn = llvm::dyn_cast<BatchNormOp>(op)) {
      int64_t rank = llvm::cast<ShapedType>(bn.getInput().getType()).getRank();
      fusable = rank == 4 || rank == 5;
    }
    if (!fusable || op->hasAttr("fused_relu") || isQuantized(op->getResult(0)))
      return;
    auto relu = getSoleFloatUser<ReluOp>(op);
    if (!relu)
      return;
    op->setAttr("fused_relu", UnitAttr::get(op->getContext()));
    relu.getResult().replaceAllUsesWith(op->getResult(0));
    erased.insert(relu);
    relu.erase();
  }
};

} // namespace
