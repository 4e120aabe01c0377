//===- ObserverInsertion.h - activation_post_process insertion --*- C++ -*-===//
//
// What `prepare` and `prepare_qat` share: inserting observers or fake-quant
// on weights, outputs and float inputs of the ops static quantization swaps.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_OBSERVERINSERTION_H
#define QNN_DIALECT_QNN_TRANSFORMS_OBSERVERINSERTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::qnn {

/// Inserts post-processes in `func`: `qnn.observe`, or `qnn.fake_quant` when
/// `fakeQuant` is set or the op's qconfig is a QAT qconfig.
LogicalResult insertPostProcesses(func::FuncOp func, bool fakeQuant);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_OBSERVERINSERTION_H
