//===- HostConvolution.cpp - qnn-calibrate's float conv on the host -*- C++ -*-===//
//
// out[n, g*Fg + f, p] = sum over k of w[g*Fg + f, k] * col[n, g, k, p]: a
// GEMM per image and group, with k = ((c * KD + kd) * KH + kh) * KW + kw
// running over the group's input channels and the kernel window and
// p = (od * OH + oh) * OW + ow over the output pixels (1-D and 2-D
// convolutions have unit depth and height). col (im2col, zero outside the
// image) is packed into panels of 16 columns, k-major (a masked vector load
// per k where the panel's columns read consecutive inputs, a gather
// elsewhere), so the micro-kernel loads one
// 16-float vector per k and multiplies it by MR weights broadcast from MR
// rows of w. The sum over k runs in order, one fused multiply-add per
// product, on every ISA (see HostConvolution.h); blocking k only stores
// the running sums in the output and reloads them, which rounds nothing.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/HostConvolution.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/ModelRunner.h"

#include "llvm/Support/Parallel.h"

#include <algorithm>
#if defined(__x86_64__)
#include <immintrin.h>
#define QNN_HOST_X86 1 // AVX-512 / AVX2 copies, chosen at run time
#endif
#include <cstdlib>
#include <cstring>
#include <vector>

// No contraction beyond the explicit fused multiply-adds.
#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {
constexpr int64_t kNR = 16;   // columns per panel: one vector
constexpr int64_t kKC = 256;  // k block: a panel's block stays in L1
constexpr int64_t kChunkPanels = 8; // columns a task packs: 8 panels
typedef float V16 __attribute__((ext_vector_type(16)));

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// A convolution in NCDHW form (1-D and 2-D ones with unit depth and
/// height).
struct Problem {
  const float *x;
  int64_t n, c, d, h, w;
  const float *wt;
  int64_t f, cg, kd, kh, kw;
  float *out;
  int64_t od, oh, ow;
  int64_t groups, sd, sh, sw, pd, ph, pw, dd, dh, dw;
  int64_t k() const { return cg * kd * kh * kw; }
  int64_t p() const { return od * oh * ow; }
  int64_t fg() const { return f / groups; }
  int64_t plane() const { return d * h * w; }
};

/// A panel's columns: lane l is output column p0 + l, its window's corner
/// in the input at (bd, bh, bw); lanes at or past `live` are padding,
/// placed far outside the input so that every kernel offset misses it.
struct PanelLanes {
  alignas(64) int32_t bd[kNR], bh[kNR], bw[kNR];
  int64_t live;
};

PanelLanes laneBases(const Problem &pr, int64_t p0, int64_t cols) {
  PanelLanes lanes;
  lanes.live = std::min(kNR, cols);
  int64_t zw = p0 % pr.ow, zh = p0 / pr.ow % pr.oh, zd = p0 / (pr.ow * pr.oh);
  for (int64_t l = 0; l < kNR; ++l) {
    if (l >= lanes.live) {
      lanes.bd[l] = lanes.bh[l] = lanes.bw[l] = -(1 << 30);
      continue;
    }
    lanes.bd[l] = static_cast<int32_t>(zd * pr.sd - pr.pd);
    lanes.bh[l] = static_cast<int32_t>(zh * pr.sh - pr.ph);
    lanes.bw[l] = static_cast<int32_t>(zw * pr.sw - pr.pw);
    if (++zw == pr.ow) {
      zw = 0;
      if (++zh == pr.oh) {
        zh = 0;
        ++zd;
      }
    }
  }
  return lanes;
}

/// One panel of the im2col matrix: dst[k][lane] for k = ((c * kd + a) *
/// kh + i) * kw + j, zero outside the input and in padding lanes.
void packPanelGeneric(const Problem &pr, const float *src,
                      const PanelLanes &lanes, float *dst) {
  for (int64_t c = 0; c < pr.cg; ++c) {
    const float *plane = src + c * pr.plane();
    for (int64_t a = 0; a < pr.kd; ++a)
      for (int64_t i = 0; i < pr.kh; ++i)
        for (int64_t j = 0; j < pr.kw; ++j, dst += kNR)
          for (int64_t l = 0; l < kNR; ++l) {
            int64_t id = lanes.bd[l] + a * pr.dd, ih = lanes.bh[l] + i * pr.dh,
                    iw = lanes.bw[l] + j * pr.dw;
            bool in = static_cast<uint64_t>(id) < static_cast<uint64_t>(pr.d) &&
                      static_cast<uint64_t>(ih) < static_cast<uint64_t>(pr.h) &&
                      static_cast<uint64_t>(iw) < static_cast<uint64_t>(pr.w);
            dst[l] = in ? plane[(id * pr.h + ih) * pr.w + iw] : 0.0f;
          }
  }
}

