//===- QParams.cpp - PyTorch's qparam arithmetic ----------------*- C++ -*-===//
//
// Every expression here mirrors a float32 tensor expression in
// torch/ao/quantization/observer.py (PyTorch 1.13). Python floats that meet
// float32 tensors are converted to float32 first, as PyTorch's type
// promotion does; steps are separate statements so that no FMA contraction
// can change a result.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QParams.h"

#include "mlir/IR/BuiltinTypes.h"
#include <algorithm>
#include <cmath>
#include <limits>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

QParams mlir::qnn::calculateQParams(ObserverAttr observer,
                                    ArrayRef<float> minVal,
                                    ArrayRef<float> maxVal) {
  auto [qmin, qmax] = observer.getQuantRange();
  float eps = static_cast<float>(observer.getEps().convertToDouble());
  bool customRange = observer.getQuantMin().has_value();
  QParams result;
  for (auto [lo, hi] : llvm::zip_equal(minVal, maxVal)) {
    float minNeg = std::min(lo, 0.0f);
    float maxPos = std::max(hi, 0.0f);
    float scale;
    int64_t zeroPoint = 0;
    switch (observer.getQscheme()) {
    case QScheme::per_tensor_symmetric:
    case QScheme::per_channel_symmetric: {
      maxPos = std::max(-minNeg, maxPos);
      float denom = static_cast<float>(static_cast<double>(qmax - qmin) / 2);
      scale = maxPos / denom;
      scale = std::max(scale, eps);
      if (observer.getDtype() == QDType::quint8)
        zeroPoint = customRange ? llvm::divideFloorSigned(qmin + qmax, 2) : 128;
      break;
    }
    case QScheme::per_channel_affine_float_qparams: {
      float range = hi - lo;
      scale = range / static_cast<float>(qmax - qmin);
      if (!(scale > eps))
        scale = 1.0f;
      // PyTorch's zero point is the float -min/scale here; it is rounded to
      // an integer because !quant.uniform zero points are integers.
      float zp = -1.0f * lo;
      zp = zp / scale;
      zeroPoint = static_cast<int64_t>(std::nearbyint(zp));
      break;
    }
    default: {
      float range = maxPos - minNeg;
      scale = range / static_cast<float>(qmax - qmin);
      scale = std::max(scale, eps);
      float ratio = minNeg / scale;
      zeroPoint = qmin - static_cast<int64_t>(std::nearbyint(ratio));
      zeroPoint = std::clamp(zeroPoint, qmin, qmax);
      break;
    }
    }
    result.scales.push_back(scale);
    result.zeroPoints.push_back(zeroPoint);
  }
  return result;
}

std::pair<float, int64_t>
mlir::qnn::chooseQuantizationParams(float min, float max, int64_t qmin,
                                    int64_t qmax, bool preserveSparsity) {
  // C++ arithmetic of quant_utils.h: float / int stays float, a float
  // meeting a double widens.
  if (min < 0 && max > 0 && preserveSparsity) {
    int64_t symQmin = -((qmax - qmin) / 2 + 1);
    int64_t symQmax = (qmax - qmin) / 2;
    float a = std::fabs(min / static_cast<float>(symQmin));
    float b = std::fabs(max / static_cast<float>(symQmax));
    double maxScale = std::max(a, b);
    min = static_cast<float>(maxScale * static_cast<double>(symQmin));
    max = static_cast<float>(maxScale * static_cast<double>(symQmax));
  }
  min = std::min(min, 0.0f);
  max = std::max(max, 0.0f);
  double scale = (static_cast<double>(max) - min) /
                 static_cast<double>(qmax - qmin);
  if (static_cast<float>(scale) == 0.0f ||
      std::isinf(1.0f / static_cast<float>(scale)))
    scale = 0.1;
  const float small = 6.1e-5f;
  if (scale < small) {
    float orgScale = static_cast<float>(scale);
    scale = small;
    if (min == 0.0f) {
      max = small * static_cast<float>(qmax - qmin);
    } else if (max == 0.0f) {
      min = -small * static_cast<float>(qmax - qmin);
    } else {
      float amplifier = small / orgScale;
      min *= amplifier;
      max *= amplifier;
    }
  }
  double fromMin = static_cast<double>(qmin) - min / scale;
  double fromMax = static_cast<double>(qmax) - max / scale;
  double errMin = std::abs(static_cast<double>(qmin)) - std::abs(min / scale);
  double errMax = std::abs(static_cast<double>(qmax)) - std::abs(max / scale);
  double zero = errMin < errMax ? fromMin : fromMax;
  if (min < 0 && max > 0 && preserveSparsity)
    zero = static_cast<double>(qmin + qmax) / 2;
  int64_t zeroPoint;
  if (zero < static_cast<double>(qmin))
    zeroPoint = qmin;
  else if (zero > static_cast<double>(qmax))
    zeroPoint = qmax;
  else
    zeroPoint = static_cast<int64_t>(std::nearbyint(zero));
  return {static_cast<float>(scale), zeroPoint};
}

