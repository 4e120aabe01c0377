// Exhaustive check of the fused residual add's folded form
// (FoldedAdd.h: foldAdd, included here with AddParams.h, the compiler's
// derivation of QNNPACK's add constants; GemmEpilogue.cpp: residualSum,
// packRowStore; docs/MicroKernels.md).
//
//   clang++ -std=c++20 -O2 -mavx512bw -mavx512vnni scripts/check-residual-add-fold.cpp -o /tmp/fold && /tmp/fold
//   (a few minutes; needs an AVX-512 VNNI host)
//
// 1. For random quint8 add qparams (every shift 1-30, foldAdd declines 0;
//    relu or not, random zero points) the folded form, where foldAdd accepts the
//    constants, equals QNNPACK's scalar add (pytorch_qnnp_add_quantize's
//    arithmetic, as torch 1.13's qnnpack engine computes it) for all 65536
//    (qa, qb) pairs.
// 2. vpackuswb(vpackssdw(x)) == clamp(x, 0, 255) for every i32 x.
// 3. GemmEmitter::packRowStore with a zero point (the packed epilogue of
//    convs without an add): vpackssdw, vpaddsw z, vpackuswb (vpacksswb),
//    vpermd, four vectors of 16 lanes, == clamp(x + z) to [0, 255]
//    ([-128, 127]) in channel order, for every i32 x with z in {0, 1, 7,
//    128, 255} (unsigned; {-128, -20, -1, 0, 127} signed), and for every z
//    (all 256 of each type) with x in [-2^18, 2^18] plus the extremes
//    (outside [-2^16, 2^16] the packs see only their saturated bounds).
// 4. The pairs form of the add (FoldedAdd.h: pairAdd, included here;
//    GemmEmitter::residualPairs): two word dot products (vpdpwssd from the
//    constant) instead of two i32 multiplies, against QNNPACK's add for
//    every conv value and residual byte of 40,000 random parameter sets.
// 5. The pairs form with the conv's clamp in the packs (GemmEmitter::
//    residualPackedRow, AVX-512 VNNI rows of 64 channels, multipliers <=
//    0.5): a row's four vectors of conv values before the zero point go
//    through packRow (vpackssdw, vpaddsw zc, vpackuswb, a byte max / min
//    when the conv's range [convLo, convHi] is narrower) and vpermd; the conv's and the residual's bytes are
//    interleaved per 128-bit lane (vpunpck[lh]bw), then with zeros; the
//    pairs (pairAdd with zc = 0) and the result's packs, stored without a
//    shuffle, == torch's conv byte clamp(x + zc, convLo, convHi) added to the
//    residual byte by QNNPACK's add, channel by channel, for every conv byte
//    and residual byte (x in [-zc - 64, 319 - zc] plus i32 extremes; lanes
//    see different pairs, so a wrong lane order fails) of 20,000 random
//    parameter sets. The conv byte for every other i32 x is section 3's.
#include <immintrin.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <random>
#include <vector>

#include "../lib/Conversion/QNNToKernels/FoldedAdd.h"
#include "../lib/Conversion/QNNToLinalg/AddParams.h"

using Params = qnn_add_params::AddParams;

// The compiler's own getQuantizedAddParams arithmetic (AddParams.h).
static std::optional<Params> params(float as, int za, float bs, int zb,
                                    float os, int zo, bool relu) {
  return qnn_add_params::addParams(as, za, bs, zb, os, zo,
                                   relu ? std::max(0, zo) : 0, 255);
}

// QNNPACK's scalar add (i32 wrapping arithmetic).
static int32_t qnnpack(const Params &p, int32_t a, int32_t b) {
  int32_t acc = int32_t(uint32_t(p.zpp) + uint32_t(a * p.am) +
                        uint32_t(b * p.bm));
  int32_t mask = int32_t((uint32_t(1) << p.shift) - 1);
  int32_t rem = (acc & mask) - int32_t(acc < 0);
  int32_t q = (acc >> p.shift) + int32_t(rem > (mask >> 1)) + p.zeroPoint;
  return std::min(std::max(q, p.lo), p.hi);
}

// The compiler's own foldAdd (FoldedAdd.h).
using Folded = qnn_folded_add::FoldedAdd;
static std::optional<Folded> fold(const Params &a) {
  return qnn_folded_add::foldAdd(a);
}

