//===- QNNOps.h - qnn operations --------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNOPS_H
#define QNN_DIALECT_QNN_IR_QNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

namespace mlir::qnn {
namespace detail {
LogicalResult verifySameQuantParams(Operation *op);
LogicalResult verifyValidQParams(Operation *op);
} // namespace detail

/// Every quantized operand and result type has valid qparams.
template <typename ConcreteType>
class ValidQParams : public OpTrait::TraitBase<ConcreteType, ValidQParams> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyValidQParams(op);
  }
};

/// The quantized result of an op with this trait has exactly its first
/// operand's scale and zero point, as PyTorch's kernels for that op define.
template <typename ConcreteType>
class SameQuantParams
    : public OpTrait::TraitBase<ConcreteType, SameQuantParams> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifySameQuantParams(op);
  }
};
} // namespace mlir::qnn

#include "qnn/Dialect/QNN/IR/QNNInterfaces.h.inc"

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNOPS_H
