//===- FoldedAdd.h - the residual add's folded form --------------*- C++ -*-===//
//
// Dependency-free (no MLIR, no LLVM): included by GemmEmitter.h (the epilogue:
// GemmEpilogue.cpp) and by scripts/check-residual-add-fold.cpp, which checks
// the form exhaustively.
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

/// The folded add as two word dot products (vpdpwssd) instead of two i32
/// multiplies, for a conv's value qc (its quint8 value minus its zero point
/// zc, in [convLo - zc, convHi - zc]) and the residual's byte qr: with the
/// conv's and the residual's multipliers cm = ch * 128 + cl and rm = rh *
/// 128 + rl (cl, rl in [0, 127]), the dwords Z1 = (qc & 0xffff) | qr << 16
/// and Z2 = Z1 << 7 per 16-bit word (qc * 128 and qr * 128 fit in i16)
/// give k + Z1 . (cl, rl) + Z2 . (ch, rh) = k + qc * cm + qr * rm exactly
/// (each product fits in i32; the sums wrap like the i32 form's, whose
/// true value fits in i32). k = zpp + zc * cm, plus c unless signFix.
/// With zc = 0 qc is the conv's quint8 byte itself (GemmEmitter::
/// residualPackedRow, whose packs have already added the zero point).
struct PairedAdd {
  int32_t m1, m2;
  int64_t k;
};

template <typename Params>
std::optional<PairedAdd> pairAdd(const Params &a, const FoldedAdd &f,
                                 bool convIsLhs, int64_t zc, int64_t convLo,
                                 int64_t convHi) {
  int64_t cm = convIsLhs ? a.am : a.bm, rm = convIsLhs ? a.bm : a.am;
  if (cm < 0 || rm < 0 || (cm >> 7) > 32767 || (rm >> 7) > 32767 ||
      (convLo - zc) * 128 < -32768 || (convHi - zc) * 128 > 32767 ||
      convLo > convHi)
    return std::nullopt;
  int64_t m1 = (cm & 127) | ((rm & 127) << 16);
  int64_t m2 = (cm >> 7) | ((rm >> 7) << 16);
  return PairedAdd{int32_t(m1), int32_t(m2),
                   int64_t(a.zpp) + zc * cm + (f.signFix ? 0 : f.c)};
}

} // namespace qnn_folded_add

#endif // QNN_CONVERSION_QNNTOKERNELS_FOLDEDADD_H
