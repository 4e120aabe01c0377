//===- Convert.cpp - torch.ao.quantization.convert --------------*- C++ -*-===//
//
// Walks a prepared (and calibrated) function in order and turns observed
// float ops into the same ops on !quant.uniform types. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "qnn/Dialect/QNN/IR/QParams.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "qnn/Dialect/QNN/Transforms/BatchNormFolding.h"
#include "qnn/Dialect/QNN/Transforms/QuantizationRules.h"
#include <cmath>

#pragma clang fp contract(off)

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERT
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The observer config and state of a qnn.observe or qnn.fake_quant.
struct PostProcess {
  Operation *op = nullptr;
  ObserverAttr observer;
  std::optional<ArrayRef<float>> minVal, maxVal, histogram, scale;
  std::optional<ArrayRef<int64_t>> zeroPoint;

  static PostProcess get(Operation *op) {
    PostProcess pp;
    pp.op = op;
    if (auto observe = llvm::dyn_cast_or_null<ObserveOp>(op)) {
      pp.observer = observe.getObserver();
      pp.minVal = observe.getMinVal();
      pp.maxVal = observe.getMaxVal();
      pp.histogram = observe.getHistogram();
    } else if (auto fq = llvm::dyn_cast_or_null<FakeQuantOp>(op)) {
      pp.observer = fq.getObserver();
      pp.minVal = fq.getMinVal();
      pp.maxVal = fq.getMaxVal();
      pp.scale = fq.getScale();
      pp.zeroPoint = fq.getZeroPoint();
    } else {
      pp.op = nullptr;
    }
    return pp;
  }
  explicit operator bool() const { return op; }
  Value input() const { return op->getOperand(0); }
  Value result() const { return op->getResult(0); }

  /// qparams for an activation: per-tensor only, as PyTorch's quantized
  /// activations are.
  FailureOr<QParams> getActivationQParams() const {
    if (observer.isPerChannel())
      return op->emitError("activations are quantized per tensor; a "
                           "per-channel observer can only observe weights");
    return getQParams();
  }

  /// qparams from the recorded state; an error if there is none. Like
  /// torch's convert (`activation_post_process.calculate_qparams()`), the
  /// observer statistics win over a fake-quant's current scale/zero_point,
  /// which may come from a different formula (FusedMovingAvgObsFakeQuantize
  /// computes them in C++); those are used only without statistics.
  FailureOr<QParams> getQParams() const {
    if (!minVal && scale) {
      QParams q;
      q.scales.assign(scale->begin(), scale->end());
      q.zeroPoints.assign(zeroPoint->begin(), zeroPoint->end());
      return q;
    }
    if (!minVal)
      return op->emitError("observer has no statistics: run qnn-calibrate "
                           "on the prepared model before qnn-convert");
    if (observer.getKind() == ObserverKind::histogram) {
      if (!histogram)
        return op->emitError("histogram observer has min_val/max_val but no "
                             "histogram");
      auto [lo, hi] = histogramParamSearch(observer, *histogram,
                                           minVal->front(), maxVal->front());
      return calculateQParams(observer, {lo}, {hi});
    }
    return calculateQParams(observer, *minVal, *maxVal);
  }
};

/// The single post-process user of `v`, if any.
PostProcess getOutputPostProcess(Value v) {
  for (Operation *user : v.getUsers())
    if (llvm::isa<ObserveOp, FakeQuantOp>(user))
      return PostProcess::get(user);
  return {};
}

RankedTensorType withElementType(Type type, Type element) {
  auto shaped = llvm::cast<RankedTensorType>(type);
  return RankedTensorType::get(shaped.getShape(), element);
}

