//===- QNNToLinalg.cpp - the qnn-to-linalg pass -----------------*- C++ -*-===//

#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/QNNToKernels/QNNToKernels.h"

#include "LinalgBuilders.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNTOLINALG
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

QNNTypeConverter::QNNTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    quant::QuantizedType q = getQuantizedElementType(type);
    if (!q)
      return type;
    return RankedTensorType::get(
        type.getShape(),
        IntegerType::get(type.getContext(), q.getStorageTypeIntegralWidth()));
  });
  auto cast = [](OpBuilder &b, Type type, ValueRange inputs,
                 Location loc) -> Value {
    return UnrealizedConversionCastOp::create(b, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(cast);
  addTargetMaterialization(cast);
}

void mlir::qnn::populateQNNToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target) {
  populateQuantizeOpsToLinalgPatterns(converter, patterns);
  populateElementwiseToLinalgPatterns(converter, patterns);
  populateConvolutionToLinalgPatterns(converter, patterns, target);
  populateNormalizationToLinalgPatterns(converter, patterns);
  populatePoolingToLinalgPatterns(converter, patterns);
  populateReductionToLinalgPatterns(converter, patterns);
  populateRecurrentToLinalgPatterns(converter, patterns, target);
  populateResizeToLinalgPatterns(converter, patterns);
  populateAttentionToLinalgPatterns(converter, patterns);
  populateShapeToLinalgPatterns(converter, patterns);
}

namespace {} // namespace

ObserverOutputs mlir::qnn::getObserverOutputs(ObserverAttr observer) {
  if (!observer.recordsStatistics())
    return ObserverOutputs::None;
  if (observer.getKind() == ObserverKind::histogram)
    return ObserverOutputs::Tensor;
  return ObserverOutputs::MinMax;
}

namespace {

/// Returns each observer's batch statistics (see ObserverOutputs) from the
/// function as extra results and names the observers in `qnn.observers`.
LogicalResult exposeObservers(func::FuncOp func) {
  SmallVector<Value> outputs;
  SmallVector<Attribute> names;
  OpBuilder b(func.getContext());
  func.walk([&](ObserveOp observe) {
    ObserverAttr observer = observe.getObserver();
    ObserverOutputs kind = getObserverOutputs(observer);
    if (kind == ObserverOutputs::None)
      return;
    names.push_back(observe.getNameAttr());
    Value x = observe.getInput();
    if (kind == ObserverOutputs::Tensor) {
      outputs.push_back(x);
      return;
    }
    b.setInsertionPointAfter(observe);
    int64_t rank = shapeOf(x).size();
    SmallVector<int64_t> reduced;
    int64_t axis = observer.isPerChannel() ? (observer.getChAxis() + rank) %
                                                 std::max<int64_t>(rank, 1)
                                           : -1;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        reduced.push_back(d);
    outputs.push_back(minOver(b, observe.getLoc(), x, reduced));
    outputs.push_back(maxOver(b, observe.getLoc(), x, reduced));
  });
  if (names.empty())
    return success();
  auto ret =
      llvm::dyn_cast<func::ReturnOp>(func.getBody().front().getTerminator());
  if (!ret)
    return func.emitError("expected a func.return terminator");
  ret->insertOperands(ret->getNumOperands(), outputs);
  func.setFunctionType(FunctionType::get(
      func.getContext(), func.getArgumentTypes(), ret.getOperandTypes()));
  func->setAttr("qnn.observers", ArrayAttr::get(func.getContext(), names));
  return success();
}

/// exp and tanh tagged `qnn.portable` (the recurrent cells' float
/// activations) become MLIR's polynomial approximations: the same bits on
/// every target, where libm's differ between architectures.
void expandPortableMath(ModuleOp module) {
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (op->hasAttr(kPortableMathAttr))
      ops.push_back(op);
  });
  if (ops.empty())
    return;
  RewritePatternSet patterns(module.getContext());
  populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
    return name == "math.exp" || name == "math.tanh";
  });
  (void)applyOpPatternsGreedily(ops, std::move(patterns));
}

struct ConvertQNNToLinalgPass
    : public qnn::impl::ConvertQNNToLinalgBase<ConvertQNNToLinalgPass> {
  using ConvertQNNToLinalgBase::ConvertQNNToLinalgBase;
  void runOnOperation() override {
    // `microkernels` is the old spelling of qnn-to-kernels{target=}.
    if (failed(lowerQNNToLinalg(getOperation(), microkernels, winograd,
                                "qnn-to-linalg")))
      signalPassFailure();
  }
};

} // namespace

LogicalResult mlir::qnn::lowerQNNToLinalg(ModuleOp module,
                                          StringRef kernelTarget, bool winograd,
                                          StringRef pass, bool kernelRemarks) {
  MLIRContext *ctx = module.getContext();
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    for (Type t : llvm::concat<const Type>(func.getArgumentTypes(),
                                           func.getResultTypes()))
      if (auto shaped = llvm::dyn_cast<ShapedType>(t);
          shaped && !shaped.hasStaticShape())
        return func.emitError(pass) << " needs static shapes";
    if (failed(exposeObservers(func)))
      return failure();
  }

  llvm::Expected<const TargetInfo *> resolved =
      resolveKernelTarget(kernelTarget);
  if (!resolved)
    return module.emitError(pass) << ": " << toString(resolved.takeError());
  KernelTarget kernels = (*resolved)->kind;
  if ((*resolved)->hasKernels())
    placeConvsBeforeResidualAdds(module);

  QNNTypeConverter converter;
  ConversionTarget target(*ctx);
  target.addLegalDialect<
      arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
      scf::SCFDialect, tensor::TensorDialect, vector::VectorDialect,
      memref::MemRefDialect, bufferization::BufferizationDialect,
      LLVM::LLVMDialect, arm_neon::ArmNeonDialect>();
  target.addIllegalDialect<QNNDialect>();
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
    return converter.isSignatureLegal(op.getFunctionType()) &&
           converter.isLegal(&op.getBody());
  });
  target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
      [&](Operation *op) { return converter.isLegal(op); });
  target.addLegalOp<ModuleOp>();

  RewritePatternSet patterns(ctx);
  populateQNNToLinalgConversionPatterns(converter, patterns, kernels);
  KernelRemarks remarks;
  populateMicroKernelPatterns(converter, patterns, kernels, winograd,
                              kernelRemarks ? &remarks : nullptr);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 converter);
  populateReturnOpTypeConversionPattern(patterns, converter);
  populateCallOpTypeConversionPattern(patterns, converter);
  if (failed(applyPartialConversion(module, target, std::move(patterns))))
    return failure();
  remarks.emit();
  expandPortableMath(module);
  return success();
}
