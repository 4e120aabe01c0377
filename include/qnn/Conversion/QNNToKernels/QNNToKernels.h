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
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"

namespace mlir::qnn {

/// Why the kernel patterns left quantized conv/linear ops to the reference
/// lowering (qnn-to-kernels{kernel-remarks=1}, qnn-compile
/// --qnn-kernel-remarks). The patterns record every op they decline, with
/// the reason, and every op they rewrite; after the conversion, each
/// declined op that no kernel pattern rewrote gets one remark at its
/// location naming the op and the last reason.
class KernelRemarks {
public:
  void decline(Operation *op, const Twine &reason);
  void accept(Operation *op);
  /// Emits the remarks (in the order the ops were first declined).
  void emit() const;

private:
  struct Declined {
    Location loc;
    std::string op, reason;
  };
  llvm::MapVector<Operation *, unsigned> index;
  SmallVector<Declined> declined;
  llvm::DenseSet<Operation *> accepted;
};

/// Quantized conv/linear with constant weights as packed GEMMs with ISA
/// micro-kernels; they take precedence over the reference patterns and
/// leave ops they cannot handle to them. `winograd` allows Winograd
/// F(2x2, 3x3) for the 3x3 stride-1 convs of the 16-bit kernels.
/// `remarks`, when set, records the ops the patterns decline.
void populateMicroKernelPatterns(const TypeConverter &converter,
                                 RewritePatternSet &patterns,
                                 KernelTarget target, bool winograd = true,
                                 KernelRemarks *remarks = nullptr);

/// Moves each quantized conv whose only user is a quint8 residual add
/// (add/add_relu of two same-shape tensors) right before that add. Moving a
/// single-use op down to its user preserves semantics; afterwards the
/// residual operand is defined before the conv, and the conv micro-kernel
/// fuses the add into its epilogue.
void placeConvsBeforeResidualAdds(Operation *root);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QNNTOKERNELS_QNNTOKERNELS_H
