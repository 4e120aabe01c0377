//===- Passes.h - qnn linalg/memref transforms ------------------*- C++ -*-===//

#ifndef QNN_TRANSFORMS_PASSES_H
#define QNN_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

/// The discardable attribute kernel emitters put on an scf.for whose
/// iterations may run in any order and at once (disjoint writes, no shared
/// scratch): qnn-parallelize's candidates.
inline constexpr llvm::StringLiteral kParallelLoopAttr = "qnn.parallel";

/// The discardable attribute a GEMM emitter puts on its tagged panel loop
/// when the GEMM has more rows (output pixels) than columns (output
/// channels): qnn-parallelize then prefers to split the rows around the
/// panels (each thread keeps the same output rows in every panel, and so
/// reads mostly the input rows it wrote itself in the layer before) over
/// splitting the panels (each thread streaming half the weights but
/// reading every input row).
inline constexpr llvm::StringLiteral kSplitRowsAttr = "qnn.split_rows";

#define GEN_PASS_DECL
#include "qnn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Transforms/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_TRANSFORMS_PASSES_H
