//===- Pipelines.cpp - PTQ and QAT preparation pipelines --------*- C++ -*-===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::qnn;

void mlir::qnn::buildPTQPreparePipeline(OpPassManager &pm) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createFuseModules());
  fpm.addPass(createPropagateQConfig());
  fpm.addPass(createPrepare());
}

void mlir::qnn::buildQATPreparePipeline(OpPassManager &pm) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  FuseModulesOptions options;
  options.qat = true;
  fpm.addPass(createFuseModules(options));
  fpm.addPass(createPropagateQConfig());
  fpm.addPass(createPrepareQAT());
}

void mlir::qnn::registerQNNPassesAndPipelines() {
  registerQNNPasses();
  PassPipelineRegistration<>(
      "qnn-ptq-prepare",
      "Post-training quantization preparation: fuse -> propagate qconfig -> "
      "prepare (insert observers)",
      buildPTQPreparePipeline);
  PassPipelineRegistration<>(
      "qnn-qat-prepare",
      "QAT preparation: fuse (qat) -> propagate qconfig -> prepare-qat "
      "(insert fake-quant)",
      buildQATPreparePipeline);
}