/// c10::div_floor_floating.
static float divFloor(float a, float b) {
  if (b == 0.0f)
    return a / b;
  float mod = std::fmod(a, b);
  float div = (a - mod) / b;
  if (mod != 0.0f && ((b < 0.0f) != (mod < 0.0f)))
    div -= 1.0f;
  if (div == 0.0f)
    return std::copysign(0.0f, a / b);
  float floordiv = std::floor(div);
  if (div - floordiv > 0.5f)
    floordiv += 1.0f;
  return floordiv;
}

/// HistogramObserver._get_norm on scalars.
static float l2Norm(float deltaBegin, float deltaEnd, float density) {
  float e3 = deltaEnd * deltaEnd;
  e3 = e3 * deltaEnd;
  float b3 = deltaBegin * deltaBegin;
  b3 = b3 * deltaBegin;
  float norm = e3 - b3;
  norm = norm / 3.0f;
  return density * norm;
}

/// HistogramObserver._compute_quantization_error.
static double quantizationError(ArrayRef<float> histogram, float minVal,
                                float maxVal, int64_t dstBins,
                                int64_t startBin, int64_t endBin) {
  int64_t bins = histogram.size();
  double binWidth = (static_cast<double>(maxVal) - minVal) / bins;
  double dstBinWidth = binWidth * (endBin - startBin + 1) / dstBins;
  if (dstBinWidth == 0.0)
    return 0.0;
  float binWidthF = static_cast<float>(binWidth);
  float dstWidthF = static_cast<float>(dstBinWidth);
  float halfDstF = static_cast<float>(dstBinWidth / 2);
  float negHalfDstF = static_cast<float>(-dstBinWidth / 2);
  float maxDst = static_cast<float>(dstBins - 1);
  // Sum in double: torch sums the float32 norms with a cascade whose
  // rounding we do not reproduce; see docs/numerics.md.
  double total = 0.0;
  for (int64_t i = 0; i < bins; ++i) {
    float begin = static_cast<float>(i - startBin) * binWidthF;
    float end = begin + binWidthF;
    float dstBegin = std::clamp(divFloor(begin, dstWidthF), 0.0f, maxDst);
    float dstBeginCenter = (dstBegin + 0.5f) * dstWidthF;
    float dstEnd = std::clamp(divFloor(end, dstWidthF), 0.0f, maxDst);
    float density = histogram[i] / binWidthF;
    float norm = 0.0f;
    norm += l2Norm(begin - dstBeginCenter, halfDstF, density);
    float inner = dstEnd - dstBegin;
    inner = inner - 1.0f;
    norm += inner * l2Norm(negHalfDstF, halfDstF, density);
    float dstEndCenter = dstEnd * dstWidthF;
    dstEndCenter = dstEndCenter + halfDstF;
    norm += l2Norm(negHalfDstF, end - dstEndCenter, density);
    total += norm;
  }
  return static_cast<float>(total);
}

