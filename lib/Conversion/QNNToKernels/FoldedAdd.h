//===- FoldedAdd.h - the residual add's folded form --------------*- C++ -*-===//
//
// Dependency-free (no MLIR, no LLVM): included by GemmEmitter.cpp and by
// scripts/check-residual-add-fold.cpp, which checks the form exhaustively.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOKERNELS_FOLDEDADD_H
#define QNN_CONVERSION_QNNTOKERNELS_FOLDEDADD_H

#include <cstdint>
#include <optional>

namespace qnn_folded_add {

/// The constants of the residual add's folded form. With the exact integer
/// A = zpp + qa * am + qb * bm (qa, qb in [0, 255]) QNNPACK's sum is
/// clamp(rhaz(A / 2^s) + zo, lo, hi), rhaz rounding half away from zero,
/// and rhaz(A / 2^s) + zo = (A - (A < 0) + c) >> s (floor), c = 2^(s-1) +
/// zo * 2^s. When lo >= zo (add_relu, or zo = qmin) the (A < 0) term is
/// dropped: for A < 0 both forms are at most zo, which the clamp raises to
/// lo. The form holds when A - (A < 0) + c fits in i32 for every qa, qb
/// (checked here on the constants); otherwise the unfolded add stays.
/// Checked against QNNPACK's formula for all 65536 (qa, qb) pairs of 10^5
/// random parameter sets with every shift (docs/MicroKernels.md).
struct FoldedAdd {
  int64_t c;
  bool signFix;
};

/// `Params` has the integer fields am, bm, zpp, shift, zeroPoint and lo
/// (QuantizedAddParams in the compiler, the check's own struct).
template <typename Params>
std::optional<FoldedAdd> foldAdd(const Params &a) {
  if (a.shift <= 0 || a.shift > 30 || a.am < 0 || a.bm < 0)
    return std::nullopt;
  bool signFix = a.lo < a.zeroPoint;
  int64_t c =
      (int64_t(1) << (a.shift - 1)) + (int64_t(a.zeroPoint) << a.shift);
  int64_t lowest = int64_t(a.zpp) - (signFix ? 1 : 0) + c;
  int64_t highest = int64_t(a.zpp) + 255 * (int64_t(a.am) + a.bm);
  if (highest > INT32_MAX || highest + c > INT32_MAX ||
      lowest < INT32_MIN || int64_t(a.zpp) - 1 < INT32_MIN)
    return std::nullopt;
  return FoldedAdd{c, signFix};
}

} // namespace qnn_folded_add

#endif // QNN_CONVERSION_QNNTOKERNELS_FOLDEDADD_H
