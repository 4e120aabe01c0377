//===- HostConvolution.cpp - qnn-calibrate's float conv on the host -*- C++ -*-===//
//
// out[n, g*Fg + f, p] = sum over k of w[g*Fg + f, k] * col[n, g, k, p]: a
// GEMM per image and group, with k = (c * KH + kh) * KW + kw running over
// the group's input channels and the kernel window and p = oh * OW + ow
// over the output pixels. col (im2col, zero outside the image) is packed
// into panels of 16 columns, k-major, so the micro-kernel loads one
// 16-float vector per k and multiplies it by MR weights broadcast from MR
// rows of w. The sum over k runs in order, product by product, exactly
// like linalg's loops (see HostConvolution.h); blocking k only stores the
// running sums in the output and reloads them, which rounds nothing.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/HostConvolution.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/ModelRunner.h"

#include "llvm/Support/Parallel.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

// Every product and every sum rounded on its own, as the reference loops.
#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

namespace {
constexpr int64_t kNR = 16;   // columns per panel: one vector
constexpr int64_t kKC = 256;  // k block: a panel's block stays in L1
constexpr int64_t kChunkPanels = 8; // columns a task packs: 8 panels
typedef float V16 __attribute__((ext_vector_type(16)));

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

struct Problem {
  const float *x;
  int64_t n, c, h, w;
  const float *wt;
  int64_t f, cg, kh, kw;
  float *out;
  int64_t oh, ow;
  int64_t groups, sh, sw, ph, pw, dh, dw;
  int64_t k() const { return cg * kh * kw; }
  int64_t p() const { return oh * ow; }
  int64_t fg() const { return f / groups; }
};

/// Packs columns [p0, p0 + cols) of image `img`'s, group `g`'s im2col
/// matrix into panels: dst[panel][k][lane], the last panel zero-filled.
/// Walks each output row's segment of the chunk with the input row fixed.
void packPanels(const Problem &pr, int64_t img, int64_t g, int64_t p0,
                int64_t cols, float *dst) {
  int64_t K = pr.k(), panelStride = K * kNR;
  const float *src = pr.x + (img * pr.c + g * pr.cg) * pr.h * pr.w;
  int64_t padded = ceilDiv(cols, kNR) * kNR;
  for (int64_t c = 0; c < pr.cg; ++c)
    for (int64_t i = 0; i < pr.kh; ++i)
      for (int64_t j = 0; j < pr.kw; ++j) {
        int64_t k = (c * pr.kh + i) * pr.kw + j;
        const float *plane = src + c * pr.h * pr.w;
        float *d = dst + k * kNR;
        auto put = [&](int64_t q, float v) {
          d[(q / kNR) * panelStride + q % kNR] = v;
        };
        int64_t oh = p0 / pr.ow, ow = p0 % pr.ow;
        for (int64_t q = 0; q < cols;) {
          int64_t n = std::min(pr.ow - ow, cols - q);
          int64_t ih = oh * pr.sh - pr.ph + i * pr.dh;
          if (ih < 0 || ih >= pr.h) {
            for (int64_t t = 0; t < n; ++t)
              put(q + t, 0.0f);
          } else {
            const float *row = plane + ih * pr.w;
            int64_t iw = ow * pr.sw - pr.pw + j * pr.dw;
            if (pr.sw == 1 && iw >= 0 && iw + n <= pr.w) {
              // A contiguous run: copy it panel piece by panel piece.
              for (int64_t t = 0; t < n;) {
                int64_t lane = (q + t) % kNR;
                int64_t m = std::min(kNR - lane, n - t);
                std::memcpy(d + ((q + t) / kNR) * panelStride + lane,
                            row + iw + t, m * sizeof(float));
                t += m;
              }
              q += n;
              ow = 0;
              ++oh;
              continue;
            }
            for (int64_t t = 0; t < n; ++t, iw += pr.sw)
              put(q + t, static_cast<uint64_t>(iw) < static_cast<uint64_t>(pr.w)
                             ? row[iw]
                             : 0.0f);
          }
          q += n;
          ow = 0;
          ++oh;
        }
        for (int64_t q = cols; q < padded; ++q)
          put(q, 0.0f);
      }
}

/// C[MR x cols] (+)= A[MR x kc] * B[kc x 16], one k at a time.
template <int MR>
__attribute__((always_inline)) inline void
microKernel(const float *a, int64_t lda, const float *b, int64_t kc, float *c,
            int64_t ldc, int64_t cols, bool accumulate) {
  V16 acc[MR];
  for (int r = 0; r < MR; ++r) {
    float row[kNR] = {};
    if (accumulate)
      std::memcpy(row, c + r * ldc, cols * sizeof(float));
    std::memcpy(&acc[r], row, sizeof(row));
  }
  for (int64_t k = 0; k < kc; ++k) {
    V16 v;
    std::memcpy(&v, b + k * kNR, sizeof(v));
#pragma unroll
    for (int r = 0; r < MR; ++r)
      acc[r] = acc[r] + a[r * lda + k] * v;
  }
  for (int r = 0; r < MR; ++r) {
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
// (12 accumulators of 16 floats: 12 zmm, or 12 ymm for 6 rows).
__attribute__((target("avx512f"))) void
gemmAVX512(const float *a, int64_t K, int64_t rows, const float *packed,
           int64_t cols, float *c, int64_t ldc) {
  gemmBlock<12>(a, K, rows, packed, cols, c, ldc);
}
__attribute__((target("avx2"))) void gemmAVX2(const float *a, int64_t K,
                                              int64_t rows,
                                              const float *packed,
                                              int64_t cols, float *c,
                                              int64_t ldc) {
  gemmBlock<6>(a, K, rows, packed, cols, c, ldc);
}
void gemmGeneric(const float *a, int64_t K, int64_t rows, const float *packed,
                 int64_t cols, float *c, int64_t ldc) {
  gemmBlock<3>(a, K, rows, packed, cols, c, ldc);
}

struct ISA {
  const char *name;
  GemmFn gemm;
};

/// The widest ISA this machine runs, or QNN_HOST_CONV_ISA's (`generic`,
/// `avx2`, `avx512`) when that is set and supported here.
ISA chooseISA() {
  __builtin_cpu_init();
  bool avx512 = __builtin_cpu_supports("avx512f");
  bool avx2 = __builtin_cpu_supports("avx2");
  std::string want;
  if (const char *env = std::getenv("QNN_HOST_CONV_ISA"))
    want = env;
  if (want == "generic")
    return {"generic", gemmGeneric};
  if (avx512 && (want.empty() || want == "avx512"))
    return {"avx512", gemmAVX512};
  if (avx2 && (want.empty() || want == "avx2" || want == "avx512"))
    return {"avx2", gemmAVX2};
  return {"generic", gemmGeneric};
}

const ISA &hostISA() {
  static const ISA chosen = chooseISA();
  return chosen;
}
} // namespace

const char *mlir::qnn::hostConvolutionISA() { return hostISA().name; }

void mlir::qnn::hostConv2d(const float *x, const int64_t xShape[4],
                           const float *w, const int64_t wShape[4], float *out,
                           const int64_t outShape[4], int64_t groups,
                           const int64_t stride[2], const int64_t padding[2],
                           const int64_t dilation[2]) {
  Problem pr{x,         xShape[0],   xShape[1],   xShape[2],   xShape[3],
             w,         wShape[0],   wShape[1],   wShape[2],   wShape[3],
             out,       outShape[2], outShape[3], groups,      stride[0],
             stride[1], padding[0],  padding[1],  dilation[0], dilation[1]};
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
      packPanels(pr, img, g, p0, cols, packed.data());
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
    packPanels(pr, img, g, p0, cols, packed.data() + t * chunkFloats);
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
/// descriptor {allocated, aligned, offset, sizes[4], strides[4]}.
extern "C" void qnnHostConv2dF32(int64_t groups, int64_t sh, int64_t sw,
                                 int64_t ph, int64_t pw, int64_t dh,
                                 int64_t dw, int64_t, void *xDesc, int64_t,
                                 void *wDesc, int64_t, void *outDesc) {
  auto view = [](void *desc, const int64_t *&shape) {
    auto *words = static_cast<int64_t *>(desc);
    shape = words + 3;
    return reinterpret_cast<float *>(words[1]) + words[2];
  };
  const int64_t *xs, *ws, *os;
  const float *x = view(xDesc, xs), *w = view(wDesc, ws);
  float *out = view(outDesc, os);
  int64_t stride[2] = {sh, sw}, padding[2] = {ph, pw}, dilation[2] = {dh, dw};
  hostConv2d(x, xs, w, ws, out, os, groups, stride, padding, dilation);
}

int64_t mlir::qnn::prepareHostConvolutions(ModuleOp module,
                                           func::FuncOp func) {
  OpBuilder b(module.getContext());
  int64_t count = 0;
  auto isF32 = [](Value v) {
    auto t = llvm::dyn_cast<RankedTensorType>(v.getType());
    return t && t.hasStaticShape() && t.getElementType().isF32();
  };
  func.walk([&](Conv2dOp op) {
    if (isF32(op.getInput()) && isF32(op.getWeight()) &&
        isF32(op.getResult())) {
      op->setAttr(kHostConvAttrName, b.getUnitAttr());
      ++count;
    }
  });
  if (count == 0 || module.lookupSymbol(kHostConvName))
    return count;
  b.setInsertionPointToStart(module.getBody());
  Type unranked = UnrankedMemRefType::get(b.getF32Type(), 0);
  SmallVector<Type> inputs(7, b.getI64Type());
  inputs.append(3, unranked);
  auto decl = func::FuncOp::create(b, module.getLoc(), kHostConvName,
                                   b.getFunctionType(inputs, {}));
  decl.setPrivate();
  return count;
}

void mlir::qnn::registerHostConvolution(ModelRunner &runner) {
  runner.registerSymbol(kHostConvName,
                        reinterpret_cast<void *>(&qnnHostConv2dF32));
}