std::pair<float, float>
mlir::qnn::histogramParamSearch(ObserverAttr observer,
                                ArrayRef<float> histogram, float minVal,
                                float maxVal) {
  int64_t bins = histogram.size();
  // dst_nbins = 2 ** torch.iinfo(dtype).bits
  int64_t dstBins = observer.getDtype() == QDType::qint32 ? (1LL << 32) : 256;
  float binWidth = (maxVal - minVal) / static_cast<float>(bins);
  // torch.cumsum accumulates float32 in double and stores float32.
  SmallVector<float> cumSum(bins);
  double acc = 0.0, totalD = 0.0;
  for (int64_t i = 0; i < bins; ++i) {
    acc += histogram[i];
    cumSum[i] = static_cast<float>(acc);
  }
  for (float h : histogram)
    totalD += h;
  double total = static_cast<float>(totalD);

  const double stepsize = 1e-5;
  double alpha = 0.0, beta = 1.0;
  int64_t startBin = 0, endBin = bins - 1;
  double normMin = std::numeric_limits<double>::infinity();
  while (alpha < beta) {
    double nextAlpha = alpha + stepsize;
    double nextBeta = beta - stepsize;
    int64_t l = startBin, r = endBin;
    while (l < endBin && cumSum[l] < static_cast<float>(nextAlpha * total))
      ++l;
    while (r > startBin && cumSum[r] > static_cast<float>(nextBeta * total))
      --r;
    int64_t nextStart = startBin, nextEnd = endBin;
    if ((l - startBin) > (endBin - r)) {
      nextStart = l;
      alpha = nextAlpha;
    } else {
      nextEnd = r;
      beta = nextBeta;
    }
    if (nextStart == startBin && nextEnd == endBin)
      continue;
    double norm = quantizationError(histogram, minVal, maxVal, dstBins,
                                    nextStart, nextEnd);
    if (norm > normMin)
      break;
    normMin = norm;
    startBin = nextStart;
    endBin = nextEnd;
  }
  float newMin = binWidth * static_cast<float>(startBin);
  newMin = minVal + newMin;
  float newMax = binWidth * static_cast<float>(endBin + 1);
  newMax = minVal + newMax;
  return {newMin, newMax};
}

void mlir::qnn::computeMinMax(ArrayRef<float> data, ArrayRef<int64_t> shape,
                              std::optional<int64_t> axis,
                              SmallVectorImpl<float> &minVal,
                              SmallVectorImpl<float> &maxVal) {
  int64_t channels = axis ? shape[*axis] : 1;
  int64_t inner = 1;
  if (axis)
    for (int64_t d = *axis + 1, e = shape.size(); d < e; ++d)
      inner *= shape[d];
  minVal.assign(channels, std::numeric_limits<float>::infinity());
  maxVal.assign(channels, -std::numeric_limits<float>::infinity());
  for (size_t i = 0, e = data.size(); i < e; ++i) {
    int64_t c = axis ? (static_cast<int64_t>(i) / inner) % channels : 0;
    minVal[c] = std::min(minVal[c], data[i]);
    maxVal[c] = std::max(maxVal[c], data[i]);
  }
}

int64_t mlir::qnn::quantizeValue(float x, float scale, int64_t zeroPoint,
                                 int64_t qmin, int64_t qmax) {
  float inv = 1.0f / scale;
  float scaled = x * inv;
  int64_t q = zeroPoint + static_cast<int64_t>(std::nearbyint(scaled));
  return std::clamp(q, qmin, qmax);
}