#ifdef QNN_HOST_X86
/// packPanelGeneric with 16-lane masks: a masked load where the valid
/// lanes read consecutive input elements (inside an input row), a gather
/// otherwise. Offsets are int32: the caller checks the input's size.
__attribute__((target("avx512f"))) void
packPanelAVX512(const Problem &pr, const float *src, const PanelLanes &lanes,
                float *dst) {
  const __m512i bd = _mm512_load_si512(lanes.bd),
                bh = _mm512_load_si512(lanes.bh),
                bw = _mm512_load_si512(lanes.bw);
  const __m512i iota = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
                                        5, 4, 3, 2, 1, 0);
  const __m512i D = _mm512_set1_epi32(static_cast<int32_t>(pr.d)),
                H = _mm512_set1_epi32(static_cast<int32_t>(pr.h)),
                W = _mm512_set1_epi32(static_cast<int32_t>(pr.w));
  const __mmask16 live =
      static_cast<__mmask16>((uint32_t{1} << lanes.live) - 1);
  for (int64_t c = 0; c < pr.cg; ++c) {
    const float *plane = src + c * pr.plane();
    for (int64_t a = 0; a < pr.kd; ++a) {
      __m512i id = _mm512_add_epi32(
          bd, _mm512_set1_epi32(static_cast<int32_t>(a * pr.dd)));
      __mmask16 md = _mm512_mask_cmplt_epu32_mask(live, id, D);
      for (int64_t i = 0; i < pr.kh; ++i) {
        __m512i ih = _mm512_add_epi32(
            bh, _mm512_set1_epi32(static_cast<int32_t>(i * pr.dh)));
        __mmask16 mh = _mm512_mask_cmplt_epu32_mask(md, ih, H);
        __m512i row = _mm512_mullo_epi32(
            _mm512_add_epi32(_mm512_mullo_epi32(id, H), ih), W);
        for (int64_t j = 0; j < pr.kw; ++j, dst += kNR) {
          __m512i iw = _mm512_add_epi32(
              bw, _mm512_set1_epi32(static_cast<int32_t>(j * pr.dw)));
          __mmask16 m = _mm512_mask_cmplt_epu32_mask(mh, iw, W);
          __m512i off = _mm512_add_epi32(row, iw);
          int32_t first = _mm_cvtsi128_si32(_mm512_castsi512_si128(off));
          __m512i run = _mm512_add_epi32(_mm512_set1_epi32(first), iota);
          __m512 v;
          if (_mm512_mask_cmpeq_epi32_mask(m, off, run) == m)
            v = _mm512_maskz_loadu_ps(m, plane + first);
          else
            v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, off, plane,
                                         4);
          _mm512_storeu_ps(dst, v);
        }
      }
    }
  }
}

#endif // QNN_HOST_X86

using PackFn = void (*)(const Problem &, const float *, const PanelLanes &,
                        float *);

/// Packs columns [p0, p0 + cols) of image `img`'s, group `g`'s im2col
/// matrix into panels: dst[panel][k][lane], the last panel zero-filled.
void packPanels(PackFn pack, const Problem &pr, int64_t img, int64_t g,
                int64_t p0, int64_t cols, float *dst) {
  const float *src = pr.x + (img * pr.c + g * pr.cg) * pr.plane();
  for (int64_t q = 0; q < cols; q += kNR, dst += pr.k() * kNR)
    pack(pr, src, laneBases(pr, p0 + q, cols - q), dst);
}

