//===- Passes.h - qnn conversion passes -------------------------*- C++ -*-===//

#ifndef QNN_CONVERSION_PASSES_H
#define QNN_CONVERSION_PASSES_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::qnn {

#define GEN_PASS_DECL
#include "qnn/Conversion/Passes.h.inc"

/// The default bound on a compiled model's scratch arena: 4 GiB.
constexpr int64_t kDefaultMaxArenaBytes = int64_t(4) << 30;

/// qnn-to-linalg, bufferization and lowering to the LLVM dialect: the
/// reference path that qnn-run and qnn-calibrate JIT.
void buildReferenceLoweringPipeline(OpPassManager &pm);

/// The compiled path: qnn-to-linalg with the micro-kernels of `target` (see
/// parseKernelTarget), then the same bufferization and lowering plus the
/// vector dialect (and its x86vector/arm_neon forms) to LLVM.
/// `maxArenaBytes` bounds the static scratch arena (0: no limit).
void buildLowerToLLVMPipeline(OpPassManager &pm, StringRef target,
                              bool winograd = true,
                              int64_t maxArenaBytes = kDefaultMaxArenaBytes);

struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc("generic, x86-64-avx2, x86-64-avx512vnni, aarch64-neon, "
                     "aarch64-neon-dotprod, native or reference"),
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
};

#define GEN_PASS_REGISTRATION
#include "qnn/Conversion/Passes.h.inc"

/// Dialects and interfaces (bufferization models, LLVM translations) that the
/// reference lowering creates.
void registerReferenceLoweringDialects(DialectRegistry &registry);

/// Registers the conversion passes and the reference lowering pipeline.
void registerQNNConversionPassesAndPipelines();

} // namespace mlir::qnn

#endif // QNN_CONVERSION_PASSES_H
