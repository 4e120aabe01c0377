//===- QParams.h - PyTorch's qparam arithmetic ------------------*- C++ -*-===//
//
// The one place that computes quantization parameters, exactly as PyTorch
// 1.13's observers do (float32 arithmetic, round half to even):
// `_ObserverBase._calculate_qparams`, `HistogramObserver`'s non-linear
// search, per-tensor/per-channel min/max, and `quantize_val`.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QPARAMS_H
#define QNN_DIALECT_QNN_IR_QPARAMS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::qnn {

/// Scales and zero points, one entry per tensor or one per channel.
struct QParams {
  SmallVector<float> scales;
  SmallVector<int64_t> zeroPoints;
};

/// `_ObserverBase._calculate_qparams(min_val, max_val)` for `observer`.
/// `minVal`/`maxVal` hold one value (per tensor) or one per channel.
QParams calculateQParams(ObserverAttr observer, ArrayRef<float> minVal,
                         ArrayRef<float> maxVal);

/// ATen's `quant_utils::ChooseQuantizationParams(min, max, qmin, qmax,
/// preserve_sparsity)` (double intermediates, the 0.1 fallback for a zero or
/// overflowing scale, the 6.1e-5 small-scale cut-off, the mid-range zero
/// point for a symmetric range), as `fused_moving_avg_obs_fake_quant` calls
/// it with `preserve_sparsity` = symmetric qscheme: one (scale as float32,
/// zero point).
std::pair<float, int64_t> chooseQuantizationParams(float min, float max,
                                                   int64_t qmin, int64_t qmax,
                                                   bool preserveSparsity);

/// `HistogramObserver._non_linear_param_search`: the (min, max) that
/// minimizes the L2 quantization error of `histogram` over
/// [minVal, maxVal].
std::pair<float, float> histogramParamSearch(ObserverAttr observer,
                                             ArrayRef<float> histogram,
                                             float minVal, float maxVal);

/// Per-tensor min/max of `data` (one entry each), or per-channel along
/// `axis` of `shape` (one entry per channel), as `torch.aminmax`.
void computeMinMax(ArrayRef<float> data, ArrayRef<int64_t> shape,
                   std::optional<int64_t> axis, SmallVectorImpl<float> &minVal,
                   SmallVectorImpl<float> &maxVal);

/// A min/max observer's forward on a batch whose min and max (one value, or
/// one per channel) are `batchMin`/`batchMax`: running min/max, or the
/// moving average `min + c * (batch_min - min)` in float32. `minVal`/`maxVal`
/// are empty before the first batch.
void mergeMinMax(ObserverAttr observer, SmallVectorImpl<float> &minVal,
                 SmallVectorImpl<float> &maxVal, ArrayRef<float> batchMin,
                 ArrayRef<float> batchMax);

/// `quantize_val`: clamp(zero_point + nearbyint(x * (1.0f / scale))).
int64_t quantizeValue(float x, float scale, int64_t zeroPoint, int64_t qmin,
                      int64_t qmax);

/// The `!quant.uniform` element type for `qparams` with `observer`'s dtype
/// and range, expressing `expressedType`; per-axis along `axis` when the
/// observer is per-channel.
quant::QuantizedType getQuantizedType(ObserverAttr observer,
                                      const QParams &qparams,
                                      Type expressedType, int32_t axis);

/// A weight quantized at compile time: its `!quant.uniform` tensor type and
/// its integer storage values.
struct QuantizedWeight {
  RankedTensorType type;
  DenseElementsAttr values;
};

/// `_quantize_weight`: quantizes `data` (of float tensor type `type`) with
/// `qparams` per tensor, or per channel along `axis`, then clamps to the
/// observer's quant range as `_clamp_weights` does.
QuantizedWeight quantizeWeight(ArrayRef<float> data, RankedTensorType type,
                               ObserverAttr observer, const QParams &qparams,
                               std::optional<int64_t> axis);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QPARAMS_H