quant::QuantizedType mlir::qnn::getQuantizedType(ObserverAttr observer,
                                                 const QParams &qparams,
                                                 Type expressedType,
                                                 int32_t axis) {
  MLIRContext *ctx = expressedType.getContext();
  QDType dtype = observer.getDtype();
  bool isSigned = dtype != QDType::quint8 && dtype != QDType::quint4x2;
  unsigned width = dtype == QDType::qint32 ? 32 : 8;
  auto storage = IntegerType::get(ctx, width);
  // The tensor keeps the dtype's full range (quantize_per_tensor clamps to
  // the dtype, not to the observer's possibly reduced range); quint4x2
  // values are 0..15 in 8-bit storage.
  int64_t qmin = quant::QuantizedType::getDefaultMinimumForInteger(isSigned, width);
  int64_t qmax = dtype == QDType::quint4x2
                     ? 15
                     : quant::QuantizedType::getDefaultMaximumForInteger(
                           isSigned, width);
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  if (observer.isPerChannel()) {
    SmallVector<double> scales(qparams.scales.begin(), qparams.scales.end());
    return quant::UniformQuantizedPerAxisType::get(
        flags, storage, expressedType, scales, qparams.zeroPoints, axis, qmin,
        qmax);
  }
  return quant::UniformQuantizedType::get(flags, storage, expressedType,
                                          qparams.scales.front(),
                                          qparams.zeroPoints.front(), qmin,
                                          qmax);
}

void mlir::qnn::mergeMinMax(ObserverAttr observer,
                            SmallVectorImpl<float> &minVal,
                            SmallVectorImpl<float> &maxVal,
                            ArrayRef<float> lo, ArrayRef<float> hi) {
  if (minVal.empty()) {
    minVal.assign(lo.begin(), lo.end());
    maxVal.assign(hi.begin(), hi.end());
    return;
  }
  bool moving = observer.getKind() == ObserverKind::moving_average_minmax ||
                observer.getKind() ==
                    ObserverKind::moving_average_per_channel_minmax;
  float c =
      static_cast<float>(observer.getAveragingConstant().convertToDouble());
  for (size_t i = 0; i < lo.size(); ++i) {
    if (!moving) {
      minVal[i] = std::min(lo[i], minVal[i]);
      maxVal[i] = std::max(hi[i], maxVal[i]);
      continue;
    }
    float dmin = lo[i] - minVal[i];
    dmin = c * dmin;
    minVal[i] = minVal[i] + dmin;
    float dmax = hi[i] - maxVal[i];
    dmax = c * dmax;
    maxVal[i] = maxVal[i] + dmax;
  }
}

QuantizedWeight mlir::qnn::quantizeWeight(ArrayRef<float> data,
                                          RankedTensorType type,
                                          ObserverAttr observer,
                                          const QParams &qparams,
                                          std::optional<int64_t> axis) {
  quant::QuantizedType qtype = getQuantizedType(
      observer, qparams, type.getElementType(), axis.value_or(0));
  // quantize_per_tensor/per_channel clamp to the dtype; _clamp_weights then
  // clamps to the observer's (possibly reduced or custom) range.
  auto [qmin, qmax] = observer.getQuantRange();
  qmin = std::max(qmin, qtype.getStorageTypeMin());
  qmax = std::min(qmax, qtype.getStorageTypeMax());
  int64_t channels = axis ? type.getDimSize(*axis) : 1;
  int64_t inner = 1;
  if (axis)
    for (int64_t d = *axis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
  unsigned width = qtype.getStorageTypeIntegralWidth();
  SmallVector<APInt> values;
  values.reserve(data.size());
  for (size_t i = 0, e = data.size(); i < e; ++i) {
    int64_t c = axis ? (static_cast<int64_t>(i) / inner) % channels : 0;
    int64_t v = quantizeValue(data[i], qparams.scales[c],
                              qparams.zeroPoints[c], qtype.getStorageTypeMin(),
                              qtype.getStorageTypeMax());
    v = std::clamp(v, qmin, qmax);
    values.push_back(APInt(width, v, /*isSigned=*/true));
  }
  auto storage = RankedTensorType::get(
      type.getShape(), IntegerType::get(type.getContext(), width));
  return {RankedTensorType::get(type.getShape(), qtype),
          DenseElementsAttr::get(storage, values)};
}
