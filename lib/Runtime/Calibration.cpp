//===- Calibration.cpp - PyTorch observer update rules ----------*- C++ -*-===//
//
// Each expression mirrors torch/ao/quantization/observer.py (1.13) on
// float32 tensors; Python floats meeting float32 tensors round to float32.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/Calibration.h"
#include "qnn/Dialect/QNN/IR/QParams.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {
constexpr int64_t kLanes = 16;

/// Per-tensor min and max as computeMinMax finds them (std::min/std::max
/// from +-inf, one element at a time: NaN never replaces a bound, and of
/// +0 and -0 the first one seen stays), and whether `x` holds a NaN. The
/// lanes each keep that rule over their elements; they agree on the value,
/// and a zero bound takes the sign of the first zero in `x`.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
minMaxNaN(const float *x, int64_t n, float &lo, float &hi, bool &nan) {
  float mn[kLanes], mx[kLanes];
  int32_t isNaN[kLanes] = {};
  for (int64_t l = 0; l < kLanes; ++l) {
    mn[l] = std::numeric_limits<float>::infinity();
    mx[l] = -std::numeric_limits<float>::infinity();
  }
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int64_t l = 0; l < kLanes; ++l) {
      float v = x[i + l];
      mn[l] = v < mn[l] ? v : mn[l];
      mx[l] = mx[l] < v ? v : mx[l];
      isNaN[l] |= v != v;
    }
  for (int64_t l = 0; i + l < n; ++l) {
    float v = x[i + l];
    mn[l] = v < mn[l] ? v : mn[l];
    mx[l] = mx[l] < v ? v : mx[l];
    isNaN[l] |= v != v;
  }
  lo = mn[0];
  hi = mx[0];
  nan = isNaN[0];
  for (int64_t l = 1; l < kLanes; ++l) {
    lo = mn[l] < lo ? mn[l] : lo;
    hi = hi < mx[l] ? mx[l] : hi;
    nan |= isNaN[l] != 0;
  }
  if (lo == 0.0f || hi == 0.0f)
    for (int64_t k = 0; k < n; ++k)
      if (x[k] == 0.0f) {
        if (lo == 0.0f)
          lo = x[k];
        if (hi == 0.0f)
          hi = x[k];
        break;
      }
}

/// The bins of histc's elements, kLanes at a time with the scalar
/// arithmetic (one float32 rounding per operation); `bins` for elements
/// outside [left, right] (and NaN).
__attribute__((target_clones("avx512f", "avx2", "default"))) void
binsOf(const float *x, int64_t n, float left, float right, int32_t bins,
       int32_t *pos) {
  float fbins = static_cast<float>(bins), width = right - left;
  for (int64_t i = 0; i < n; ++i) {
    float elt = x[i];
    float t = elt - left;
    t = t * fbins;
    t = t / width;
    bool in = elt >= left && elt <= right;
    int32_t p = static_cast<int32_t>(in ? t : 0.0f);
    pos[i] = !in ? bins : p >= bins ? bins - 1 : p;
  }
}
} // namespace

std::vector<float> mlir::qnn::histc(llvm::ArrayRef<float> x, int64_t bins,
                                    double min, double max) {
  // torch.histc: min == max means the data's range; still equal, widen by 1.
  if (min == max && !x.empty()) {
    min = *std::min_element(x.begin(), x.end());
    max = *std::max_element(x.begin(), x.end());
  }
  if (min == max) {
    min -= 1;
    max += 1;
  }
  // Bin edges are a float32 linspace; positions use float32 arithmetic.
  float left = static_cast<float>(min), right = static_cast<float>(max);
  std::vector<float> hist(bins, 0.0f);
  if (bins > (1 << 24)) {
    for (float elt : x) {
      if (!(elt >= left && elt <= right))
        continue;
      float t = elt - left;
      t = t * static_cast<float>(bins);
      t = t / (right - left);
      int64_t pos = static_cast<int64_t>(t);
      if (pos >= bins)
        pos = bins - 1;
      hist[pos] += 1.0f;
    }
    return hist;
  }
  // t <= bins * (1 + 2^-22) here: the positions fit int32. The counts are
  // added one by one in element order, as above.
  hist.push_back(0.0f); // the bin of the elements outside the range
  constexpr int64_t kBlock = 1024;
  int32_t pos[kBlock];
  for (size_t i = 0; i < x.size(); i += kBlock) {
    int64_t n = std::min<int64_t>(kBlock, x.size() - i);
    binsOf(x.data() + i, n, left, right, static_cast<int32_t>(bins), pos);
    for (int64_t k = 0; k < n; ++k)
      hist[pos[k]] += 1.0f;
  }
  hist.pop_back();
  return hist;
}

