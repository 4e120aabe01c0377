//===- QNNDialect.h - qnn dialect -------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_H
#define QNN_DIALECT_QNN_IR_QNNDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Dialect.h"

#include "qnn/Dialect/QNN/IR/QNNOpsDialect.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_H
