//===- QuantizeDynamic.cpp - torch.ao.quantization.quantize_dynamic -*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "qnn/Dialect/QNN/IR/QParams.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "qnn/Dialect/QNN/Transforms/QuantizationRules.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QUANTIZEDYNAMIC
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The weight operands (not biases) quantize_dynamic quantizes.
SmallVector<OpOperand *> getDynamicWeights(Operation *op) {
  SmallVector<OpOperand *> result;
  llvm::TypeSwitch<Operation *>(op)
      .Case<LinearOp>(
          [&](LinearOp op) { result.push_back(&op.getWeightMutable()); })
      .Case<LSTMCellOp, GRUCellOp, RNNCellOp>([&](auto op) {
        result.push_back(&op.getWeightIhMutable());
        result.push_back(&op.getWeightHhMutable());
      })
      .Case<LSTMOp>([&](LSTMOp op) {
        int64_t perBlock = op.getHasBiases() ? 4 : 2;
        for (OpOperand &w : op.getWeightsMutable())
          if ((w.getOperandNumber() - op.getWeights().getBeginOperandIndex()) %
                  perBlock <
              2)
            result.push_back(&w);
      });
  return result;
}

struct QuantizeDynamicPass
    : public qnn::impl::QuantizeDynamicBase<QuantizeDynamicPass> {
  using QuantizeDynamicBase::QuantizeDynamicBase;

  bool isSelected(Operation *op) const {
    StringRef kind = op->getName().stripDialect();
    StringRef path = llvm::cast<ModuleOpInterface>(op).getModulePath();
    if (ops.empty())
      return llvm::is_contained(
          {"linear", "lstm", "lstm_cell", "gru_cell", "rnn_cell"}, kind);
    for (const std::string &entry : ops) {
      StringRef e(entry);
      if (e == kind || e == path ||
          (path.starts_with(e) && path.size() > e.size() &&
           path[e.size()] == '.'))
        return true;
    }
    return false;
  }

  void runOnOperation() override {
    if (dtype != "qint8" && dtype != "float16") {
      getOperation().emitError() << "qnn-quantize-dynamic: dtype must be "
                                    "qint8 or float16, got '"
                                 << dtype << "'";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    QConfigAttr int8Config = QConfigAttr::getPreset(ctx, "dynamic");
    QConfigAttr f16Config = QConfigAttr::getPreset(ctx, "float16_dynamic");
    getOperation().walk([&](Operation *op) {
      SmallVector<OpOperand *> weights = getDynamicWeights(op);
      if (weights.empty() || !isSelected(op) || isQuantized(op->getOperand(0)))
        return;
      // The module's own qconfig wins, as in propagate_qconfig_: None keeps
      // it float; its weight observer's dtype picks qint8 or float16
      // (float16_dynamic_qconfig), and a weight observer that records
      // statistics supplies the qint8 observer.
      QConfigAttr own = llvm::cast<ModuleOpInterface>(op).getQConfig();
      if (own && own.isNone())
        return;
      bool f16 = dtype == "float16";
      if (own && own.getWeight())
        f16 = own.getWeight().getDtype() == QDType::float16;
      QConfigAttr effective = f16 ? f16Config : int8Config;
      if (!f16 && own && own.getWeight() &&
          own.getWeight().recordsStatistics())
        effective = QConfigAttr::get(ctx, int8Config.getActivation(),
                                     own.getWeight(), false);
      // Already quantized (a second run): nothing to do.
      if (llvm::all_of(weights, [&](OpOperand *w) {
            return isQuantized(w->get()) ||
                   (f16 && llvm::cast<ShapedType>(w->get().getType())
                               .getElementType()
                               .isF16());
          }))
        return;
      OpBuilder b(op);
      for (OpOperand *w : weights) {
        if (failed(getConstantFloats(w->get()))) {
          if (!isQuantized(w->get()))
            op->emitWarning("weight is not an f32 constant; left float");
          return;
        }
      }
      for (OpOperand *w : weights)
        w->set(f16 ? toFloat16(b, op, w->get())
                   : quantizeInt8(b, op, w->get(), effective));
      llvm::cast<ModuleOpInterface>(op).setQConfig(effective);
    });
  }

  /// default_weight_observer (MinMax, qint8, per_tensor_symmetric).
  Value quantizeInt8(OpBuilder &b, Operation *op, Value weight,
                     QConfigAttr qconfig) {
    SmallVector<float> data = *getConstantFloats(weight);
    auto type = llvm::cast<RankedTensorType>(weight.getType());
    ObserverAttr wobs = qconfig.getWeight();
    // per_channel_dynamic_qconfig: one scale per output channel.
    std::optional<int64_t> axis;
    if (wobs.isPerChannel()) {
      int64_t a = wobs.getChAxis();
      axis = a < 0 ? a + type.getRank() : a;
    }
    SmallVector<float> lo, hi;
    computeMinMax(data, type.getShape(), axis, lo, hi);
    QParams q = calculateQParams(wobs, lo, hi);
    QuantizedWeight qw = quantizeWeight(data, type, wobs, q, axis);
    return QConstantOp::create(b, op->getLoc(), qw.type, qw.values);
  }

  /// weight.to(torch.float16), saturated to the float16 range as fbgemm's
  /// fp16 prepack does.
  Value toFloat16(OpBuilder &b, Operation *op, Value weight) {
    SmallVector<APFloat> values;
    // Named: `*getConstantFloats(weight)` in the range would reference a
    // temporary destroyed before the loop body (C++17 range-for).
    FailureOr<SmallVector<float>> floats = getConstantFloats(weight);
    for (float f : *floats) {
      APFloat x(f);
      bool lost;
      x.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
      if (x.isInfinity())
        x = APFloat::getLargest(APFloat::IEEEhalf(), x.isNegative());
      values.push_back(x);
    }
    auto type = RankedTensorType::get(
        llvm::cast<ShapedType>(weight.getType()).getShape(), b.getF16Type());
    return arith::ConstantOp::create(b, op->getLoc(),
                                     DenseElementsAttr::get(type, values));
  }
};

} // namespace