/// C[MR x cols] (+)= A[MR x kc] * B[kc x 16], one k at a time, each a
/// fused multiply-add (llvm.fma: one rounding on every target).
template <int MR>
__attribute__((always_inline)) inline void
microKernel(const float *a, int64_t lda, const float *b, int64_t kc, float *c,
            int64_t ldc, int64_t cols, bool accumulate) {
  // Full panels load and store whole vectors; a partial one goes through
  // a zeroed row (a variable-size copy).
  V16 acc[MR];
  for (int r = 0; r < MR; ++r) {
    if (!accumulate) {
      acc[r] = V16(0.0f);
    } else if (cols == kNR) {
      std::memcpy(&acc[r], c + r * ldc, sizeof(V16));
    } else {
      float row[kNR] = {};
      std::memcpy(row, c + r * ldc, cols * sizeof(float));
      std::memcpy(&acc[r], row, sizeof(row));
    }
  }
  for (int64_t k = 0; k < kc; ++k) {
    V16 v;
    std::memcpy(&v, b + k * kNR, sizeof(v));
#pragma unroll
    for (int r = 0; r < MR; ++r)
      acc[r] = __builtin_elementwise_fma(V16(a[r * lda + k]), v, acc[r]);
  }
  for (int r = 0; r < MR; ++r) {
    if (cols == kNR) {
      std::memcpy(c + r * ldc, &acc[r], sizeof(V16));
      continue;
    }
    float row[kNR];
    std::memcpy(row, &acc[r], sizeof(row));
    std::memcpy(c + r * ldc, row, cols * sizeof(float));
  }
}

/// The last rows of a block (fewer than MR) with the kernel of that height.
template <int M>
__attribute__((always_inline)) inline void
tailKernel(int64_t rows, const float *a, int64_t lda, const float *b,
           int64_t kc, float *c, int64_t ldc, int64_t cols, bool accumulate) {
  if constexpr (M > 0) {
    if (rows == M)
      return microKernel<M>(a, lda, b, kc, c, ldc, cols, accumulate);
    tailKernel<M - 1>(rows, a, lda, b, kc, c, ldc, cols, accumulate);
  }
}

/// C[rows x cols] = A[rows x K] * packed B, blocked over k and rows.
template <int MR>
__attribute__((always_inline)) inline void
gemmBlock(const float *a, int64_t K, int64_t rows, const float *packed,
          int64_t cols, float *c, int64_t ldc) {
  constexpr int64_t MC = MR * 16;
  int64_t panels = ceilDiv(cols, kNR);
  for (int64_t pc = 0; pc < K; pc += kKC) {
    int64_t kc = std::min(kKC, K - pc);
    for (int64_t ic = 0; ic < rows; ic += MC) {
      int64_t mc = std::min(MC, rows - ic);
      for (int64_t jp = 0; jp < panels; ++jp) {
        int64_t nc = std::min(kNR, cols - jp * kNR);
        const float *b = packed + jp * K * kNR + pc * kNR;
        float *cp = c + ic * ldc + jp * kNR;
        const float *ap = a + ic * K + pc;
        int64_t ir = 0;
        for (; ir + MR <= mc; ir += MR)
          microKernel<MR>(ap + ir * K, K, b, kc, cp + ir * ldc, ldc, nc,
                          pc > 0);
        tailKernel<MR - 1>(mc - ir, ap + ir * K, K, b, kc, cp + ir * ldc,
                           ldc, nc, pc > 0);
      }
    }
  }
}

using GemmFn = void (*)(const float *, int64_t, int64_t, const float *,
                        int64_t, float *, int64_t);

// One copy per ISA; the micro-kernel's height fills the vector registers
// (12 accumulators of 16 floats: 12 zmm, or 12 ymm for 6 rows). The vector
// copies need the FMA instruction; the generic one gets llvm.fma lowered
// to the target's FMA (aarch64) or to fmaf calls (x86-64 without FMA).
#ifdef QNN_HOST_X86
__attribute__((target("avx512f,fma"))) void
gemmAVX512(const float *a, int64_t K, int64_t rows, const float *packed,
           int64_t cols, float *c, int64_t ldc) {
  gemmBlock<12>(a, K, rows, packed, cols, c, ldc);
}
__attribute__((target("avx2,fma"))) void gemmAVX2(const float *a, int64_t K,
                                              int64_t rows,
                                              const float *packed,
                                              int64_t cols, float *c,
                                              int64_t ldc) {
  gemmBlock<6>(a, K, rows, packed, cols, c, ldc);
}
#endif // QNN_HOST_X86
void gemmGeneric(const float *a, int64_t K, int64_t rows, const float *packed,
                 int64_t cols, float *c, int64_t ldc) {
  gemmBlock<3>(a, K, rows, packed, cols, c, ldc);
}

