//===- AddParams.h - QNNPACK's quantized add constants ----------*- C++ -*-===//
//
// Dependency-free (no MLIR, no LLVM): included by LinalgBuilders.cpp
// (getQuantizedAddParams) and by scripts/check-residual-add-fold.cpp, which
// checks the residual add's folded forms against QNNPACK's add with these
// very constants.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOLINALG_ADDPARAMS_H
#define QNN_CONVERSION_QNNTOLINALG_ADDPARAMS_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

namespace qnn_add_params {

/// QNNPACK's add of quint8 a and b into o: acc = zpp + qa * am + qb * bm,
/// rounded shift right by `shift` (half away from zero), + zeroPoint,
/// clamped to [lo, hi].
struct AddParams {
  int32_t am, bm, zpp, shift, zeroPoint, lo, hi;
};

/// The constants as pytorch_qnnp_add_quantize derives them from the scales
/// (as float32: a / o and b / o), the zero points and the clamp bounds, or
/// nullopt when the shift would be out of [0, 30].
inline std::optional<AddParams> addParams(float aScale, int64_t aZeroPoint,
                                          float bScale, int64_t bZeroPoint,
                                          float oScale, int64_t oZeroPoint,
                                          int64_t lo, int64_t hi) {
  float aos = aScale / oScale, bos = bScale / oScale;
  float maxScale = std::max(aos, bos);
  uint32_t bits;
  std::memcpy(&bits, &maxScale, sizeof bits);
  int32_t maxExp = static_cast<int32_t>(bits >> 23) - 127;
  int32_t shift = 21 - maxExp;
  if (shift < 0 || shift > 30)
    return std::nullopt;
  float mult = std::ldexp(1.0f, shift);
  int64_t am = std::lrintf(aos * mult), bm = std::lrintf(bos * mult);
  AddParams p;
  p.am = static_cast<int32_t>(am);
  p.bm = static_cast<int32_t>(bm);
  p.zpp = static_cast<int32_t>(
      static_cast<uint32_t>(-(am * aZeroPoint + bm * bZeroPoint)));
  p.shift = shift;
  p.zeroPoint = static_cast<int32_t>(oZeroPoint);
  p.lo = static_cast<int32_t>(lo);
  p.hi = static_cast<int32_t>(hi);
  return p;
}

} // namespace qnn_add_params

#endif // QNN_CONVERSION_QNNTOLINALG_ADDPARAMS_H
