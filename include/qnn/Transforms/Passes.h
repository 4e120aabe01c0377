//===- Passes.h - qnn linalg/memref transforms ------------------*- C++ -*-===//

#ifndef QNN_TRANSFORMS_PASSES_H
#define QNN_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

/// The discardable attribute kernel emitters put on an scf.for whose
/// iterations may run in any order and at once (disjoint writes, no shared
/// scratch): qnn-parallelize's candidates.
inline constexpr llvm::StringLiteral kParallelLoopAttr = "qnn.parallel";

#define GEN_PASS_DECL
#include "qnn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Transforms/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_TRANSFORMS_PASSES_H