struct ISA {
  const char *name;
  GemmFn gemm;
  PackFn pack;
};

/// The widest ISA this machine runs, or QNN_HOST_CONV_ISA's (`generic`,
/// `avx2`, `avx512`) when that is set and supported here. Other hosts
/// (aarch64) run the generic copy.
ISA chooseISA() {
#ifndef QNN_HOST_X86
  return {"generic", gemmGeneric, packPanelGeneric};
#else
  __builtin_cpu_init();
  bool fma = __builtin_cpu_supports("fma");
  bool avx512 = fma && __builtin_cpu_supports("avx512f");
  bool avx2 = fma && __builtin_cpu_supports("avx2");
  std::string want;
  if (const char *env = std::getenv("QNN_HOST_CONV_ISA"))
    want = env;
  if (want == "generic")
    return {"generic", gemmGeneric, packPanelGeneric};
  if (avx512 && (want.empty() || want == "avx512"))
    return {"avx512", gemmAVX512, packPanelAVX512};
  if (avx2 && (want.empty() || want == "avx2" || want == "avx512"))
    return {"avx2", gemmAVX2, packPanelGeneric};
  return {"generic", gemmGeneric, packPanelGeneric};
#endif
}

const ISA &hostISA() {
  static const ISA chosen = chooseISA();
  return chosen;
}
} // namespace

const char *mlir::qnn::hostConvolutionISA() { return hostISA().name; }

void mlir::qnn::hostConvolution(const float *x, const int64_t xShape[5],
                                const float *w, const int64_t wShape[5],
                                float *out, const int64_t outShape[5],
                                int64_t groups, const int64_t stride[3],
                                const int64_t padding[3],
                                const int64_t dilation[3]) {
  Problem pr{x,          xShape[0],   xShape[1],   xShape[2],   xShape[3],
             xShape[4],  w,           wShape[0],   wShape[1],   wShape[2],
             wShape[3],  wShape[4],   out,         outShape[2], outShape[3],
             outShape[4], groups,     stride[0],   stride[1],   stride[2],
             padding[0], padding[1],  padding[2],  dilation[0], dilation[1],
             dilation[2]};
  int64_t K = pr.k(), P = pr.p(), fg = pr.fg();
  if (P == 0 || fg == 0 || pr.n == 0)
    return;
  if (K == 0) {
    std::fill(out, out + pr.n * pr.f * P, 0.0f);
    return;
  }
  // Tasks: images x groups x column chunks, and row chunks when that gives
  // too few to keep every thread busy (small late-layer images). Each task
  // packs its own columns and writes its own outputs.
  int64_t colChunks = ceilDiv(ceilDiv(P, kNR), kChunkPanels);
  int64_t base = pr.n * groups * colChunks;
  int64_t threads =
      std::max<int64_t>(1, llvm::parallel::strategy.compute_thread_count());
  int64_t rowChunk = fg;
  if (threads > 1 && base < 4 * threads)
    rowChunk = std::max<int64_t>(
        24, ceilDiv(ceilDiv(fg, ceilDiv(4 * threads, base)), 24) * 24);
  int64_t rowChunks = ceilDiv(fg, rowChunk);
  GemmFn gemm = hostISA().gemm;
  // The vector packer's offsets are int32 within one image's group.
  PackFn pack = pr.cg * pr.plane() < (int64_t{1} << 31) ? hostISA().pack
                                                        : packPanelGeneric;
  int64_t chunkFloats = kChunkPanels * kNR * K;
  auto chunkOf = [&](int64_t t, int64_t &g, int64_t &img, int64_t &p0,
                     int64_t &cols) {
    int64_t cc = t % colChunks, rest = t / colChunks;
    g = rest % groups;
    img = rest / groups;
    p0 = cc * kChunkPanels * kNR;
    cols = std::min(kChunkPanels * kNR, P - p0);
  };
  if (rowChunks == 1) {
    // Each task packs its columns and multiplies them by all the rows.
    llvm::parallelFor(0, static_cast<size_t>(base), [&](size_t t) {
      int64_t g, img, p0, cols;
      chunkOf(t, g, img, p0, cols);
      thread_local std::vector<float> packed;
      if (packed.size() < static_cast<size_t>(chunkFloats))
        packed.resize(chunkFloats);
      packPanels(pack, pr, img, g, p0, cols, packed.data());
      gemm(w + g * fg * K, K, fg, packed.data(), cols,
           out + (img * pr.f + g * fg) * P + p0, P);
    });
    return;
  }
  // Few columns: pack every chunk once, then split the rows too.
  std::vector<float> packed(static_cast<size_t>(base * chunkFloats));
  llvm::parallelFor(0, static_cast<size_t>(base), [&](size_t t) {
    int64_t g, img, p0, cols;
    chunkOf(t, g, img, p0, cols);
    packPanels(pack, pr, img, g, p0, cols, packed.data() + t * chunkFloats);
  });
  llvm::parallelFor(0, static_cast<size_t>(base * rowChunks), [&](size_t t) {
    int64_t g, img, p0, cols;
    int64_t chunk = t / rowChunks, r0 = (t % rowChunks) * rowChunk;
    chunkOf(chunk, g, img, p0, cols);
    gemm(w + (g * fg + r0) * K, K, std::min(rowChunk, fg - r0),
         packed.data() + chunk * chunkFloats, cols,
         out + (img * pr.f + g * fg + r0) * P + p0, P);
  });
}