struct ConvertPass : public qnn::impl::ConvertBase<ConvertPass> {
  llvm::DenseSet<Operation *> erased;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) { ops.push_back(op); });
    for (Operation *op : ops) {
      if (erased.contains(op))
        continue;
      if (failed(convert(op)))
        return signalPassFailure();
    }
    // Quantized values may now leave the function.
    if (Block *body = &func.getBody().front())
      if (auto ret = llvm::dyn_cast<func::ReturnOp>(body->getTerminator()))
        func.setFunctionType(FunctionType::get(
            func.getContext(), func.getArgumentTypes(),
            ret.getOperandTypes()));
  }

  void erase(Operation *op) {
    erased.insert(op);
    op->erase();
  }

  /// Replaces `pp` by `replacement` and erases it.
  void dropPostProcess(const PostProcess &pp, Value replacement) {
    pp.result().replaceAllUsesWith(replacement);
    erase(pp.op);
  }

  LogicalResult convert(Operation *op) {
    if (llvm::isa<ObserveOp, FakeQuantOp>(op))
      return convertPostProcess(PostProcess::get(op));
    if (auto stub = llvm::dyn_cast<QuantStubOp>(op))
      return convertQuantStub(stub);
    if (auto stub = llvm::dyn_cast<DeQuantStubOp>(op)) {
      OpBuilder b(stub);
      Value in = stub.getInput();
      Value out = isQuantized(in)
                      ? DequantizeOp::create(b, stub.getLoc(),
                                             stub.getResult().getType(), in)
                            .getResult()
                      : in;
      stub.getResult().replaceAllUsesWith(out);
      erase(stub);
      return success();
    }
    if (!llvm::isa<ModuleOpInterface>(op))
      return dequantizeOperands(op);
    if (isFloatMean(op) && isQuantized(op->getOperand(0)))
      return convertFloatMean(op);
    if (keepsInputQParams(op) && isQuantized(op->getOperand(0))) {
      if (PostProcess pp = getOutputPostProcess(op->getResult(0)))
        dropPostProcess(pp, op->getResult(0));
      op->getResult(0).setType(withElementType(
          op->getResult(0).getType(),
          getQuantizedElementType(op->getOperand(0).getType())));
      return success();
    }
    if (isQuantized(op->getOperand(0))) {
      auto in = llvm::dyn_cast<quant::UniformQuantizedType>(
          getQuantizedElementType(op->getOperand(0).getType()));
      if (in)
        if (quant::QuantizedType derived = getDerivedOutputType(op, in)) {
          op->getResult(0).setType(
              withElementType(op->getResult(0).getType(), derived));
          return success();
        }
    }
    if (quantizesEmbeddingTable(op)) {
      Value table = op->getOperand(1);
      if (failed(quantizeEmbeddingTable(op)))
        return failure();
      // The float table, now unused, is not kept in the IR.
      if (Operation *def = table.getDefiningOp())
        if (table.use_empty() && llvm::isa<arith::ConstantOp>(def))
          erase(def);
      return success();
    }
    QConfigAttr qconfig = getActiveQConfig(op);
    PostProcess out = getOutputPostProcess(op->getResult(0));
    if (qconfig && isStaticallyQuantizable(op) && out) {
      if (llvm::isa<ConvBn1dOp, ConvBn2dOp, ConvBn3dOp, LinearBnOp>(op)) {
        FailureOr<Operation *> conv = foldConvBn(op);
        if (failed(conv))
          return failure();
        op = *conv;
      }
      return convertModule(op, out);
    }
    return dequantizeOperands(op);
  }

  /// torch.mean over non-spatial dims, which the importer writes as an
  /// adaptive_avg_pool2d marked qnn.functional: on a quantized tensor ATen
  /// (mean_quantized_cpu) dequantizes, takes the float mean and quantizes
  /// it with the input's qparams, which is not the integer average of a
  /// quantized pool (ties round differently).
  static bool isFloatMean(Operation *op) {
    return llvm::isa<AdaptiveAvgPool2dOp>(op) && op->hasAttr(kFunctionalAttrName);
  }

  LogicalResult convertFloatMean(Operation *op) {
    quant::QuantizedType q = getQuantizedElementType(op->getOperand(0).getType());
    Value result = op->getResult(0);
    if (PostProcess pp = getOutputPostProcess(result))
      dropPostProcess(pp, result);
    if (failed(dequantizeOperands(op)))
      return failure();
    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    Value quantized = QuantizeOp::create(
        b, op->getLoc(), withElementType(result.getType(), q), result);
    result.replaceAllUsesExcept(quantized, quantized.getDefiningOp());
    return success();
  }

  /// A float op keeps float operands: dequantize quantized ones.
  LogicalResult dequantizeOperands(Operation *op) {
    if (llvm::isa<ObserveOp, FakeQuantOp, func::ReturnOp>(op))
      return success();
    for (OpOperand &operand : op->getOpOperands()) {
      Value v = operand.get();
      quant::QuantizedType q = getQuantizedElementType(v.getType());
      if (!q || v.getDefiningOp<QConstantOp>())
        continue;
      OpBuilder b(op);
      operand.set(DequantizeOp::create(
          b, op->getLoc(), withElementType(v.getType(), q.getExpressedType()),
          v));
    }
    return success();
  }

  /// Observers on values that stay float until here (a boundary) become
  /// qnn.quantize; observers of converted ops were consumed by them.
  LogicalResult convertPostProcess(const PostProcess &pp) {
    if (isWeightPostProcess(pp))
      return success();
    Value in = pp.input();
    if (isQuantized(in)) {
      dropPostProcess(pp, in);
      return success();
    }
    if (!pp.observer.recordsStatistics() && !pp.observer.hasFixedQParams())
      return success();
    FailureOr<QParams> q = pp.getActivationQParams();
    if (failed(q))
      return failure();
    Type expressed = llvm::cast<ShapedType>(in.getType()).getElementType();
    OpBuilder b(pp.op);
    Value quantized = QuantizeOp::create(
        b, pp.op->getLoc(),
        withElementType(in.getType(),
                        getQuantizedType(pp.observer, *q, expressed, 0)),
        in);
    dropPostProcess(pp, quantized);
    return success();
  }

  static bool isWeightPostProcess(const PostProcess &pp) {
    Value r = pp.result();
    return !r.use_empty() && llvm::all_of(r.getUses(), [](OpOperand &use) {
      return getWeightOperand(use.getOwner()) == &use;
    });
  }

  LogicalResult convertQuantStub(QuantStubOp stub) {
    PostProcess pp = getOutputPostProcess(stub.getResult());
    if (!pp || (!pp.observer.recordsStatistics() &&
                !pp.observer.hasFixedQParams())) {
      stub.getResult().replaceAllUsesWith(stub.getInput());
      erase(stub);
      return success();
    }
    FailureOr<QParams> q = pp.getActivationQParams();
    if (failed(q))
      return failure();
    OpBuilder b(stub);
    Type expressed =
        llvm::cast<ShapedType>(stub.getInput().getType()).getElementType();
    Value quantized = QuantizeOp::create(
        b, stub.getLoc(),
        withElementType(stub.getInput().getType(),
                        getQuantizedType(pp.observer, *q, expressed, 0)),
        stub.getInput());
    stub.getResult().replaceAllUsesWith(quantized);
    dropPostProcess(pp, quantized);
    erase(stub);
    return success();
  }

  /// An observed module op becomes the same op on quantized types.
  LogicalResult convertModule(Operation *op, const PostProcess &out) {
    QConfigAttr qconfig = getActiveQConfig(op);
    OpOperand *weight = getWeightOperand(op);
    for (OpOperand &operand : op->getOpOperands()) {
      if (&operand == weight || !llvm::isa<ShapedType>(operand.get().getType()))
        continue;
      bool activation = operand.getOperandNumber() == 0 ||
                        llvm::isa<CatOp, AddOp, MulOp, AddReluOp>(op);
      if (activation && !isQuantized(operand.get()))
        return op->emitError()
               << "operand #" << operand.getOperandNumber()
               << " is float but this op is quantized: nothing observes it "
                  "(run qnn-prepare, or add a quant_stub before it)";
    }
    if (weight && failed(quantizeWeight(op, *weight, qconfig.getWeight())))
      return failure();
    FailureOr<QParams> q = out.getActivationQParams();
    if (failed(q))
      return failure();
    Type expressed =
        llvm::cast<ShapedType>(out.input().getType()).getElementType();
    op->getResult(0).setType(withElementType(
        op->getResult(0).getType(),
        getQuantizedType(out.observer, *q, expressed, 0)));
    dropPostProcess(out, op->getResult(0));
    return success();
  }

  /// nnq.PReLU.from_float: the slopes are quantized to quint8 with the
  /// weight observer's qparams, whatever the observer's dtype
  /// (`quantize_per_tensor(w, scale, zp, torch.quint8)`).
  static QuantizedWeight quantizePReluWeight(ArrayRef<float> data,
                                             RankedTensorType type,
                                             const QParams &q) {
    MLIRContext *ctx = type.getContext();
    auto qtype = quant::UniformQuantizedType::get(
        0, IntegerType::get(ctx, 8), type.getElementType(), q.scales[0],
        q.zeroPoints[0], 0, 255);
    SmallVector<APInt> values;
    for (float v : data)
      values.push_back(APInt(8, quantizeValue(v, q.scales[0], q.zeroPoints[0],
                                              0, 255)));
    auto storage = RankedTensorType::get(type.getShape(), IntegerType::get(ctx, 8));
    return {RankedTensorType::get(type.getShape(), qtype),
            DenseElementsAttr::get(storage, values)};
  }

  /// Quantizes a constant weight at compile time into a qnn.qconstant.
  LogicalResult quantizeWeight(Operation *op, OpOperand &weight,
                               ObserverAttr wobs) {
    PostProcess pp = PostProcess::get(weight.get().getDefiningOp());
    Value raw = pp ? pp.input() : weight.get();
    if (pp)
      wobs = pp.observer;
    FailureOr<SmallVector<float>> data = getConstantFloats(raw);
    if (failed(data))
      return op->emitError("cannot quantize the weight at compile time: it "
                           "is not an f32 constant");
    auto type = llvm::cast<RankedTensorType>(raw.getType());
    std::optional<int64_t> axis;
    if (llvm::isa<PReluOp>(op) && wobs.isPerChannel())
      return op->emitError("prelu's weight needs a per-tensor weight observer: "
                           "torch's quantized PReLU quantizes its slopes per "
                           "tensor");
    if (wobs.isPerChannel()) {
      FailureOr<int64_t> normalized =
          normalizeDim(op, wobs.getChAxis(), type.getRank(), "weight ch_axis");
      if (failed(normalized))
        return failure();
      axis = *normalized;
    }
    QParams q;
    auto fq = llvm::dyn_cast_or_null<FakeQuantOp>(pp.op);
    if (fq && fq.getObserverEnabled() && pp.minVal) {
      // torch's convert runs the weight fake-quant once more on the (folded)
      // weight before calculate_qparams; with its observer enabled that
      // updates the statistics.
      SmallVector<float> mn(pp.minVal->begin(), pp.minVal->end()),
          mx(pp.maxVal->begin(), pp.maxVal->end()), lo, hi;
      computeMinMax(*data, type.getShape(), axis, lo, hi);
      mergeMinMax(wobs, mn, mx, lo, hi);
      q = calculateQParams(wobs, mn, mx);
    } else if (pp && (pp.scale || pp.minVal)) {
      FailureOr<QParams> fromState = pp.getQParams();
      if (failed(fromState))
        return failure();
      q = *fromState;
    } else {
      SmallVector<float> lo, hi;
      computeMinMax(*data, type.getShape(), axis, lo, hi);
      q = calculateQParams(wobs, lo, hi);
    }
    QuantizedWeight qw = llvm::isa<PReluOp>(op)
                             ? quantizePReluWeight(*data, type, q)
                             : mlir::qnn::quantizeWeight(*data, type, wobs, q, axis);
    OpBuilder b(op);
    Value qconst = QConstantOp::create(b, op->getLoc(), qw.type, qw.values);
    weight.set(qconst);
    if (pp && pp.result().use_empty())
      erase(pp.op);
    return success();
  }

  /// ConvBn.to_float() / LinearBn1d.to_float(): replace a QAT conv_bn or
  /// linear_bn by the convolution or linear with the BN running statistics
  /// folded into its weight and bias (fuse_conv_bn_weights /
  /// fuse_linear_bn_weights). The weight's fake-quant keeps its state,
  /// which PyTorch's convert uses for the folded weight's qparams.
  FailureOr<Operation *> foldConvBn(Operation *op) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    Value weight = op->getOperand(1);
    PostProcess pp = PostProcess::get(weight.getDefiningOp());
    Value raw = pp ? pp.input() : weight;
    auto convBn = [&](auto typed) -> FailureOr<Operation *> {
      auto w = getConstantFloats(raw);
      FailureOr<BatchNormParams> bn = getBatchNormParams(
          typed.getRunningMean(), typed.getRunningVar(), typed.getBnWeight(),
          typed.getBnBias(), typed.getEps().convertToDouble(), true);
      int64_t channels = llvm::cast<ShapedType>(raw.getType()).getDimSize(0);
      FailureOr<SmallVector<float>> bias =
          typed.getBias() ? getConstantFloats(typed.getBias())
                          : FailureOr<SmallVector<float>>(
                                SmallVector<float>(channels, 0.0f));
      if (failed(w) || failed(bn) || failed(bias))
        return op->emitError()
               << "cannot fold " << op->getName().stripDialect()
               << " for convert: its weight, bias and BN parameters must be "
                  "f32 constants";
      auto wType = llvm::cast<RankedTensorType>(raw.getType());
      bool linear = llvm::isa<LinearBnOp>(op);
      foldBatchNorm(*w, wType.getShape(), 0, *bias, *bn, linear);
      Value newW = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(wType, ArrayRef<float>(*w)));
      if (pp) {
        pp.op->setOperand(0, newW);
        newW = pp.result();
      }
      Value newB = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({channels}, b.getF32Type()),
              ArrayRef<float>(*bias)));
      int64_t rank = wType.getRank() - 2;
      OperationState state(loc, linear      ? "qnn.linear"
                                : rank == 1 ? "qnn.conv1d"
                                : rank == 2 ? "qnn.conv2d"
                                            : "qnn.conv3d");
      state.addOperands({typed.getInput(), newW, newB});
      for (StringRef name : {"stride", "padding", "dilation", "groups",
                             "fused_relu", "name", "qconfig"})
        if (Attribute attr = op->getAttr(name))
          state.addAttribute(name, attr);
      state.addTypes(op->getResult(0).getType());
      Operation *conv = b.create(state);
      op->getResult(0).replaceAllUsesWith(conv->getResult(0));
      erase(op);
      return conv;
    };
    if (auto typed = llvm::dyn_cast<ConvBn1dOp>(op))
      return convBn(typed);
    if (auto typed = llvm::dyn_cast<ConvBn2dOp>(op))
      return convBn(typed);
    if (auto typed = llvm::dyn_cast<LinearBnOp>(op))
      return convBn(typed);
    return convBn(llvm::cast<ConvBn3dOp>(op));
  }
};

} // namespace