/// HistogramObserver._combine_histograms, with work bounded by the bin count.
/// torch upsamples `newHist` into a zero tensor of bins * downsample entries
/// at startIdx, takes its double cumsum every downsample entries and
/// differentiates. Zeros leave a sequential double sum unchanged, so each
/// sampled cumsum equals the running sum of the upsampled window up to the
/// sampled index: only the bins * upsample window entries are summed.
static std::vector<float> combineHistograms(std::vector<float> origHist,
                                            llvm::ArrayRef<float> newHist,
                                            int64_t upsample,
                                            int64_t downsample,
                                            int64_t startIdx, int64_t bins) {
  int64_t window = bins * upsample;
  std::vector<double> running(window + 1, 0.0);
  for (int64_t k = 0; k < window; ++k)
    running[k + 1] = running[k] + newHist[k / upsample];
  // torch.cumsum(...)[downsample - 1 :: downsample]: bins samples.
  auto integral = [&](int64_t b) {
    int64_t last = (b + 1) * downsample - 1 - startIdx;
    return running[std::clamp<int64_t>(last + 1, 0, window)];
  };
  for (int64_t b = 0; b < bins; ++b) {
    // shifted_integral_histogram is float32 zeros receiving doubles.
    double shifted =
        b == 0 ? 0.0 : static_cast<double>(static_cast<float>(integral(b - 1)));
    double interpolated = (integral(b) - shifted) / upsample;
    origHist[b] = origHist[b] + static_cast<float>(interpolated);
  }
  return origHist;
}

/// int(v) of a float32 observer bound as torch passes it on (to histc's
/// min/max, or as the downsample rate): Python raises on inf/nan, torch on
/// values that do not fit an int64.
static llvm::Expected<int64_t> toInt64(float v, llvm::StringRef what) {
  if (std::isnan(v))
    return llvm::createStringError(
        what + " is NaN (torch raises ValueError: cannot convert float NaN "
               "to integer)");
  if (std::isinf(v))
    return llvm::createStringError(
        what + " is infinite (torch raises OverflowError: cannot convert "
               "float infinity to integer)");
  double t = std::trunc(static_cast<double>(v));
  if (!(t >= -0x1p63 && t < 0x1p63))
    return llvm::createStringError(
        what + " " + llvm::formatv("{0:e}", v) +
        " does not fit an int64 (torch raises RuntimeError: Overflow when "
        "unpacking long)");
  return static_cast<int64_t>(t);
}

void ObserverState::updateMinMax(llvm::ArrayRef<float> lo,
                                 llvm::ArrayRef<float> hi) {
  if (!observer.recordsStatistics() ||
      observer.getKind() == ObserverKind::histogram)
    return;
  llvm::SmallVector<float> mn(minVal.begin(), minVal.end()),
      mx(maxVal.begin(), maxVal.end());
  mergeMinMax(observer, mn, mx, lo, hi);
  minVal.assign(mn.begin(), mn.end());
  maxVal.assign(mx.begin(), mx.end());
}

