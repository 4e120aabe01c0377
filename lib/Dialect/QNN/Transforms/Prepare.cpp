//===- Prepare.cpp - torch.ao.quantization.prepare --------------*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/ObserverInsertion.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_PREPARE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
struct PreparePass : public qnn::impl::PrepareBase<PreparePass> {
  void runOnOperation() override {
    if (failed(insertPostProcesses(getOperation(), /*fakeQuant=*/false)))
      signalPassFailure();
  }
};
} // namespace
