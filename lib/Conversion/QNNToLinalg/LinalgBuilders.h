//===- LinalgBuilders.h - shared builders for qnn-to-linalg -----*- C++ -*-===//
//
// The scalar quantization arithmetic (one definition of quantize,
// dequantize and requantize) and the linalg.generic builders that all
// qnn-to-linalg patterns use.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QNNTOLINALG_LINALGBUILDERS_H
#define QNN_LIB_CONVERSION_QNNTOLINALG_LINALGBUILDERS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

namespace mlir::qnn {

/// Marks a math op that qnn-to-linalg expands into a target-independent
/// polynomial after the conversion (see expandPortableMath).
inline constexpr llvm::StringLiteral kPortableMathAttr = "qnn.portable";

/// Per-tensor quantization parameters of a tensor type.
struct TensorQuant {
  double scale;
  int64_t zeroPoint;
  bool isSigned;
  unsigned width;
  int64_t qmin, qmax;
};

/// The per-tensor qparams of `type`, or nullopt for float / per-axis types.
std::optional<TensorQuant> getTensorQuant(Type type);

/// Static shape of a ranked tensor value's type.
ArrayRef<int64_t> shapeOf(Value v);

Value createEmpty(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType);
Value createFilled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   Attribute value);
Value f32Constant(OpBuilder &b, Location loc, float value);
/// An f16 scalar widened exactly to f32 with integer and f32 operations
/// only (no half-to-float instruction or runtime call needed).
Value widenF16Portable(OpBuilder &b, Location loc, Value half);
/// linalg.transpose of an N x H x W x C tensor to N x C x H x W (the layout
/// change after a channels-last kernel; qnn-fuse-elementwise folds it into
/// its consumers).
Value channelsLastToNchw(OpBuilder &b, Location loc, Value nhwc);
Value i32Constant(OpBuilder &b, Location loc, int32_t value);

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A parallel linalg.generic producing a tensor of `shape` x `elementType`;
/// `inputs` are broadcast numpy-style (right-aligned, size-1 dims repeat).
Value mapElementwise(OpBuilder &b, Location loc, ValueRange inputs,
                     ArrayRef<int64_t> shape, Type elementType, BodyFn body);

/// Like mapElementwise, with extra 1-D inputs `perChannel` indexed by
/// dimension `axis` of the iteration space (appended after `inputs`).
Value mapWithChannelInput(OpBuilder &b, Location loc, ValueRange inputs,
                          ValueRange perChannel, int64_t axis,
                          ArrayRef<int64_t> shape, Type elementType,
                          BodyFn body);

/// Storage integer (iN) widened to i32, sign- or zero-extended.
Value extendToI32(OpBuilder &b, Location loc, Value storage, bool isSigned);

/// `(float)(q - zp) * scale` (ATen's dequantize), from a storage value.
Value dequantizeScalar(OpBuilder &b, Location loc, Value storage,
                       const TensorQuant &q);
/// Same, with runtime scale (f32) and zero point (i32) values.
Value dequantizeScalar(OpBuilder &b, Location loc, Value storage,
                       bool isSigned, Value scale, Value zeroPoint);

/// ATen's quantize_val: clamp(zp + rint(x * (1.0f / scale)), qmin, qmax),
/// returned as the storage integer.
Value quantizeScalar(OpBuilder &b, Location loc, Value x,
                     const TensorQuant &q);
/// Same, with a runtime inverse scale (f32) and zero point (i32).
Value quantizeScalar(OpBuilder &b, Location loc, Value x, Value invScale,
                     Value zeroPoint, int64_t qmin, int64_t qmax,
                     unsigned width);

/// Rounds `x` (f32) half to even, adds `zp` and clamps to [qmin, qmax]; the
/// result is the storage integer of `width` bits.
Value roundAddClamp(OpBuilder &b, Location loc, Value x, Value zeroPoint,
                    int64_t qmin, int64_t qmax, unsigned width);
/// Same, but returns the clamped value as i32 (8- and 16-bit types), for
/// epilogues that go on computing with it.
Value roundAddClampI32(OpBuilder &b, Location loc, Value x, Value zeroPoint,
                       int64_t qmin, int64_t qmax);
/// `x` (f32, scalar or vector) clamped to [qmin - zp, qmax - zp]: the
/// storage range before the zero point is added (NaN becomes the lower
/// bound).
Value clampBeforeZeroPoint(OpBuilder &b, Location loc, Value x, Value zeroPoint,
                           int64_t qmin, int64_t qmax);

/// torch's quint8 add/add_relu as the qnnpack engine computes it (QNNPACK's
/// q8vadd fixed point, pytorch_qnnp_compute_add_quantization_params):
/// `acc = zpp + qa * am + qb * bm` (i32), shifted right by `shift` rounding
/// half away from zero, plus the output zero point, clamped to [lo, hi].
struct QuantizedAddParams {
  int32_t am, bm, zpp, shift, zeroPoint, lo, hi;
};
/// The parameters for operands `a`, `b` and result `o` (all per-tensor
/// quint8), or nullopt when QNNPACK's shift would be out of range.
std::optional<QuantizedAddParams> getQuantizedAddParams(const TensorQuant &a,
                                                        const TensorQuant &b,
                                                        const TensorQuant &o,
                                                        bool relu);
/// The sum of `qa` and `qb` (i32 scalars or vectors of the quint8 values),
/// as i32.
Value emitQuantizedAdd(OpBuilder &b, Location loc, const QuantizedAddParams &p,
                       Value qa, Value qb);

} // namespace mlir::qnn