llvm::Error ObserverState::update(llvm::ArrayRef<float> x,
                                  llvm::ArrayRef<int64_t> shape) {
  if (x.empty() || !observer.recordsStatistics())
    return llvm::Error::success();
  ObserverKind kind = observer.getKind();
  std::optional<int64_t> axis;
  if (observer.isPerChannel()) {
    int64_t a = observer.getChAxis();
    axis = a < 0 ? a + (int64_t)shape.size() : a;
  }
  // torch.aminmax per tensor or along `axis` (computeMinMax, shared with
  // the compile-time observers).
  llvm::SmallVector<float> lo(1), hi(1);
  bool nan = false;
  if (axis)
    mlir::qnn::computeMinMax(x, shape, axis, lo, hi);
  else
    minMaxNaN(x.data(), x.size(), lo[0], hi[0], nan);
  if (kind != ObserverKind::histogram) {
    updateMinMax(lo, hi);
    return llvm::Error::success();
  }
  // torch.aminmax propagates NaN; std::min/max do not.
  if (nan || (axis && llvm::any_of(x, [](float v) { return std::isnan(v); })))
    lo[0] = hi[0] = std::numeric_limits<float>::quiet_NaN();
  int64_t bins = observer.getBins();
  const int64_t upsample = 128;
  if (!initialized() || minVal[0] == maxVal[0]) {
    auto histMin = toInt64(lo[0], "the batch minimum");
    if (!histMin)
      return histMin.takeError();
    auto histMax = toInt64(hi[0], "the batch maximum");
    if (!histMax)
      return histMax.takeError();
    minVal.assign(lo.begin(), lo.end());
    maxVal.assign(hi.begin(), hi.end());
    histogram = histc(x, bins, *histMin, *histMax);
    return llvm::Error::success();
  }
  float combinedMin = std::isnan(lo[0]) ? lo[0] : std::min(lo[0], minVal[0]);
  float combinedMax = std::isnan(hi[0]) ? hi[0] : std::max(hi[0], maxVal[0]);
  // _adjust_min_max
  float histBinWidth =
      (maxVal[0] - minVal[0]) / static_cast<float>(bins * upsample);
  float span = combinedMax - combinedMin;
  float denom = static_cast<float>(bins) * histBinWidth;
  auto downsample = toInt64(std::ceil(span / denom), "the downsample rate");
  if (!downsample)
    return downsample.takeError();
  // torch.zeros(bins * downsample) must have a representable size.
  if (*downsample > std::numeric_limits<int64_t>::max() / bins)
    return llvm::createStringError(
        "the merged histogram would need " + llvm::Twine(bins) + " x " +
        llvm::Twine(*downsample) +
        " bins (torch raises RuntimeError when it allocates them)");
  float e = static_cast<float>(*downsample) * denom;
  e = e - span;
  combinedMax = combinedMax + e;
  float startF = (minVal[0] - combinedMin) / histBinWidth;
  int64_t startIdx = static_cast<int64_t>(std::nearbyint(startF));
  auto histMin = toInt64(combinedMin, "the combined minimum");
  if (!histMin)
    return histMin.takeError();
  auto histMax = toInt64(combinedMax, "the combined maximum");
  if (!histMax)
    return histMax.takeError();
  std::vector<float> combined = histc(x, bins, *histMin, *histMax);
  if (combinedMin == minVal[0] && combinedMax == maxVal[0]) {
    for (int64_t i = 0; i < bins; ++i)
      combined[i] = combined[i] + histogram[i];
  } else {
    // torch assigns the upsampled histogram to [startIdx, startIdx + bins *
    // upsample) of a bins * downsample tensor: a slice that does not fit
    // is a shape mismatch there.
    if (startIdx < 0 || startIdx > bins * *downsample - bins * upsample)
      return llvm::createStringError(
          "the previous histogram does not fit the merged range (start bin " +
          llvm::Twine(startIdx) +
          "; torch raises RuntimeError: shape "
          "mismatch)");
    combined = combineHistograms(combined, histogram, upsample, *downsample,
                                 startIdx, bins);
  }
  histogram = combined;
  minVal = {combinedMin};
  maxVal = {combinedMax};
  return llvm::Error::success();
}
