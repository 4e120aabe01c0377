//===- ObserverInsertion.cpp - activation_post_process insertion -*- C++ -*-=//

#include "qnn/Dialect/QNN/Transforms/ObserverInsertion.h"

#include "mlir/IR/Builders.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "qnn/Dialect/QNN/Transforms/QuantizationRules.h"

using namespace mlir;
using namespace mlir::qnn;

/// Operands that carry activations (not weights, biases or BN statistics).
static SmallVector<OpOperand *> getActivationOperands(Operation *op) {
  SmallVector<OpOperand *> result;
  if (llvm::isa<QuantStubOp>(op))
    return result;
  if (llvm::isa<CatOp, AddOp, MulOp, AddReluOp>(op)) {
    for (OpOperand &operand : op->getOpOperands())
      result.push_back(&operand);
    return result;
  }
  result.push_back(&op->getOpOperand(0));
  return result;
}

/// Whether `v` will be quantized after convert: it is observed, or it comes
/// from an op that passes its input's quantization through.
static bool willBeQuantized(Value v) {
  if (isPostProcess(v) || isQuantized(v))
    return true;
  Operation *def = v.getDefiningOp();
  // dequant_stub passes qparams through in the IR, but its output is float.
  if (llvm::isa_and_nonnull<DeQuantStubOp>(def))
    return false;
  if (def && def->getNumOperands() > 0 &&
      (keepsInputQParams(def) || derivesOutputQParams(def)))
    return willBeQuantized(def->getOperand(0));
  return false;
}

/// The FixedQParamsFakeQuantize (scale, zero point) torch's prepare_qat
/// puts after these modules in training mode instead of the qconfig's
/// activation (DEFAULT_MODULE_TO_ACT_POST_PROCESS): output range [0, 1] or
/// [-1, 1] in quint8.
static std::optional<std::pair<float, int64_t>> getFixedQParams(Operation *op) {
  if (llvm::isa<SigmoidOp, HardsigmoidOp, SoftmaxOp>(op))
    return std::make_pair(1.0f / 256.0f, int64_t{0});
  if (llvm::isa<TanhOp>(op))
    return std::make_pair(2.0f / 256.0f, int64_t{128});
  return std::nullopt;
}

static bool hasPostProcessUser(Value v) {
  return llvm::any_of(v.getUsers(), [](Operation *user) {
    return llvm::isa<ObserveOp, FakeQuantOp>(user);
  });
}

static Value createPostProcess(OpBuilder &b, Location loc, Value input,
                               ObserverAttr observer, StringRef name,
                               bool fakeQuant) {
  // get_default_qat_qconfig wraps moving-average observers in
  // FusedMovingAvgObsFakeQuantize.
  bool fused = observer.getKind() == ObserverKind::moving_average_minmax ||
               observer.getKind() ==
                   ObserverKind::moving_average_per_channel_minmax;
  if (fakeQuant)
    return FakeQuantOp::create(b, loc, input.getType(), input, observer,
                               b.getStringAttr(name), b.getBoolAttr(true),
                               b.getBoolAttr(true), DenseF32ArrayAttr(),
                               DenseF32ArrayAttr(), DenseF32ArrayAttr(),
                               DenseI64ArrayAttr(),
                               fused ? b.getUnitAttr() : UnitAttr())
        .getResult();
  return ObserveOp::create(b, loc, input.getType(), input, observer,
                           b.getStringAttr(name), DenseF32ArrayAttr(),
                           DenseF32ArrayAttr(), DenseF32ArrayAttr())
      .getResult();
}

LogicalResult mlir::qnn::insertPostProcesses(func::FuncOp func,
                                             bool fakeQuant) {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) { ops.push_back(op); });
  for (Operation *op : ops) {
    QConfigAttr qconfig = getActiveQConfig(op);
    auto fixed = getFixedQParams(op);
    if (fakeQuant && qconfig && fixed &&
        !hasPostProcessUser(op->getResult(0))) {
      OpBuilder b(op);
      b.setInsertionPointAfter(op);
      Value result = op->getResult(0);
      Value post =
          FakeQuantOp::create(
              b, op->getLoc(), result.getType(), result,
              ObserverAttr::get(b.getContext(), ObserverKind::fixed_qparams),
              b.getStringAttr(
                  llvm::cast<ModuleOpInterface>(op).getModulePath()),
              b.getBoolAttr(true), b.getBoolAttr(true), DenseF32ArrayAttr(),
              DenseF32ArrayAttr(), b.getDenseF32ArrayAttr({fixed->first}),
              b.getDenseI64ArrayAttr({fixed->second}), /*fused=*/UnitAttr())
              .getResult();
      result.replaceAllUsesExcept(post, post.getDefiningOp());
      continue;
    }
    if (!qconfig || !isStaticallyQuantizable(op) ||
        !qconfig.getActivation().recordsStatistics())
      continue;
    bool fq = fakeQuant || qconfig.getFakeQuant();
    StringRef path = llvm::cast<ModuleOpInterface>(op).getModulePath();
    Location loc = op->getLoc();
    OpBuilder b(op);

    if (OpOperand *weight = getWeightOperand(op)) {
      ObserverAttr wobs = qconfig.getWeight();
      if (llvm::isa<ConvTranspose1dOp, ConvTranspose2dOp, ConvTranspose3dOp>(
              op) &&
          wobs.isPerChannel())
        return op->emitError("per-channel weight observers are not supported "
                             "for conv_transpose (PyTorch's "
                             "assert_valid_qconfig); use a per-tensor weight "
                             "observer");
      if (!wobs.recordsStatistics())
        return op->emitError("the weight observer of a statically quantized "
                             "op must record statistics");
      if (!isPostProcess(weight->get()))
        weight->set(createPostProcess(b, loc, weight->get(), wobs,
                                      (path + ".weight").str(), fq));
    }

    for (OpOperand *input : getActivationOperands(op))
      if (!willBeQuantized(input->get()))
        input->set(createPostProcess(
            b, loc, input->get(), qconfig.getActivation(),
            (path + ".input" + Twine(input->getOperandNumber())).str(), fq));

    Value result = op->getResult(0);
    if (hasPostProcessUser(result))
      continue;
    b.setInsertionPointAfter(op);
    Value post = createPostProcess(b, loc, result, qconfig.getActivation(),
                                   path, fq);
    result.replaceAllUsesExcept(post, post.getDefiningOp());
  }
  return success();
}
