//===- Gemm.h - the kernel generator's shared pieces ------------*- C++ -*-===//
//
// Quantized conv (any rank; a grouped conv is a batch of one GEMM problem
// per group, emitted once) and linear with constant
// weights become packed int8/int16 GEMMs:
//
//   C[M, N] = A[M, K] * B[K, N]     M = output pixels (or rows), N = output
//                                   channels, K = input window
//
// * A is built at run time by an im2col over a channels-last copy of the
//   input, already in the kernel's operand domain (see OperandDomain).
// * B is the weight, prepacked at compile time into a `memref.global`
//   constant (read-only data) in panels of NR = lanes * vectors output
//   channels: B[panel][k / kg][NR * kg], so one vector load feeds one dot
//   instruction. Per-channel zero-point corrections and the quantized bias are
//   folded into one precomputed i32 vector.
// * The loop nest is emitted directly as scf + vector on memrefs: panels of
//   B outermost (a panel stays in L1), then register tiles of MR rows of A,
//   the K loop with MR x vectors accumulators in registers, and the fused
//   epilogue (correction + bias, fp32 requantize with round half to even,
//   zero point, clamp/ReLU) storing int8 rows.
//
// The dynamic linear (float input, quantized weight; also every gate matmul
// of the dynamically quantized LSTM/GRU/RNN cells, through buildLinear) runs
// the same GEMM: the input is quantized with its run-time qparams into the
// operand domain, and a float epilogue computes
// `(float)(acc - zp * colsum) * (x_scale * w_scale) + bias` (DynamicEpilogue).
//
// One interface, MicroKernel, describes each ISA: operand width, k group,
// lanes, register blocking, tile layout and the dot instruction. Each
// target's kernels are a row of the target table (lib/Target/Target.cpp;
// the list with instructions is in docs/MicroKernels.md), not code here.
//
// Every variant is exact: products and pair/quad sums fit their i32 lanes
// (vpmaddubsw, which saturates at i16, is never used), accumulation is i32
// like the reference, and the epilogue is the reference's float32 sequence
// on vectors. The results are therefore bit-identical to qnn-to-linalg's.
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QNNTOKERNELS_GEMM_H
#define QNN_LIB_CONVERSION_QNNTOKERNELS_GEMM_H

#include "../QNNToLinalg/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qnn/Conversion/QNNToKernels/QNNToKernels.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "qnn/Target/Target.h"

#include <optional>