namespace mlir::qnn {

/// The qparams of a per-axis type as constant 1-D tensors: scales (f32),
/// inverse scales (1.0f / scale) and zero points (i32).
struct PerAxisConstants {
  Value scales, invScales, zeroPoints;
  int64_t axis;
};
PerAxisConstants buildPerAxisConstants(OpBuilder &b, Location loc,
                                       quant::UniformQuantizedPerAxisType type);

/// `v` as a float32 tensor: dequantized if `originalType` is quantized.
Value toFloatTensor(OpBuilder &b, Location loc, Value v, Type originalType);
/// A float32 tensor quantized to `resultType`'s storage if it is quantized.
Value fromFloatTensor(OpBuilder &b, Location loc, Value v, Type resultType);

/// Sums `x` (f32) over `reduced` dimensions: the result drops them.
Value sumOver(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> reduced,
              BodyFn element = nullptr);
/// y = x W^T + b over the last dimension, for float, statically quantized
/// (quantized x and W, requantized to `resultType`) and dynamically
/// quantized (float x, quantized W) linears. Operands are converted values;
/// the types are the original ones.
/// With a micro-kernel `target` (and the op being rewritten as `anchor`),
/// a dynamic linear with constant weights runs as a packed GEMM.
Value buildLinear(OpBuilder &b, Location loc, Value x, Type xType, Value w,
                  Type wType, Value bias, Type resultType, bool fusedRelu,
                  KernelTarget target = KernelTarget::Reference,
                  Operation *anchor = nullptr);

/// ATen's ChooseQuantizationParams(min, max, 0, 255) for the run-time
/// quantization of a dynamic op's input `x`: (scale as f32, zero point as
/// i32) scalars.
std::pair<Value, Value> chooseDynamicQParams(OpBuilder &b, Location loc,
                                             Value x);

/// The dynamic linear (float `x`, constant quantized `w`, constant or no
/// bias) as a micro-kernel GEMM with the float epilogue, bit-identical to
/// buildLinear's reference form; null when `target` has no kernel for it.
Value buildDynamicLinearMicroKernel(OpBuilder &b, Location loc,
                                    KernelTarget target, Operation *anchor,
                                    Value x, Value w, Type wType, Value bias,
                                    bool relu);

/// A call of the host function `callee` (declared in the module) on
/// `scalars` (i64 constants), then `inputs` as read-only unranked memrefs
/// (identity layout), then a fresh `resultType` buffer the callee fills
/// completely; returns that buffer as a tensor.
Value buildHostCall(OpBuilder &b, Location loc, StringRef callee,
                    ArrayRef<int64_t> scalars, ValueRange inputs,
                    RankedTensorType resultType);

/// torch.fake_quantize_per_tensor_affine / _per_channel_affine of `x` with
/// `op`'s current scale and zero point:
/// `(clamp(rint(x * (1.0f / scale)) + zp) - zp) * scale`; `x` itself when
/// fake_quant is disabled. Fails (with a diagnostic) without qparams. With
/// a calibration slot (kCalibrationSlotAttrName), the host hook's call.
FailureOr<Value> buildFakeQuant(OpBuilder &b, Location loc, Value x,
                                FakeQuantOp op);

/// Inference BatchNorm as ATen computes it: per channel alpha = weight /
/// sqrt(var + eps) and beta = bias - mean * alpha (weight/bias may be null).
std::pair<Value, Value> batchNormAlphaBeta(OpBuilder &b, Location loc,
                                           Value mean, Value var, Value weight,
                                           Value bias, float eps);

/// Min of `x` (f32) over `reduced` dimensions.
Value minOver(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> reduced);
/// Sum over `reduced` dimensions in i64 of `element`(x) (which must give
/// i64), exact for integer data.
Value sumOverI64(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> reduced,
                 BodyFn element);
/// torch 1.13's float softmax of the f32 tensor `x` along `dim` on x86
/// (ATen's AVX2 kernels: Sleef's exp, their summation orders; see
/// Reductions.cpp).
Value atenSoftmax(OpBuilder &b, Location loc, Value x, int64_t dim);

/// Max of `x` (f32) over `reduced` dimensions.
Value maxOver(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> reduced);

/// A parallel generic over `x`'s shape whose extra inputs have the
/// `reduced` dimensions dropped (statistics broadcast back); its result has
/// `elementType` (f32 when null).
Value mapWithReduced(OpBuilder &b, Location loc, Value x, ValueRange stats,
                     ArrayRef<int64_t> reduced, BodyFn body,
                     Type elementType = nullptr);

/// Per-output-channel weight scales and zero points of a quantized weight
/// (one entry per channel, repeated for per-tensor weights): the one view of
/// a quantized type's qparams that the reference lowering and the kernels
/// (readGemmOperands) share.
struct WeightQuant {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  bool isSigned;
};
WeightQuant getWeightQuant(Type type, int64_t channels);

/// PyTorch's float32 requantization constants per output channel: the
/// multiplier (w_scale * in_scale) * (1.0f / out_scale) and 1 / bias_scale
/// with bias_scale = float(double(in_scale) * double(w_scale)).
struct RequantConstants {
  SmallVector<float> multiplier, invBiasScale;
};
RequantConstants getRequantConstants(double inScale, const WeightQuant &w,
                                     double outScale);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_QNNTOLINALG_LINALGBUILDERS_H
