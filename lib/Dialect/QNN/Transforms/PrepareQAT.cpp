//===- PrepareQAT.cpp - torch.ao.quantization.prepare_qat -------*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/ObserverInsertion.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_PREPAREQAT
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
struct PrepareQATPass : public qnn::impl::PrepareQATBase<PrepareQATPass> {
  void runOnOperation() override {
    if (failed(insertPostProcesses(getOperation(), /*fakeQuant=*/true)))
      signalPassFailure();
  }
};
} // namespace
