//===- QNNToKernels.h - qnn ops to ISA micro-kernels ------------*- C++ -*-===//
//
// The kernel generator: quantized conv/linear with constant weights as packed
// GEMMs (and depthwise conv2d channels-last) for one target's ISA. The
// patterns run ahead of the reference lowering's and leave every op they
// decline to it (docs/MicroKernels.md).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOKERNELS_QNNTOKERNELS_H
#define QNN_CONVERSION_QNNTOKERNELS_QNNTOKERNELS_H

#include "mlir/Transforms/DialectConversion.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"

namespace mlir::qnn {

/// Quantized conv/linear with constant weights as packed GEMMs with ISA
/// micro-kernels; they take precedence over the reference patterns and
/// leave ops they cannot handle to them. `winograd` allows Winograd
/// F(2x2, 3x3) for the 3x3 stride-1 convs of the 16-bit kernels.
void populateMicroKernelPatterns(const TypeConverter &converter,
                                 RewritePatternSet &patterns,
                                 KernelTarget target, bool winograd = true);

/// Moves each quantized conv whose only user is a quint8 residual add
/// (add/add_relu of two same-shape tensors) right before that add. Moving a
/// single-use op down to its user preserves semantics; afterwards the
/// residual operand is defined before the conv, and the conv micro-kernel
/// fuses the add into its epilogue.
void placeConvsBeforeResidualAdds(Operation *root);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QNNTOKERNELS_QNNTOKERNELS_H
