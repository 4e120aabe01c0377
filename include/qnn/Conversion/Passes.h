//===- Passes.h - qnn conversion passes -------------------------*- C++ -*-===//

#ifndef QNN_CONVERSION_PASSES_H
#define QNN_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/Passes.h.inc"

} // namespace mlir::qnn

#endif // QNN_CONVERSION_PASSES_H
