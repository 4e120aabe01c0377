//===- QuantizationRules.cpp - which ops PyTorch quantizes how --*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/QuantizationRules.h"

#include <cmath>

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::qnn;

QConfigAttr mlir::qnn::getActiveQConfig(Operation *op) {
  auto module = llvm::dyn_cast<ModuleOpInterface>(op);
  if (!module)
    return {};
  QConfigAttr qconfig = module.getQConfig();
  return qconfig && !qconfig.isNone() ? qconfig : QConfigAttr();
}

/// An op the importer made from a torch function call whose module form
/// torch observes (F.leaky_relu vs nn.LeakyReLU, torch.stack vs
/// FloatFunctional.cat): eager-mode prepare never observes function calls,
/// and torch's quantized function keeps its (first) input's qparams.
static bool isUnobservedFunction(Operation *op) {
  return op->hasAttr(kFunctionalAttrName) && llvm::isa<LeakyReluOp, CatOp>(op);
}

/// Float function calls the importer writes with module ops (torch.bmm as
/// qnn.linear, masked_fill as qnn.add): never observed nor quantized.
static bool isFloatFunction(Operation *op) {
  return op->hasAttr(kFunctionalAttrName) && llvm::isa<LinearOp, AddOp>(op);
}

bool mlir::qnn::isStaticallyQuantizable(Operation *op) {
  if (isUnobservedFunction(op) || isFloatFunction(op))
    return false;
  if (auto bn = llvm::dyn_cast<BatchNormOp>(op)) {
    // BatchNorm1d has no quantized module; 2d and 3d do.
    int64_t rank = llvm::cast<ShapedType>(bn.getInput().getType()).getRank();
    return rank == 4 || rank == 5;
  }
  return llvm::isa<QuantStubOp, Conv1dOp, Conv2dOp, Conv3dOp,
                   ConvTranspose1dOp, ConvTranspose2dOp, ConvTranspose3dOp,
                   ConvBn1dOp, ConvBn2dOp, ConvBn3dOp, LinearOp, LinearBnOp,
                   InstanceNormOp, LayerNormOp, GroupNormOp, EluOp,
                   HardswishOp, LeakyReluOp, Relu6Op, AddOp, MulOp, CatOp,
                   AddReluOp, PReluOp>(op);
}

OpOperand *mlir::qnn::getWeightOperand(Operation *op) {
  return llvm::TypeSwitch<Operation *, OpOperand *>(op)
      .Case<Conv1dOp, Conv2dOp, Conv3dOp, ConvTranspose1dOp, ConvTranspose2dOp,
            ConvTranspose3dOp, ConvBn1dOp, ConvBn2dOp, ConvBn3dOp, LinearOp,
            LinearBnOp, PReluOp>([](auto op) { return &op.getWeightMutable(); })
      .Default([](Operation *) { return nullptr; });
}

quant::QuantizedType mlir::qnn::getFixedOutputType(Operation *op,
                                                   Type expressedType,
                                                   bool isSigned) {
  // ATen's fixed output qparams for quint8; qint8 shifts the zero point by
  // -128 (quantized sigmoid/hardsigmoid/tanh kernels).
  double scale;
  int64_t zeroPoint;
  if (llvm::isa<SigmoidOp, HardsigmoidOp>(op)) {
    scale = 1.0 / 256.0;
    zeroPoint = 0;
  } else if (llvm::isa<TanhOp>(op)) {
    scale = 2.0 / 256.0;
    zeroPoint = 128;
  } else {
    return {};
  }
  if (isSigned)
    zeroPoint -= 128;
  return quant::UniformQuantizedType::get(
      isSigned ? quant::QuantizationFlags::Signed : 0,
      IntegerType::get(op->getContext(), 8), expressedType, scale, zeroPoint,
      isSigned ? -128 : 0, isSigned ? 127 : 255);
}

quant::QuantizedType
mlir::qnn::getDerivedOutputType(Operation *op,
                                quant::UniformQuantizedType in) {
  if (quant::QuantizedType fixed =
          getFixedOutputType(op, in.getExpressedType(), in.isSigned()))
    return fixed;
  bool isSigned = in.isSigned();
  unsigned width = in.getStorageTypeIntegralWidth();
  int64_t qmin = quant::QuantizedType::getDefaultMinimumForInteger(isSigned, width);
  int64_t qmax = quant::QuantizedType::getDefaultMaximumForInteger(isSigned, width);
  double s = in.getScale();
  int64_t z = in.getZeroPoint();
  double scale;
  int64_t zeroPoint;
  if (auto add = llvm::dyn_cast<AddScalarOp>(op)) {
    double c = add.getScalar().convertToDouble();
    auto cq = static_cast<int64_t>(std::nearbyint(c / s));
    if (qmin > z - cq) {
      scale = ((double)qmax - (z - cq)) / ((double)qmax - qmin) * s;
      zeroPoint = qmin;
    } else if (qmax < z - cq) {
      scale = ((double)(z - cq) - qmin) / ((double)qmax - qmin) * s;
      zeroPoint = qmax;
    } else {
      scale = s;
      zeroPoint = z - cq;
    }
  } else if (isUnobservedFunction(op)) {
    scale = s;
    zeroPoint = z;
  } else if (llvm::isa<GeluOp>(op)) {
    // F.gelu on a quantized tensor: the input's zero point, its scale as the
    // float32 the kernel keeps (at::gelu_quantized_cpu).
    scale = static_cast<float>(s);
    zeroPoint = z;
  } else if (auto mul = llvm::dyn_cast<MulScalarOp>(op)) {
    double c = mul.getScalar().convertToDouble();
    if (c > 0.0) {
      scale = c * s;
      zeroPoint = z;
    } else if (c == 0.0) {
      scale = 1.0;
      zeroPoint = 0;
    } else {
      scale = std::abs(c) * s;
      zeroPoint = qmax - (z - qmin);
    }
  } else {
    return {};
  }
  return quant::UniformQuantizedType::get(
      in.getFlags(), in.getStorageType(), in.getExpressedType(), scale,
      zeroPoint, qmin, qmax);
}

bool mlir::qnn::derivesOutputQParams(Operation *op) {
  return llvm::isa<SigmoidOp, HardsigmoidOp, TanhOp, AddScalarOp, MulScalarOp,
                   GeluOp>(op) ||
         isUnobservedFunction(op);
}

bool mlir::qnn::isPostProcess(Value v) {
  return v.getDefiningOp<ObserveOp>() || v.getDefiningOp<FakeQuantOp>();
}

FailureOr<SmallVector<float>> mlir::qnn::getConstantFloats(Value v) {
  Attribute attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return failure();
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr)) {
    if (!dense.getElementType().isF32())
      return failure();
    return SmallVector<float>(dense.getValues<float>());
  }
  if (auto blob = llvm::dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef())
      return SmallVector<float>(data->begin(), data->end());
  return failure();
}
