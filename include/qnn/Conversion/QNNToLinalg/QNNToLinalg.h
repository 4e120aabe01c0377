//===- QNNToLinalg.h - qnn to linalg conversion -----------------*- C++ -*-===//

#ifndef QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H
#define QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Target/Target.h"
#include "llvm/Support/Error.h"

namespace mlir::qnn {

/// Maps tensors of `!quant.uniform` elements to tensors of their integer
/// storage type (i8 for both qint8 and quint8, i32 for qint32); every other
/// type is kept.
class QNNTypeConverter : public TypeConverter {
public:
  QNNTypeConverter();
};

/// What the reference lowering returns for a qnn.observe (after the
/// function's own results, in program order): nothing for observers that
/// record nothing; the batch min and max (0-d tensors, or one value per
/// channel along ch_axis) for the min/max observers; the observed tensor
/// itself for HistogramObserver, whose merge needs the previous state.
enum class ObserverOutputs { None, MinMax, Tensor };
ObserverOutputs getObserverOutputs(ObserverAttr observer);

/// Attribute on private declarations standing for an LLVM intrinsic (see
/// qnn-materialize-intrinsics).
inline constexpr llvm::StringLiteral kIntrinsicAttrName = "qnn.intrinsic";

/// A `qnn.fake_quant` carrying this i64 attribute (a slot number) is lowered
/// to a call of kCalibrationHookName(slot, input, output) on unranked f32
/// memrefs, which runs the fake-quant's forward on the host with its
/// observer state (qnn-calibrate; see Runtime/Calibration.h). The module
/// must declare the hook (declareCalibrationHook).
inline constexpr llvm::StringLiteral kCalibrationSlotAttrName =
    "qnn.calibration_slot";
inline constexpr llvm::StringLiteral kCalibrationHookName =
    "qnn_calibrate_fake_quant";

/// A float `qnn.conv1d`/`conv2d`/`conv3d` carrying this unit attribute
/// accumulates through a call of kHostConvName(groups, stride[3],
/// padding[3], dilation[3], input, weight, output) on unranked f32 memrefs
/// (identity layout; each parameter as (depth, height, width), unit depth
/// and height for 1-D and 2-D convolutions) instead of linalg's
/// convolution loops; the bias and ReLU epilogue stays in linalg.
/// qnn-calibrate's forward (Runtime/HostConvolution.h: a vectorized GEMM
/// that sums in the loops' order, so the result is bit-identical).
inline constexpr llvm::StringLiteral kHostConvAttrName = "qnn.host_conv";
inline constexpr llvm::StringLiteral kHostConvName = "qnn_host_conv_f32";

/// Runs the qnn-to-linalg conversion on `module`: the reference patterns,
/// and ahead of them the micro-kernel patterns of `kernelTarget` (a target
/// name, see resolveKernelTarget in qnn/Target/Target.h; `reference` for
/// none). `pass` names the pass
/// in error messages. Shared by qnn-to-linalg and qnn-to-kernels.
/// `kernelRemarks`: a remark for each quantized conv/linear the kernels
/// leave to the reference patterns, and why (KernelRemarks).
LogicalResult lowerQNNToLinalg(ModuleOp module, StringRef kernelTarget,
                               bool winograd, StringRef pass,
                               bool kernelRemarks = false);

/// All qnn-to-linalg patterns; one populate function per op family.
/// `target` selects micro-kernels for the GEMMs that other lowerings build
/// (the dynamic linear, the LSTM/GRU/RNN gate matmuls).
void populateQNNToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target = KernelTarget::Reference);
void populateAttentionToLinalgPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
void populateQuantizeOpsToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateElementwiseToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateConvolutionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target = KernelTarget::Reference);
void populateNormalizationToLinalgPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);
void populatePoolingToLinalgPatterns(const TypeConverter &converter,
                                     RewritePatternSet &patterns);
void populateReductionToLinalgPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
void populateRecurrentToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    KernelTarget target = KernelTarget::Reference);
void populateResizeToLinalgPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateShapeToLinalgPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H