/// The kHostConvName call, in the default calling convention: the i64
/// parameters, then each unranked memref as (rank, descriptor), the
/// descriptor {allocated, aligned, offset, sizes[rank], strides[rank]}.
/// Ranks 3 to 5 (1-D to 3-D convolutions) become NCDHW with unit depth and
/// height; the parameters are already the three (depth, height, width).
extern "C" void qnnHostConvF32(int64_t groups, int64_t sd, int64_t sh,
                               int64_t sw, int64_t pd, int64_t ph, int64_t pw,
                               int64_t dd, int64_t dh, int64_t dw,
                               int64_t xRank, void *xDesc, int64_t wRank,
                               void *wDesc, int64_t outRank, void *outDesc) {
  auto view = [](int64_t rank, void *desc, int64_t shape[5]) {
    auto *words = static_cast<int64_t *>(desc);
    std::fill(shape, shape + 5, 1);
    shape[0] = words[3];
    shape[1] = words[4];
    std::copy(words + 5, words + 3 + rank, shape + 5 - (rank - 2));
    return reinterpret_cast<float *>(words[1]) + words[2];
  };
  int64_t xs[5], ws[5], os[5];
  const float *x = view(xRank, xDesc, xs), *w = view(wRank, wDesc, ws);
  float *out = view(outRank, outDesc, os);
  int64_t stride[3] = {sd, sh, sw}, padding[3] = {pd, ph, pw},
          dilation[3] = {dd, dh, dw};
  hostConvolution(x, xs, w, ws, out, os, groups, stride, padding, dilation);
}

int64_t mlir::qnn::prepareHostConvolutions(ModuleOp module,
                                           func::FuncOp func) {
  OpBuilder b(module.getContext());
  int64_t count = 0;
  auto isF32 = [](Value v) {
    auto t = llvm::dyn_cast<RankedTensorType>(v.getType());
    return t && t.hasStaticShape() && t.getElementType().isF32();
  };
  func.walk([&](Operation *op) {
    if (!isa<Conv1dOp, Conv2dOp, Conv3dOp>(op) || op->getNumOperands() < 2)
      return;
    if (isF32(op->getOperand(0)) && isF32(op->getOperand(1)) &&
        isF32(op->getResult(0))) {
      op->setAttr(kHostConvAttrName, b.getUnitAttr());
      ++count;
    }
  });
  if (count == 0 || module.lookupSymbol(kHostConvName))
    return count;
  b.setInsertionPointToStart(module.getBody());
  Type unranked = UnrankedMemRefType::get(b.getF32Type(), 0);
  SmallVector<Type> inputs(10, b.getI64Type());
  inputs.append(3, unranked);
  auto decl = func::FuncOp::create(b, module.getLoc(), kHostConvName,
                                   b.getFunctionType(inputs, {}));
  decl.setPrivate();
  return count;
}

void mlir::qnn::registerHostConvolution(ModelRunner &runner) {
  runner.registerSymbol(kHostConvName,
                        reinterpret_cast<void *>(&qnnHostConvF32));
}