namespace mlir::qnn::kernels {

//===----------------------------------------------------------------------===//
// Micro-kernels (DotInstructions.cpp)
//===----------------------------------------------------------------------===//

// The kernel descriptors (MicroKernel, Dot, DepthwiseDesc, EpilogueDesc) are
// the target table's: qnn/Target/Target.h.

/// A call to the LLVM intrinsic `name`. Bufferization's deallocation
/// analysis rejects llvm.call_intrinsic (it has no memory-effect interface),
/// so the kernels call a private declaration tagged `qnn.intrinsic`, which
/// qnn-materialize-intrinsics turns into llvm.call_intrinsic after
/// bufferization.
Value callIntrinsic(OpBuilder &b, Location loc, ModuleOp module, StringRef name,
                    Type result, ValueRange args);

/// acc + a . b for one accumulator vector.
Value emitDot(OpBuilder &b, Location loc, ModuleOp module, const MicroKernel &k,
              Value acc, Value a, Value w);

//===----------------------------------------------------------------------===//
// Compile-time constants (GemmPlanning.cpp)
//===----------------------------------------------------------------------===//

/// The ElementsAttr behind a constant operand: qnn.qconstant, arith.constant
/// (possibly behind the conversion's casts).
ElementsAttr getConstantElements(Value original, Value converted);

/// Integer constant values (interpreted as signed or unsigned `bits`-bit).
std::optional<SmallVector<int64_t>> readIntegers(ElementsAttr attr,
                                                 bool isSigned);
std::optional<SmallVector<float>> readFloats(ElementsAttr attr);

/// A private constant global (read-only data) holding `values`, returned as
/// a memref value at the current insertion point.
Value constantGlobal(OpBuilder &b, Location loc, Operation *anchor,
                     StringRef stem, DenseElementsAttr values);

/// A private global of `module` named after `stem` (made a unique symbol),
/// initialized to `values` (read-only data when `constant`), returned as a
/// memref value at the current insertion point.
Value privateGlobal(OpBuilder &b, Location loc, ModuleOp module,
                    StringRef stem, MemRefType memrefType,
                    DenseElementsAttr values, bool constant);

/// A 1-D constant global of `values` zero-padded to `size` elements.
Value paddedConstant(OpBuilder &b, Location loc, Operation *anchor,
                     StringRef stem, ArrayRef<int32_t> values, int64_t size);
Value paddedConstant(OpBuilder &b, Location loc, Operation *anchor,
                     StringRef stem, ArrayRef<float> values, int64_t size);

/// `weights` ([batch][n][k]) packed in panels of `nr` columns with `kg`
/// consecutive k per column: element (col, kk) of problem e sits at
/// ((panel * kq + kk / kg) * nr + col % nr) * kg + kk % kg, panel =
/// e * ceil(n / nr) + col / nr, kq = ceil(k / kg); zeros elsewhere. The
/// GEMM's B (one vector load feeds one dot) and depthwise's taps.
/// (Plain integers, not APInts: Winograd's batches hold millions.)
template <typename T>
SmallVector<T> packPanels(ArrayRef<int64_t> weights, int64_t batch, int64_t n,
                          int64_t k, int64_t nr, int64_t kg) {
  int64_t panels = llvm::divideCeil(n, nr), kq = llvm::divideCeil(k, kg);
  SmallVector<T> packed(batch * panels * kq * nr * kg, T(0));
  for (int64_t e = 0; e < batch; ++e)
    for (int64_t col = 0; col < n; ++col) {
      int64_t panel = e * panels + col / nr, within = col % nr;
      for (int64_t kk = 0; kk < k; ++kk) {
        int64_t at = ((panel * kq + kk / kg) * nr + within) * kg + kk % kg;
        packed[at] = static_cast<T>(weights[(e * n + col) * k + kk]);
      }
    }
  return packed;
}

//===----------------------------------------------------------------------===//
// The GEMM problem
//===----------------------------------------------------------------------===//

/// The float epilogue of a dynamically quantized linear (qlinear_dynamic):
/// `y = (float)(acc - corr * colSum[c]) * (xScale * wScale[c]) + bias[c]`,
/// optionally ReLU, stored as f32. `xScale` and `corr` (the activation zero
/// point plus the operand domain's shift) are run-time scalars.
struct DynamicEpilogue {
  Value xScale, corr;
  bool hasBias = false, relu = false;
};

/// A residual add fused into a conv's epilogue: the requantized conv value
/// and the residual's value at the same position go through torch's quint8
/// add (emitQuantizedAdd) before the store. `matrix` is the residual as the
/// GEMM's [m][n] (channels-last) i8 tensor.
struct ResidualEpilogue {
  QuantizedAddParams params;
  bool convIsLhs;
  Value matrix;
};

/// Everything the packed GEMM of one op needs.
struct GemmProblem {
  int64_t m, n, k;
  /// Weights [n][k], already in the kernel's weight domain (centered for
  /// 16-bit kernels, raw signed bytes for 8-bit ones).
  SmallVector<int64_t> weights;
  /// Per output channel: correction + quantized bias (i32), multiplier; for
  /// a dynamic epilogue, the weight column sums and the weight scales.
  SmallVector<int32_t> offsets;
  SmallVector<float> multipliers;
  /// Dynamic epilogue only: the float bias.
  SmallVector<float> biases;
  std::optional<DynamicEpilogue> dynamic;
  std::optional<ResidualEpilogue> residual;
  /// The narrowing path (EpilogueDesc::saturatingNarrow): clamp again in
  /// i32 right before the narrowing store. Redundant for the values (already
  /// clamped in float), but it lets LLVM's x86 backend narrow with
  /// saturating packs (vpackssdw + vpackuswb) instead of byte shuffles on
  /// AVX2; on AVX-512 it would cost a vpmaxsd. The GEMM emitter then also
  /// narrows a row's two full vectors together.
  bool saturatingNarrow = false;
  /// Batched GEMMs: `batch` independent problems of the same shape, B
  /// (`weights`) as [batch][n][k], A rows of problem e at
  /// GemmOperandA::batchStride * e, run by one loop nest inside a loop over
  /// e. Winograd's (emitWinogradConv, `rawAccumulators`) store the raw i32
  /// accumulators as [batch * m][nPadded] with no epilogue; a grouped conv's
  /// (one problem per group) are requantized into the [m][batch * n] result,
  /// problem e's columns at e * n, with `offsets` and `multipliers` as
  /// [batch][n] (problem e's channels at e * n).
  int64_t batch = 1;
  bool rawAccumulators = false;
  /// Winograd under --optimize-size (lazyPackedWeights): the direct
  /// problem's weights as [n][9][cin], from which the first call transforms
  /// B; empty otherwise.
  SmallVector<int64_t> winogradSource;
  int64_t winogradCin = 0;
  /// How the static epilogue rounds (setEpilogueForms):
  /// * Embedded512: clamp in float, then round and convert in one
  ///   `vcvtps2dq {rn-sae}` (round half to even whatever MXCSR says) instead
  ///   of vrndscaleps + vcvttps2dq. Exact: the bounds are integers, so
  ///   clamping before rounding gives the same value.
  /// * Mxcsr256: round and convert in one `vcvtps2dq`, which rounds as MXCSR
  ///   says: to nearest even unless the caller changed it, and then the
  ///   float multiply before it (here and in the reference) would round
  ///   differently too. The clamp happens in i32 afterwards (saturating
  ///   packs); that needs |y| < 2^31 so that the conversion cannot overflow,
  ///   which multipliers <= 0.5 guarantee for every i32 accumulator (else
  ///   the problem keeps Portable).
  Rounding rounding = Rounding::Portable;
  TensorQuant out;
  int64_t qmin;
};

//===----------------------------------------------------------------------===//
// Size-optimized weights (LazyWeights.cpp)
//===----------------------------------------------------------------------===//

/// The module attribute qnn-compile --optimize-size sets.
inline constexpr llvm::StringLiteral kOptimizeSizeAttr = "qnn.optimize_size";

/// Whether the module of `anchor` has kOptimizeSizeAttr.
bool optimizeSize(Operation *anchor);

/// The packed 16-bit B of `p` (type `packedType`, panels of `nr` columns,
/// k groups of `kg`) as a buffer the first call fills from int8 weights
/// (widened, or Winograd-transformed from p.winogradSource), or null when
/// the weights do not fit int8 (the caller keeps the constant).
Value lazyPackedWeights(OpBuilder &b, Location loc, Operation *anchor,
                        StringRef stem, const GemmProblem &p,
                        RankedTensorType packedType, int64_t nr, int64_t kg);

/// K blocking (see emitGemm): panels of B up to kPanelBytesInL1 (8-bit
/// kernels: kBytePanelBytesInL1, an AVX-512 VNNI core's 48 KiB L1D) are used
/// whole; larger ones in blocks of about kBlockBytes, which stay in L1 while
/// every row tile of A passes over them.
inline constexpr int64_t kPanelBytesInL1 = 40 * 1024;
inline constexpr int64_t kBytePanelBytesInL1 = 48 * 1024;
inline constexpr int64_t kBlockBytes = 24 * 1024;

/// The accumulators of the byte kernel's register tiles where
/// GemmEmitter::panelRows widens them (AVX-512 VNNI: 24 of the 32 zmm): a
/// partial last panel of 2 vectors runs 12 rows, of 3 vectors 8, and a full
/// panel of 4 vectors with at least kLongKGroups k groups 6.
inline constexpr int64_t kByteTileAccumulators = 24;
inline constexpr int64_t kLongKGroups = 32;

//===----------------------------------------------------------------------===//
// Vector access and loops (VectorAccess.cpp)
//===----------------------------------------------------------------------===//

/// Loads the first `count` lanes of a `type` vector at `indices` (masked,
/// the other lanes 0, when the vector is not full).
Value loadLanes(OpBuilder &b, Location loc, VectorType type, Value in,
                ValueRange indices, int64_t count);

/// Stores the first `count` lanes of `value` at `indices` (masked when the
/// vector is not full).
void storeLanes(OpBuilder &b, Location loc, Value value, Value out,
                ValueRange indices, int64_t count);

/// `q` (an i32 vector) clamped to [lo, hi].
Value clampI32(OpBuilder &b, Location loc, Value q, int64_t lo, int64_t hi);

/// An scf.for over [0, end) by `step` (no iteration arguments) around
/// `body(builder, iv)`.
void emitFor(OpBuilder &b, Location loc, int64_t end, int64_t step,
             function_ref<void(OpBuilder &, Value)> body);

/// emitFor tagged `qnn.parallel`: the iterations write disjoint data and
/// share no scratch, so qnn-parallelize may split the loop across threads.
scf::ForOp emitParallelFor(OpBuilder &b, Location loc, int64_t end,
                           int64_t step,
                           function_ref<void(OpBuilder &, Value)> body);

/// `body(builder, start, count)` over [0, total) in chunks of `step`: a loop
/// over the whole chunks (an emitParallelFor with `parallel`), then the
/// remainder with its static count.
void forChunks(OpBuilder &b, Location loc, int64_t total, int64_t step,
               function_ref<void(OpBuilder &, Value, int64_t)> body,
               bool parallel = false);

//===----------------------------------------------------------------------===//
// Epilogues (Epilogue.cpp)
//===----------------------------------------------------------------------===//

/// The per-channel offsets (i32) and multipliers (f32) of an epilogue,
/// zero-padded to `nPadded` channels, as constant globals.
std::pair<Value, Value> epilogueConstants(OpBuilder &b, Location loc,
                                          Operation *anchor, StringRef name,
                                          ArrayRef<int32_t> offsets,
                                          ArrayRef<float> multipliers,
                                          int64_t nPadded);
inline std::pair<Value, Value>
epilogueConstants(OpBuilder &b, Location loc, Operation *anchor,
                  StringRef name, const GemmProblem &p, int64_t nPadded) {
  return epilogueConstants(b, loc, anchor, name, p.offsets, p.multipliers,
                           nPadded);
}

/// The requantized value of one accumulator vector: i32 accumulator +
/// per-channel offset (correction + quantized bias; null when the
/// accumulator started at it), float32 requantization with the reference's
/// roundAddClamp, as i32 (in [qmin, qmax], zero point added).
Value requantizeToI32(OpBuilder &b, Location loc, ModuleOp module,
                      const GemmProblem &p, Value acc, Value offset,
                      Value multiplier, Value zeroPoint);

/// `vcvtps2dq {rn-sae}` of 16 floats (Rounding::Embedded512): round half to
/// even whatever MXCSR says. requantizeToI32's rounding; also the quad
/// depthwise kernel's, which clamps later with saturating packs.
Value roundNearest512(OpBuilder &b, Location loc, ModuleOp module, Value y);

/// Requantized i32 values (already in [qmin, qmax]) as the output storage
/// type; see GemmProblem::saturatingNarrow.
Value narrowToStorage(OpBuilder &b, Location loc, const GemmProblem &p,
                      Value q);

/// The fused epilogue of every GEMM kernel: requantizeToI32, the residual
/// add when one is fused, and a store of the first `count` lanes (masked
/// when the vector is not full).
void requantizeAndStore(OpBuilder &b, Location loc, ModuleOp module,
                        const GemmProblem &p, Value acc, Value offset,
                        Value multiplier, Value zeroPoint, Value residual,
                        Value out, ValueRange indices, int64_t count);

/// The dynamic linear's float epilogue (see DynamicEpilogue), in the
/// reference's order: `m = xScale * wScale`, `(float)acc * m`, `+ bias`,
/// ReLU.
void dynamicEpilogueStore(OpBuilder &b, Location loc, const DynamicEpilogue &d,
                          Value acc, Value colSum, Value wScale, Value bias,
                          Value xScale, Value corr, Value out,
                          ValueRange indices, int64_t count);

//===----------------------------------------------------------------------===//
// Operand A (OperandA.cpp)
//===----------------------------------------------------------------------===//

/// Where the GEMM reads A: element (m, k) of the [m][kPadded] operand is
/// element `rowBase(m) + segmentBase(k / segLen) + k % segLen` of the 1-D
/// tensor `flat`. rowBase(m) = sum_d digit_d(m) * rowStrides[d], the digits
/// of m in the mixed radix `rowDims` (last fastest); segmentBase likewise
/// over `segDims` / `segStrides`. An im2col matrix is one segment with row
/// stride kPadded (denseOperandA); a conv read in place from its padded
/// channels-last canvas has one segment per window row of `kw * cin`
/// contiguous elements (implicit GEMM, no im2col copy).
struct GemmOperandA {
  Value flat;
  SmallVector<int64_t> rowDims, rowStrides, segDims, segStrides;
  int64_t segLen;
  /// Where problem e of a batched GEMM starts (GemmProblem::batch).
  int64_t batchStride = 0;
  /// Row-tile conversion (16-bit kernels): instead of `flat`, A is the dense
  /// [m][k] matrix of 8-bit storage values `bytes` (1-D). Each register tile
  /// of rows is converted into the kernel's domain (x - bytesSubtract) in a
  /// small buffer right before it is used, and the loop nest runs row tiles
  /// outermost (every panel of B per tile), so no converted copy of the
  /// whole input is written and read back.
  Value bytes;
  bool bytesSigned = false;
  int64_t bytesSubtract = 0;
  /// One spatial axis of a 2-D conv read in place whose canvas padding is 0
  /// in the kernel's domain: tap j of output position o reads canvas
  /// position `o * stride + j * dilation`, and only the canvas positions
  /// [first, first + count) hold input. Terms of padding taps are zero, and
  /// i32 sums are exact in any order, so they can be skipped.
  struct PaddedAxis {
    int64_t stride, dilation, first, count;
    bool readsInput(int64_t o, int64_t tap) const {
      int64_t c = o * stride + tap * dilation;
      return c >= first && c < first + count;
    }
  };
  /// Window rows that read only padding (rowDims = {batch, outH, outW}, one
  /// segment per window row): a row tile skips the window rows that are
  /// padding for every one of its output rows.
  std::optional<PaddedAxis> paddingRows;
  /// Window columns that read only padding, with a whole number of k groups
  /// per input channel run: tap j of a segment is its k groups
  /// [j * tapGroups, (j + 1) * tapGroups). Row tiles then stay within one
  /// output row, and a tile at either edge runs each tap only for its rows
  /// that read input there.
  struct PaddingCols : PaddedAxis {
    int64_t taps, tapGroups;
  };
  std::optional<PaddingCols> paddingCols;
};

/// The packed B a row-tile conversion GEMM re-reads per row tile must stay
/// in L2.
inline constexpr int64_t kConvertTilesMaxB = 256 * 1024;
/// The most groups row-tile conversion splits its tiles into, each with its
/// own slice of converted rows (so that threads may run the groups): 12
/// divides evenly among 2, 3, 4 or 6 threads.
inline constexpr int64_t kConvertGroups = 12;

/// A [m][kPadded] operand tensor as one segment per row.
GemmOperandA denseOperandA(OpBuilder &b, Location loc, Value a);

/// sum_d digit_d(v) * strides[d] for the digits of `v` in the mixed radix
/// `dims` (last fastest), as index arithmetic.
Value mixedRadixOffset(OpBuilder &b, Location loc, Value v,
                       ArrayRef<int64_t> dims, ArrayRef<int64_t> strides);

/// Pads dim 1 of a [m][k] tensor to a multiple of `kg` with zeros.
Value padColumns(OpBuilder &b, Location loc, Value a, int64_t kg);

//===----------------------------------------------------------------------===//
// The emitter (GemmEmitter.cpp)
//===----------------------------------------------------------------------===//

/// Emits C = requantize(A * B) into a fresh [m][n] buffer ([m][batch * n]
/// for a batched problem with an epilogue), reading A as `a` describes.
/// Returns the result tensor.
Value emitGemm(OpBuilder &b, Location loc, Operation *anchor, StringRef name,
               const MicroKernel &k, const GemmProblem &p,
               const GemmOperandA &a);

//===----------------------------------------------------------------------===//
// Planning (GemmPlanning.cpp)
//===----------------------------------------------------------------------===//

/// How activations x enter the kernel: a = x - zp (16-bit kernels) or
/// a = x + shift (8-bit kernels: shift moves x into the instruction's
/// signedness), and the per-channel correction the shift needs:
/// sum (x - zp) w = sum a w - (zp + shift) * sum w.
struct OperandDomain {
  int64_t subtract; // a = x - subtract
  Value transform(OpBuilder &b, Location loc, Value x, bool xSigned,
                  Type opType) const {
    // Raw bytes already in the kernel's domain (u8 for vpdpbusd): no ops, so
    // the layout change is a pure copy that qnn-fuse-elementwise can remove.
    if (subtract == 0 && x.getType() == opType)
      return x;
    Value wide = extendToI32(b, loc, x, xSigned);
    Value a = arith::SubIOp::create(b, loc, wide,
                                    i32Constant(b, loc, (int32_t)subtract));
    return arith::TruncIOp::create(b, loc, opType, a);
  }
};

/// Where the GEMM weight element of output channel `c` and k index `kk` (in
/// the order the caller's im2col produces) sits in the raw weight constant.
using WeightIndexFn = function_ref<int64_t(int64_t c, int64_t kk)>;
inline int64_t rowMajorWeight(int64_t kSize, int64_t c, int64_t kk) {
  return c * kSize + kk;
}

/// The constant operands of a quantized op's GEMM and its kernel: the
/// weight's qparams for `channels` output channels and its raw integers, the
/// bias values (when there is a bias; one f32 per channel), and the target's
/// kernel (the 8-bit one when `allowBytes` and the weights are signed with
/// zero point 0). The opening of planGemm and of the dynamic linear.
struct GemmOperands {
  WeightQuant w;
  SmallVector<int64_t> raw;
  std::optional<SmallVector<float>> bias;
  MicroKernel kernel;
};
llvm::Expected<GemmOperands>
readGemmOperands(KernelTarget target, Type wType, Value weight,
                 Value convertedWeight, Value bias, Value convertedBias,
                 int64_t channels, bool allowBytes);

/// The target's forms of a static epilogue (see GemmProblem): its narrowing
/// path, and its rounding where the multipliers allow it.
void setEpilogueForms(GemmProblem &p, const EpilogueDesc &epilogue);

/// The GEMM problem of a quantized op with a constant weight for `channels`
/// output channels, a GEMM K of `kSize` (each k's weight located by
/// `weightIndex`, -1 for a zero padding tap) and a constant bias, or
/// failure when the op does not qualify. The GEMM covers output channels
/// [first, first + n) (one group of a grouped conv). `allowBytes`: whether
/// the target's 8-bit kernel may be chosen (else the 16-bit centered form).
/// The error says why the op does not qualify (see KernelRemarks).
using GemmPlan = std::pair<MicroKernel, GemmProblem>;
llvm::Expected<GemmPlan>
planGemm(KernelTarget target, Operation *op, Value input, Value weight,
         Value convertedWeight, Value bias, Value convertedBias,
         Type resultType, bool fusedRelu, int64_t m, int64_t n, int64_t kSize,
         int64_t channels, WeightIndexFn weightIndex, OperandDomain &domain,
         int64_t first = 0, bool allowBytes = true);
/// planGemm's first check: the input 8-bit, the result 8/16-bit quantized.
llvm::Error checkGemmTypes(Value input, Type resultType);
/// planGemm with the operands already read (checkGemmTypes, then
/// readGemmOperands: planGemm's order of reasons): a grouped conv reads its
/// weight once for all its groups.
llvm::Expected<GemmPlan>
planGemm(KernelTarget target, const GemmOperands &operands, Value input,
         Type resultType, bool fusedRelu, int64_t m, int64_t n, int64_t kSize,
         int64_t channels, WeightIndexFn weightIndex, OperandDomain &domain,
         int64_t first);

/// The name the kernel's globals are derived from: the op's module path.
std::string kernelName(Operation *op);

//===----------------------------------------------------------------------===//
// Winograd (Winograd.cpp)
//===----------------------------------------------------------------------===//

/// A 3x3, stride-1 conv run as Winograd F(2x2, 3x3) (Lavin & Gray): each
/// 2x2 output tile is Y = A^T [U (.) V] A with V = B^T d B (the tile's 4x4
/// input window d) and U = G' g G'^T, G' = 2 G so that U is an integer
/// matrix and Y is 4x the convolution sum. Every step is integer arithmetic
/// on the zero-point-centered operands of the 16-bit kernels: |V| <= 4 * 255
/// and |U| <= 9 * 255 fit i16, the 16 GEMMs (one per element of the 4x4
/// transform domain, K = channels) multiply them exactly (vpmaddwd), and
/// the additions are exact modulo 2^32, so the result is exact whenever
/// 4x the convolution sum fits i32 (winogradWeights checks that with the
/// actual weights). The output is then `Y >> 2` followed by the same fused
/// epilogue as the direct kernels: bit-identical results, 16 multiplies per
/// 4 outputs instead of 36.
struct WinogradShape {
  int64_t batch, oh, ow, cin, cp;
  int64_t tilesY() const { return llvm::divideCeil(oh, 2); }
  int64_t tilesX() const { return llvm::divideCeil(ow, 2); }
  int64_t tiles() const { return batch * tilesY() * tilesX(); }
};

/// Below this many input or output channels the transforms cost more than
/// the multiplies they save.
inline constexpr int64_t kWinogradMinChannels = 16;

/// The batch of 16 GEMM weight matrices [e][n][cp] (e = 4 i + j) of the
/// direct problem `p` (weights [n][9 * cin], (tap, channel) order, in the
/// 16-bit kernels' centered domain), or nullopt when some output channel's
/// 4 * sum |x - zp| |w| could leave i32.
std::optional<SmallVector<int64_t>> winogradWeights(const GemmProblem &p,
                                                    const WinogradShape &s);

/// The conv of `p` (with `u` from winogradWeights) over the kernel-domain
/// canvas [batch][2 tilesY + 2][2 tilesX + 2][cp] (zero-padded): the input
/// transform into V [16][tiles][cp], one batched GEMM of raw accumulators
/// M [16][tiles][n], and the output transform with the fused epilogue into
/// [batch * oh * ow][n] like emitGemm.
Value emitWinogradConv(OpBuilder &b, Location loc, Operation *anchor,
                       StringRef name, const MicroKernel &k,
                       const GemmProblem &p, SmallVector<int64_t> u,
                       Value canvas, const WinogradShape &s);

//===----------------------------------------------------------------------===//
// Patterns (ConvToGemm.cpp, Depthwise.cpp, Linear.cpp)
//===----------------------------------------------------------------------===//

/// A kernel pattern declining `op`: a match failure, recorded in `remarks`
/// when set (QNNToKernels.cpp).
LogicalResult decline(KernelRemarks *remarks,
                      ConversionPatternRewriter &rewriter, Operation *op,
                      const Twine &reason);
LogicalResult decline(KernelRemarks *remarks,
                      ConversionPatternRewriter &rewriter, Operation *op,
                      llvm::Error reason);
/// A kernel pattern rewrote `op`.
inline void accepted(KernelRemarks *remarks, Operation *op) {
  if (remarks)
    remarks->accept(op);
}

/// The input of depthwise conv `op` channels-last, [n][h][w][c] of `type`,
/// in the kernel's operand domain (Depthwise.cpp).
Value channelsLastInput(OpBuilder &b, Location loc, Conv2dOp op,
                        const OperandDomain &domain, Value input, Type type);

/// Depthwise conv `op` (kw <= 4, 8-bit result) through the byte quad dot `k`
/// (DepthwiseDesc::byteQuads; DepthwiseQuads.cpp), with `p` the byte plan
/// whose weights are [channel][kh][4] (0 past kw). Returns the NCHW result.
Value emitQuadDepthwise(OpBuilder &b, Conv2dOp op, const MicroKernel &k,
                        const GemmProblem &p, const OperandDomain &domain,
                        Value input);

void populateConvToGemmPatterns(const TypeConverter &converter,
                                RewritePatternSet &patterns,
                                KernelTarget target, bool winograd,
                                KernelRemarks *remarks);
void populateDepthwiseConvPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns,
                                   KernelTarget target, KernelRemarks *remarks);
void populateLinearPatterns(const TypeConverter &converter,
                            RewritePatternSet &patterns, KernelTarget target,
                            KernelRemarks *remarks);

} // namespace mlir::qnn::kernels

#endif // QNN_LIB_CONVERSION_QNNTOKERNELS_GEMM_H
