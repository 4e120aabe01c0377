//===- HostConvolution.h - qnn-calibrate's float conv on the host -*- C++ -*-===//
//
// qnn-calibrate's float forward spends nearly all its time in the float
// convolutions. Instead of linalg's scalar convolution loops, each float
// qnn.conv1d/conv2d/conv3d marked with kHostConvAttrName calls kHostConvName, a GEMM on
// f32 vectors (im2col into 16-column panels, a register-tiled micro-kernel
// for AVX-512, AVX2 or plain vectors, chosen at run time), split over
// threads by output columns and rows.
//
// The same bits on every path: every output element starts at +0.0 and
// adds its products w * x one at a time, in the loops' order (input
// channel, kernel depth, row, column), each as one fused multiply-add
// (one rounding, as oneDNN's float convolutions in torch do; the FMA
// instruction on AVX2 / AVX-512 and aarch64, the correctly rounded fmaf
// on an x86-64 without FMA). Vectors and threads only run different
// output elements side by side, so neither the ISA nor the thread count
// changes a bit. The linalg loops it replaces (--host-conv=false) round
// the product and the sum apart: results within the last bits of those
// (docs/numerics.md).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNTIME_HOSTCONVOLUTION_H
#define QNN_RUNTIME_HOSTCONVOLUTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::qnn {

class ModelRunner;

/// Marks every float 1-D, 2-D and 3-D convolution of `func` for the host
/// GEMM and declares kHostConvName in `module` if any was marked. Returns
/// the number of marked convolutions.
int64_t prepareHostConvolutions(ModuleOp module, func::FuncOp func);

/// Makes `runner`'s calls of kHostConvName run the host GEMM.
void registerHostConvolution(ModelRunner &runner);

/// The host GEMM's ISA on this machine: "avx512", "avx2" or "generic".
const char *hostConvolutionISA();

/// The convolution itself: NCDHW `x` [n, c, d, h, w], `w` [f, c / groups,
/// kd, kh, kw], `out` [n, f, od, oh, ow], all contiguous; stride, padding
/// and dilation as (depth, height, width). 1-D and 2-D convolutions are the
/// ones with unit depth (and height).
void hostConvolution(const float *x, const int64_t xShape[5], const float *w,
                     const int64_t wShape[5], float *out,
                     const int64_t outShape[5], int64_t groups,
                     const int64_t stride[3], const int64_t padding[3],
                     const int64_t dilation[3]);

} // namespace mlir::qnn

#endif // QNN_RUNTIME_HOSTCONVOLUTION_H
