//===- EmbeddingQuantization.cpp - weight-only embedding tables -*- C++ -*-===//
//
// nnq.Embedding/EmbeddingBag.from_float with float_qparams_weight_only_qconfig
// (or its 4-bit form): the weight observer runs on the table, each row is
// quantized with a float scale and a float zero point, and the table is
// stored as torch's prepack stores it (rowwise storage, per-row scale and
// bias = -zero_point * scale). See qnn.embedding.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/QuantizationRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "qnn/Dialect/QNN/IR/QParams.h"
#include <cmath>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::quantizesEmbeddingTable(Operation *op) {
  if (!llvm::isa<EmbeddingOp, EmbeddingBagOp>(op))
    return false;
  QConfigAttr qconfig = getActiveQConfig(op);
  return qconfig && qconfig.getWeight() &&
         qconfig.getWeight().getQscheme() ==
             QScheme::per_channel_affine_float_qparams;
}

namespace {

/// One row's float qparams and integers, as PerChannelMinMaxObserver's
/// `_calculate_qparams` (per_channel_affine_float_qparams) and ATen's
/// `quantize_val_float_qparams` compute them in float32.
struct RowQuant {
  float scale, zeroPoint;
  SmallVector<uint8_t> values;
};

RowQuant quantizeRow(ArrayRef<float> row, float lo, float hi, float eps,
                     int64_t qmin, int64_t qmax) {
  RowQuant r;
  r.scale = (hi - lo) / static_cast<float>(qmax - qmin);
  if (!(r.scale > eps))
    r.scale = 1.0f;
  r.zeroPoint = (-1.0f * lo) / r.scale;
  float inv = r.scale == 0.0f ? 1.0f : 1.0f / r.scale;
  for (float x : row) {
    // lrintf(value * inv_scale + zero_point): two float32 roundings.
    float t = x * inv;
    t = t + r.zeroPoint;
    int64_t q = static_cast<int64_t>(std::nearbyint(t));
    r.values.push_back(static_cast<uint8_t>(std::clamp(q, qmin, qmax)));
  }
  return r;
}

} // namespace

LogicalResult mlir::qnn::quantizeEmbeddingTable(Operation *op) {
  Value weight = op->getOperand(1);
  if (llvm::cast<ShapedType>(weight.getType()).getElementType().isInteger(8))
    return success(); // Already a rowwise table.
  ObserverAttr wobs = getActiveQConfig(op).getWeight();
  bool fourBit = wobs.getDtype() == QDType::quint4x2;
  if (wobs.getDtype() != QDType::quint8 && !fourBit)
    return op->emitOpError()
           << "embedding tables quantize to quint8 or quint4x2, got "
           << stringifyQDType(wobs.getDtype());
  if (wobs.getChAxis() != 0)
    return op->emitOpError("a float_qparams embedding weight observer must "
                           "have ch_axis 0 (one row per channel)");
  FailureOr<SmallVector<float>> data = getConstantFloats(weight);
  if (failed(data))
    return op->emitOpError("quantizing an embedding table needs an f32 "
                           "constant weight");
  auto type = llvm::cast<RankedTensorType>(weight.getType());
  int64_t rows = type.getDimSize(0), dim = type.getDimSize(1);
  if (fourBit && dim % 2)
    return op->emitOpError() << "quint4x2 rows need an even embedding_dim "
                                "(torch packs two columns a byte), got "
                             << dim;
  auto bag = llvm::dyn_cast<EmbeddingBagOp>(op);
  if (bag && bag.getIncludeLastOffset())
    return op->emitOpError(
        "torch's convert drops include_last_offset (nnq.EmbeddingBag is "
        "constructed without it), which changes the number of bags");
  if (bag && bag.getMode() != EmbeddingBagMode::sum) {
    op->emitWarning() << "torch's quantized EmbeddingBag always sums: mode '"
                      << stringifyEmbeddingBagMode(bag.getMode())
                      << "' becomes 'sum', as in torch's convert";
    bag.setMode(EmbeddingBagMode::sum);
  }
  if (bag && bag.getPaddingIdx()) {
    op->emitWarning("torch's quantized EmbeddingBag has no padding_idx: its "
                    "rows are summed, as in torch's convert");
    bag.removePaddingIdxAttr();
  }
  if (auto emb = llvm::dyn_cast<EmbeddingOp>(op))
    emb.removePaddingIdxAttr(); // No effect on a forward lookup.

  SmallVector<float> lo, hi;
  computeMinMax(*data, type.getShape(), 0, lo, hi);
  auto [qmin, qmax] = wobs.getQuantRange();
  float eps = static_cast<float>(wobs.getEps().convertToDouble());
  int64_t bytes = fourBit ? dim / 2 : dim;
  SmallVector<int8_t> storage(rows * bytes, 0);
  SmallVector<float> scales, biases;
  for (int64_t r = 0; r < rows; ++r) {
    RowQuant q = quantizeRow(ArrayRef<float>(*data).slice(r * dim, dim), lo[r],
                             hi[r], eps, qmin, qmax);
    for (int64_t j = 0; j < dim; ++j) {
      if (fourBit)
        storage[r * bytes + j / 2] |=
            static_cast<int8_t>(q.values[j] << ((j % 2) * 4));
      else
        storage[r * bytes + j] = static_cast<int8_t>(q.values[j]);
    }
    scales.push_back(q.scale);
    // The prepacked bias: zero_point * scale * -1 in float32.
    biases.push_back(-(q.zeroPoint * q.scale));
  }

  OpBuilder b(op);
  Location loc = op->getLoc();
  auto vector = [&](ArrayRef<float> values) -> Value {
    if (!fourBit)
      return arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({rows}, b.getF32Type()), values));
    // The 4-bit prepack stores scale and bias as at::Half (round to nearest
    // even).
    SmallVector<APFloat> halves;
    for (float v : values) {
      APFloat h(v);
      bool lost;
      h.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
      halves.push_back(h);
    }
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({rows}, b.getF16Type()),
                               halves));
  };
  Value table = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          RankedTensorType::get({rows, bytes}, b.getIntegerType(8)),
          ArrayRef<int8_t>(storage)));
  Value scale = vector(scales), bias = vector(biases);
  auto rewire = [&](auto op) {
    op.getWeightMutable().assign(table);
    op.getRowScaleMutable().assign(scale);
    op.getRowBiasMutable().assign(bias);
    if (fourBit)
      op.setBits(4);
  };
  if (bag)
    rewire(bag);
  else
    rewire(llvm::cast<EmbeddingOp>(op));
  return success();
}
