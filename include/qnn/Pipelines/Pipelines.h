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

#include <functional>

namespace mlir::qnn {

/// The default bound on a compiled model's scratch arena: 4 GiB.
constexpr int64_t kDefaultMaxArenaBytes = int64_t(4) << 30;

/// Adds passes to a lowering pipeline at one point (see below).
using PipelineHook = std::function<void(OpPassManager &)>;

/// qnn-to-linalg, bufferization and lowering to the LLVM dialect: the
/// reference path that qnn-run and qnn-calibrate JIT. `atMemRef`, if set,
/// adds passes right after bufferization (the module holds memrefs and
/// memref.globals, no tensors; linalg ops not yet loops): the JIT moves its
/// large constants out of the module there (ModelRunner).
void buildReferenceLoweringPipeline(OpPassManager &pm,
                                    const PipelineHook &atMemRef = nullptr);

/// The compiled path: qnn-to-kernels for `target` (see resolveKernelTarget;
/// `reference` gives the reference pipeline), then the same bufferization and
/// lowering plus the vector dialect (and its x86vector/arm_neon forms) to LLVM.
/// `maxArenaBytes` bounds the static scratch arena (0: no limit); `arena` is
/// where it lives (qnn-plan-scratch's option: `global`, `argument` or
/// `both`, the last what qnn-compile uses for its reentrant entry point).
/// `threads` > 1 splits the kernels' tagged loops (qnn-parallelize) and runs
/// them on OpenMP (convert-scf-to-openmp, convert-openmp-to-llvm): the object
/// then needs libomp, and the thread count is the caller's at run time;
/// `threads` = 1 emits no OpenMP at all. `kernelRemarks`:
/// qnn-to-kernels{kernel-remarks=1}.
void buildLowerToLLVMPipeline(OpPassManager &pm, StringRef target,
                              bool winograd = true,
                              int64_t maxArenaBytes = kDefaultMaxArenaBytes,
                              StringRef arena = "global", int64_t threads = 1,
                              bool kernelRemarks = false,
                              const PipelineHook &atMemRef = nullptr);

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
  Option<int64_t> threads{
      *this, "threads",
      llvm::cl::desc("1: serial code, no OpenMP; more: split the kernels' "
                     "parallel loops on OpenMP (the count itself is chosen at "
                     "run time)"),
      llvm::cl::init(1)};
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
