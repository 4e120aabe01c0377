//===- ptq.cpp - fuzz target: the quantization workflow passes --*- C++ -*-===//
//
// Parses the input and runs, each on its own copy of the module: PTQ
// preparation (--qnn-ptq-prepare) then --qnn-convert, QAT preparation then
// --qnn-convert, --qnn-convert alone (the input may already be calibrated)
// and --qnn-quantize-dynamic. The pass manager verifies after every pass; a
// pipeline that succeeds must leave a module that round-trips.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

using namespace mlir;

namespace {
enum class Flow { PTQ, QAT, Convert, Dynamic };
} // namespace

static void runFlow(ModuleOp module, Flow flow) {
  OwningOpRef<ModuleOp> copy = module.clone();
  PassManager pm(module.getContext());
  switch (flow) {
  case Flow::PTQ:
    qnn::buildPTQPreparePipeline(pm);
    pm.addNestedPass<func::FuncOp>(qnn::createConvert());
    break;
  case Flow::QAT:
    qnn::buildQATPreparePipeline(pm);
    pm.addNestedPass<func::FuncOp>(qnn::createConvert());
    break;
  case Flow::Convert:
    pm.addNestedPass<func::FuncOp>(qnn::createConvert());
    break;
  case Flow::Dynamic:
    pm.addNestedPass<func::FuncOp>(qnn::createQuantizeDynamic());
    break;
  }
  if (succeeded(pm.run(*copy)))
    qnn_fuzz::checkRoundTrip(*copy, /*generic=*/false);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qnn_fuzz::FuzzContext context;
  OwningOpRef<ModuleOp> module =
      qnn_fuzz::parseInput(context.get(), data, size);
  if (!module || qnn_fuzz::hasHugeShapes(*module))
    return 0;
  for (Flow flow : {Flow::PTQ, Flow::QAT, Flow::Convert, Flow::Dynamic})
    runFlow(*module, flow);
  return 0;
}
