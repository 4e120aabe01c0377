//===- lower.cpp - fuzz target: qnn to the LLVM dialect ---------*- C++ -*-===//
//
// Parses the input and runs buildLowerToLLVMPipeline (qnn-compile's and
// qnn-run's lowering) to the LLVM dialect; no translation to LLVM IR, no
// object. The micro-kernel target and the Winograd switch come from a hash
// of the input, so each input always takes the same path and the corpus
// covers all of them.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "mlir/Pass/PassManager.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Target/Target.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/xxhash.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::ArrayRef<qnn::TargetInfo> targets = qnn::getTargets();
  uint64_t numTargets = targets.size();

  qnn_fuzz::FuzzContext context;
  OwningOpRef<ModuleOp> module =
      qnn_fuzz::parseInput(context.get(), data, size);
  if (!module || qnn_fuzz::hasHugeShapes(*module))
    return 0;
  uint64_t hash = llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(data, size));
  llvm::StringRef target = targets[hash % numTargets].name;
  bool winograd = (hash / numTargets) % 2;

  context.get().appendDialectRegistry(qnn_fuzz::loweringRegistry());
  PassManager pm(&context.get());
  qnn::buildLowerToLLVMPipeline(pm, target, winograd);
  (void)pm.run(*module);
  return 0;
}