// residualSum's i32 arithmetic (wrapping), then the clamp.
static int32_t folded(const Params &a, const Folded &f, int32_t qa,
                      int32_t qb) {
  auto w = [](int64_t v) { return uint32_t(uint64_t(v)); };
  uint32_t prod = w(qa) * w(a.am) + w(qb) * w(a.bm);
  uint32_t sum;
  if (f.signFix) {
    int32_t whole = int32_t(prod + w(a.zpp));
    sum = uint32_t(whole) + uint32_t(whole >> 31) + w(f.c);
  } else {
    sum = prod + w(int64_t(a.zpp) + f.c);
  }
  int32_t q = int32_t(sum) >> a.shift;
  return std::min(std::max(q, a.lo), a.hi);
}

// One random add: the three scales (a/o and b/o around 2^(21 - target),
// so every shift is covered; a and b swapped at random), the ReLU and the
// output zero point.
struct RandomAdd {
  float as, bs, os;
  bool relu;
  int zo, za, zb;
  std::optional<Params> params() const {
    return ::params(as, za, bs, zb, os, zo, relu);
  }
};
static RandomAdd randomAdd(std::mt19937_64 &rng, int target) {
  std::uniform_real_distribution<float> e(-12.0f, 12.0f), unit(0, 1),
      spread(-6, 0);
  std::uniform_int_distribution<int> z(0, 255), coin(0, 1);
  RandomAdd r;
  r.os = std::exp2(e(rng));
  float ratio = std::exp2(float(21 - target)) * std::exp2(unit(rng));
  r.as = r.os * ratio;
  r.bs = r.os * ratio * std::exp2(spread(rng));
  if (coin(rng))
    std::swap(r.as, r.bs);
  r.relu = coin(rng);
  r.zo = coin(rng) ? z(rng) : (r.relu ? 0 : z(rng));
  r.za = z(rng);
  r.zb = z(rng);
  return r;
}

/// A random add in the pairs form's setting (sections 4 and 5): its params
/// and fold, which operand the conv is, the conv's zero point and its lower
/// bound (a conv with fused ReLU or not). Empty when the add has no params
/// or no fold; draws from `rng` exactly as the sections did inline.
struct PairCase {
  Params p;
  Folded f;
  bool convIsLhs;
  int zc, convLo;
};
static std::optional<PairCase>
pairCase(std::mt19937_64 &rng, long i,
         std::uniform_int_distribution<int> &coin) {
  RandomAdd r = randomAdd(rng, int(i % 31));
  auto p = r.params();
  if (!p)
    return std::nullopt;
  auto f = fold(*p);
  if (!f)
    return std::nullopt;
  bool convIsLhs = coin(rng);
  int zc = convIsLhs ? r.za : r.zb;
  int convLo = coin(rng) ? zc : 0;
  return PairCase{*p, *f, convIsLhs, zc, convLo};
}

/// The pairs form before its clamp (FoldedAdd.h pairAdd;
/// GemmEmitter::residualPairs): two vpdpwssd from k of Z1 and Z1 << 7 per
/// word, the sign term, the shift.
struct PairDots {
  __m512i m1, m2, k, c;
  bool signFix;
  __m128i shift;
  PairDots(const qnn_folded_add::PairedAdd &pa, const Folded &f,
           const Params &p)
      : m1(_mm512_set1_epi32(pa.m1)), m2(_mm512_set1_epi32(pa.m2)),
        k(_mm512_set1_epi32(int32_t(uint32_t(uint64_t(pa.k))))),
        c(_mm512_set1_epi32(int32_t(uint32_t(uint64_t(f.c))))),
        signFix(f.signFix), shift(_mm_cvtsi32_si128(p.shift)) {}
  __m512i operator()(__m512i z1) const {
    __m512i z2 = _mm512_slli_epi16(z1, 7);
    __m512i sum = _mm512_dpwssd_epi32(_mm512_dpwssd_epi32(k, z1, m1), z2, m2);
    if (signFix)
      sum = _mm512_add_epi32(
          _mm512_add_epi32(sum, _mm512_srai_epi32(sum, 31)), c);
    return _mm512_sra_epi32(sum, shift);
  }
};

