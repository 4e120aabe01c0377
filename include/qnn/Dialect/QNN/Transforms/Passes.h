//===- Passes.h - qnn passes ------------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

/// fuse -> propagate-qconfig -> prepare (PyTorch's PTQ preparation).
void buildPTQPreparePipeline(OpPassManager &pm);
/// fuse(qat) -> propagate-qconfig -> prepare-qat.
void buildQATPreparePipeline(OpPassManager &pm);

#define GEN_PASS_REGISTRATION
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

/// Registers the passes and the pipelines with the global registry.
void registerQNNPassesAndPipelines();

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
