//===- BatchNormFolding.h - fuse_conv_bn_weights ----------------*- C++ -*-===//
//
// PyTorch's BatchNorm folding (torch/nn/utils/fusion.py) in float32, shared
// by eval-mode fusion and by converting QAT conv_bn ops.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_BATCHNORMFOLDING_H
#define QNN_DIALECT_QNN_TRANSFORMS_BATCHNORMFOLDING_H

#include "mlir/IR/Value.h"
#include "qnn/Dialect/QNN/Transforms/QuantizationRules.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::qnn {

/// BatchNorm statistics and affine parameters (already defaulted).
struct BatchNormParams {
  SmallVector<float> mean, var, weight, bias;
  float eps;
};

/// Reads constant BN parameters; absent weight/bias default to ones/zeros
/// when `defaultAffine` (fuse_conv_bn_weights), else fail
/// (fuse_linear_bn_weights needs them).
FailureOr<BatchNormParams> getBatchNormParams(Value mean, Value var,
                                              Value weight, Value bias,
                                              double eps, bool defaultAffine);

/// Folds `bn` into `weight` (channels along `axis` of `shape`) and `bias`
/// (one entry per channel, zeros if the op had none), in place:
/// fuse_conv_bn_weights, or fuse_linear_bn_weights when `linear`.
void foldBatchNorm(MutableArrayRef<float> weight, ArrayRef<int64_t> shape,
                   int64_t axis, MutableArrayRef<float> bias,
                   const BatchNormParams &bn, bool linear);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_BATCHNORMFOLDING_H