int main() {
  std::mt19937_64 rng(21);
  std::uniform_real_distribution<float> e(-12.0f, 12.0f);
  std::uniform_int_distribution<int> z(0, 255), coin(0, 1);
  long sets = 0, rejected = 0, perShift[31] = {};
  for (long i = 0; i < 200000; ++i) {
    RandomAdd r = randomAdd(rng, int(i % 31));
    auto p = r.params();
    if (!p)
      continue;
    auto f = fold(*p);
    if (!f) {
      ++rejected;
      continue;
    }
    ++sets;
    ++perShift[p->shift];
    for (int32_t qa = 0; qa < 256; ++qa)
      for (int32_t qb = 0; qb < 256; ++qb)
        if (qnnpack(*p, qa, qb) != folded(*p, *f, qa, qb)) {
          std::printf("MISMATCH shift %d am %d bm %d zpp %d zo %d lo %d: "
                      "qa %d qb %d: %d vs %d\n",
                      p->shift, p->am, p->bm, p->zpp, p->zeroPoint, p->lo,
                      qa, qb, qnnpack(*p, qa, qb), folded(*p, *f, qa, qb));
          return 1;
        }
  }
  std::printf("add: %ld parameter sets x 65536 pairs equal (%ld sets "
              "declined by foldAdd); sets per shift:",
              sets, rejected);
  for (int s = 0; s <= 30; ++s)
    std::printf(" %d:%ld", s, perShift[s]);
  std::printf("\n");

  // 2. The packs' clamp, every i32 (16 per vector): vpackssdw(x, x) and
  // vpackuswb of that put lane i of x in byte 16 * (i / 4) + i % 4.
  __m512i step = _mm512_set1_epi32(16);
  __m512i x = _mm512_add_epi32(
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
      _mm512_set1_epi32(INT32_MIN));
  alignas(64) int32_t xs[16];
  alignas(64) uint8_t bs[64];
  for (uint64_t n = 0; n < (uint64_t(1) << 32); n += 16) {
    __m512i w = _mm512_packs_epi32(x, x);
    _mm512_store_si512(bs, _mm512_packus_epi16(w, w));
    _mm512_store_si512(xs, x);
    for (int i = 0; i < 16; ++i)
      if (bs[16 * (i / 4) + i % 4] != std::min(std::max(xs[i], 0), 255)) {
        std::printf("PACK MISMATCH at %d\n", xs[i]);
        return 1;
      }
    x = _mm512_add_epi32(x, step);
  }
  std::printf("packs: vpackuswb(vpackssdw(x)) == clamp(x, 0, 255) for all "
              "2^32 x\n");

  // 3. The packs with a zero point, as packRowStore emits them.
  auto zeroPointPacks = [](int z, bool isSigned, int64_t from, int64_t to) {
    const __m512i order =
        _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i lanes =
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i zw = _mm512_set1_epi16(int16_t(z));
    const int lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
    alignas(64) int8_t got[64], want[64];
    for (int64_t n = from; n < to; n += 64) {
      __m512i q[4];
      for (int v = 0; v < 4; ++v)
        q[v] = _mm512_add_epi32(_mm512_set1_epi32(int32_t(n + 16 * v)), lanes);
      __m512i w0 = _mm512_adds_epi16(_mm512_packs_epi32(q[0], q[1]), zw);
      __m512i w1 = _mm512_adds_epi16(_mm512_packs_epi32(q[2], q[3]), zw);
      __m512i b = isSigned ? _mm512_packs_epi16(w0, w1)
                           : _mm512_packus_epi16(w0, w1);
      _mm512_store_si512(got, _mm512_permutexvar_epi32(order, b));
      for (int i = 0; i < 64; ++i) {
        int64_t x = int64_t(int32_t(n + i)) + z;
        want[i] = int8_t(std::min<int64_t>(std::max<int64_t>(x, lo), hi));
      }
      for (int i = 0; i < 64; ++i)
        if (got[i] != want[i]) {
          std::printf("ZERO POINT PACK MISMATCH z %d signed %d x %d: %d vs %d\n",
                      z, isSigned, int32_t(n + i), got[i], want[i]);
          return false;
        }
    }
    return true;
  };
  const int64_t all = int64_t(1) << 32, wide = int64_t(1) << 18;
  for (bool isSigned : {false, true}) {
    for (int z : isSigned ? std::initializer_list<int>{-128, -20, -1, 0, 127}
                          : std::initializer_list<int>{0, 1, 7, 128, 255})
      if (!zeroPointPacks(z, isSigned, INT32_MIN, INT32_MIN + all))
        return 1;
    for (int z = isSigned ? -128 : 0; z <= (isSigned ? 127 : 255); ++z)
      if (!zeroPointPacks(z, isSigned, -wide, wide) ||
          !zeroPointPacks(z, isSigned, INT32_MIN, INT32_MIN + 4096) ||
          !zeroPointPacks(z, isSigned, INT32_MAX - 4095 - 63, INT32_MAX - 63))
        return 1;
  }
  std::printf("zero-point packs: clamp(x + z) for every i32 x (10 zero "
              "points) and every zero point (|x| <= 2^18 and the extremes)\n");

  // 4. The pairs form (FoldedAdd.h: pairAdd; GemmEmitter::residualPairs):
  // Two vpdpwssd from k of Z1 = (qc & 0xffff) | qr << 16 and Z2 = Z1 <<
  // 7 per word, plus k, the sign term, the shift and the clamp, against
  // QNNPACK's add for every conv value (quint8 conv, relu or not) and every
  // residual byte of random parameter sets, the conv as either operand.
  {
    std::mt19937_64 prng(15);
    long pairedSets = 0, declined = 0;
    const __m512i lanes =
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (long i = 0; i < 40000; ++i) {
      auto pc = pairCase(prng, i, coin);
      if (!pc)
        continue;
      const auto &[p, f, convIsLhs, zc, convLo] = *pc;
      auto pa = qnn_folded_add::pairAdd(p, f, convIsLhs, zc, convLo, 255);
      if (!pa) {
        ++declined;
        continue;
      }
      ++pairedSets;
      const PairDots pairs(*pa, f, p);
      alignas(64) int32_t got[16];
      for (int qa = convLo; qa <= 255; ++qa)
        for (int qb0 = 0; qb0 < 256; qb0 += 16) {
          __m512i qc = _mm512_set1_epi32(qa - zc);
          __m512i qr = _mm512_add_epi32(_mm512_set1_epi32(qb0), lanes);
          __m512i z1 = _mm512_or_si512(
              _mm512_and_si512(qc, _mm512_set1_epi32(0xffff)),
              _mm512_slli_epi32(qr, 16));
          __m512i sum = pairs(z1);
          sum = _mm512_min_epi32(_mm512_max_epi32(sum, _mm512_set1_epi32(p.lo)),
                                 _mm512_set1_epi32(p.hi));
          _mm512_store_si512(got, sum);
          for (int l = 0; l < 16; ++l) {
            int qb = qb0 + l;
            int want = convIsLhs ? qnnpack(p, qa, qb) : qnnpack(p, qb, qa);
            if (got[l] != want) {
              std::printf("PAIRS MISMATCH shift %d am %d bm %d zpp %d zo %d "
                          "lhs %d zc %d: qa %d qb %d: %d vs %d\n",
                          p.shift, p.am, p.bm, p.zpp, p.zeroPoint,
                          convIsLhs, zc, qa, qb, got[l], want);
              return 1;
            }
          }
        }
    }
    std::printf("pairs: %ld parameter sets x every (conv value, residual "
                "byte) equal (%ld declined by pairAdd)\n",
                pairedSets, declined);
  }

  // 5. The packed conv bytes and the pairs (GemmEmitter::residualPackedRow).
  {
    std::mt19937_64 prng(16);
    long packedSets = 0, declined = 0, rows = 0;
    const __m512i order =
        _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i zero = _mm512_setzero_si512();
    const int32_t extremes[] = {INT32_MIN, INT32_MIN + 1, -65536, -32769,
                                -32768,    -32767,        32767,  32768,
                                65535,     INT32_MAX - 1, INT32_MAX};
    for (long i = 0; i < 20000; ++i) {
      auto pc = pairCase(prng, i, coin);
      if (!pc)
        continue;
      const auto &[p, f, convIsLhs, zc, convLo] = *pc;
      // The conv's upper bound (p.out.qmax): the type's 255, or below it.
      int convHi = coin(prng) ? 255 : std::uniform_int_distribution<int>(
                                          convLo, 255)(prng);
      auto pa = qnn_folded_add::pairAdd(p, f, convIsLhs, /*zc=*/0, convLo,
                                        convHi);
      if (!pa) {
        ++declined;
        continue;
      }
      ++packedSets;
      const __m512i zw = _mm512_set1_epi16(int16_t(zc));
      const PairDots pairs(*pa, f, p);
      // The conv values x (before the zero point): every byte and beyond.
      std::vector<int32_t> xs;
      for (int x = -zc - 64; x <= 319 - zc; ++x)
        xs.push_back(x);
      xs.insert(xs.end(), std::begin(extremes), std::end(extremes));
      const long nx = long(xs.size()), pairsTotal = nx * 256;
      alignas(64) int32_t x[64];
      alignas(64) uint8_t res[64], got[64];
      for (long base = 0; base < pairsTotal; base += 64) {
        // Pair n: conv value xs[n % nx], residual byte (n / nx + n % nx) %
        // 256 (a bijection of [0, nx * 256)), so neighbouring lanes differ
        // in both.
        for (int l = 0; l < 64; ++l) {
          long n = (base + l) % pairsTotal;
          x[l] = xs[n % nx];
          res[l] = uint8_t((n / nx + n % nx) % 256);
        }
        __m512i q[4];
        for (int v = 0; v < 4; ++v)
          q[v] = _mm512_load_si512(x + 16 * v);
        __m512i w0 = _mm512_adds_epi16(_mm512_packs_epi32(q[0], q[1]), zw);
        __m512i w1 = _mm512_adds_epi16(_mm512_packs_epi32(q[2], q[3]), zw);
        __m512i conv = _mm512_packus_epi16(w0, w1);
        if (convLo > 0)
          conv = _mm512_max_epu8(conv, _mm512_set1_epi8(char(convLo)));
        if (convHi < 255)
          conv = _mm512_min_epu8(conv, _mm512_set1_epi8(char(convHi)));
        conv = _mm512_permutexvar_epi32(order, conv);
        __m512i rv = _mm512_load_si512(res);
        __m512i lo = _mm512_unpacklo_epi8(conv, rv);
        __m512i hi = _mm512_unpackhi_epi8(conv, rv);
        __m512i s0 = pairs(_mm512_unpacklo_epi8(lo, zero));
        __m512i s1 = pairs(_mm512_unpackhi_epi8(lo, zero));
        __m512i s2 = pairs(_mm512_unpacklo_epi8(hi, zero));
        __m512i s3 = pairs(_mm512_unpackhi_epi8(hi, zero));
        __m512i out = _mm512_packus_epi16(_mm512_packs_epi32(s0, s1),
                                          _mm512_packs_epi32(s2, s3));
        if (p.lo > 0)
          out = _mm512_max_epu8(out, _mm512_set1_epi8(char(p.lo)));
        if (p.hi < 255)
          out = _mm512_min_epu8(out, _mm512_set1_epi8(char(p.hi)));
        _mm512_store_si512(got, out);
        ++rows;
        for (int l = 0; l < 64; ++l) {
          int qc = int(std::min<int64_t>(
              std::max<int64_t>(int64_t(x[l]) + zc, convLo), convHi));
          int want = convIsLhs ? qnnpack(p, qc, res[l]) : qnnpack(p, res[l], qc);
          if (got[l] != want) {
            std::printf("PACKED PAIRS MISMATCH shift %d am %d bm %d zpp %d "
                        "zo %d lo %d lhs %d zc %d conv [%d, %d]: channel %d x %d "
                        "residual %d: %d vs %d\n",
                        p.shift, p.am, p.bm, p.zpp, p.zeroPoint, p.lo,
                        convIsLhs, zc, convLo, convHi, l, x[l], res[l], got[l],
                        want);
            return 1;
          }
        }
      }
    }
    std::printf("packed pairs: %ld parameter sets x every (conv byte, "
                "residual byte), %ld rows of 64 (%ld declined by pairAdd)\n",
                packedSets, rows, declined);
  }
  return 0;
}
