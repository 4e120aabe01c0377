//===- Pipelines.h - qnn lowering pipelines ---------------------*- C++ -*-===//
//
// The reference and the compiled pipelines, built in one place and used by
// qnn-opt (registered), the JIT (lib/Runtime) and qnn-compile.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_PIPELINES_PIPELINES_H
#define QNN_PIPELINES_PIPELINES_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "qnn/Target/Target.h"

namespace mlir::qnn {

/// The default bound on a compiled model's scratch arena: 4 GiB.
constexpr int64_t kDefaultMaxArenaBytes = int64_t(4) << 30;

/// qnn-to-linalg, bufferization and lowering to the LLVM dialect: the
/// reference path that qnn-run and qnn-calibrate JIT.
void buildReferenceLoweringPipeline(OpPassManager &pm);

/// The compiled path: qnn-to-kernels for `target` (see resolveKernelTarget;
/// `reference` gives the reference pipeline), then the same bufferization and
/// lowering plus the vector dialect (and its x86vector/arm_neon forms) to LLVM.
/// `maxArenaBytes` bounds the static scratch arena (0: no limit); `arena` is
/// where it lives (qnn-plan-scratch's option: `global`, `argument` or
/// `both`, the last what qnn-compile uses for its reentrant entry point).
/// `kernelRemarks`: qnn-to-kernels{kernel-remarks=1}.
void buildLowerToLLVMPipeline(OpPassManager &pm, StringRef target,
                              bool winograd = true,
                              int64_t maxArenaBytes = kDefaultMaxArenaBytes,
                              StringRef arena = "global",
                              bool kernelRemarks = false);

struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc(kernelTargetOptionHelp()),
      llvm::cl::init("generic")};
  Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("Exact integer Winograd F(2x2, 3x3) for 3x3 stride-1 "
                     "convs on the 16-bit kernels"),
      llvm::cl::init(true)};
  Option<int64_t> maxArenaBytes{
      *this, "max-arena-bytes",
      llvm::cl::desc("Largest static scratch arena accepted, in bytes (0: no "
                     "limit)"),
      llvm::cl::init(kDefaultMaxArenaBytes)};
  Option<std::string> arena{
      *this, "arena",
      llvm::cl::desc("Where the scratch arena lives: global (static, not "
                     "reentrant), argument (a leading memref argument) or "
                     "both (a workspace function the static entry calls)"),
      llvm::cl::init("global")};
  Option<bool> kernelRemarks{
      *this, "kernel-remarks",
      llvm::cl::desc("A remark for each quantized conv/linear the kernels "
                     "leave to the reference lowering, and why"),
      llvm::cl::init(false)};
};

/// Dialects and interfaces (bufferization models, LLVM translations) that the
/// reference lowering creates.
void registerReferenceLoweringDialects(DialectRegistry &registry);

/// Registers the conversion and transform passes and the pipelines.
void registerQNNLoweringPassesAndPipelines();

} // namespace mlir::qnn

#endif // QNN_PIPELINES_PIPELINES_H
