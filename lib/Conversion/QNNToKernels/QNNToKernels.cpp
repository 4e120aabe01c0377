//===- QNNToKernels.cpp - the kernel patterns and targets -------*- C++ -*-===//

#include "Gemm.h"
#include "qnn/Conversion/Passes.h"

#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cstdlib>

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNTOKERNELS
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

std::optional<KernelTarget> mlir::qnn::parseKernelTarget(StringRef name) {
  if (name == "none" || name == "reference")
    return KernelTarget::Reference;
  if (name == "generic")
    return KernelTarget::Generic;
  if (name == "x86-64-avx2")
    return KernelTarget::X86Avx2;
  if (name == "x86-64-avx512vnni")
    return KernelTarget::X86Avx512Vnni;
  if (name == "aarch64-neon")
    return KernelTarget::Aarch64Neon;
  if (name == "aarch64-neon-dotprod")
    return KernelTarget::Aarch64NeonDotprod;
  if (name == "native") {
    llvm::Expected<std::string> native = detectNativeTarget();
    if (!native) {
      llvm::consumeError(native.takeError());
      return std::nullopt;
    }
    return parseKernelTarget(*native);
  }
  return std::nullopt;
}

bool mlir::qnn::isNativeTargetCapped() {
  const char *cap = std::getenv("QNN_MAX_CPU_ISA");
  return cap && *cap;
}

llvm::Expected<std::string> mlir::qnn::detectNativeTarget() {
  llvm::StringMap<bool> f = llvm::sys::getHostCPUFeatures();
  auto has = [&](StringRef feature) { return f.lookup(feature); };
  llvm::Triple host(llvm::sys::getProcessTriple());
  // Each architecture's targets, weakest first.
  SmallVector<StringRef> ladder = {"generic"};
  size_t best = 0;
  if (host.isX86()) {
    ladder.append({"x86-64-avx2", "x86-64-avx512vnni"});
    best = has("avx512vnni") && has("avx512bw") ? 2 : has("avx2") ? 1 : 0;
  } else if (host.isAArch64()) {
    ladder.append({"aarch64-neon", "aarch64-neon-dotprod"});
    best = has("dotprod") ? 2 : 1;
  }
  if (!isNativeTargetCapped())
    return ladder[best].str();
  std::string cap = StringRef(std::getenv("QNN_MAX_CPU_ISA")).lower();
  for (auto [i, name] : llvm::enumerate(ladder))
    if (cap == name || name.ends_with("-" + cap) ||
        (cap == "neon" && name == "aarch64-neon"))
      return ladder[std::min(i, best)].str();
  return llvm::createStringError(
      "QNN_MAX_CPU_ISA='" + cap + "' is not a target of this " +
      host.getArchName().str() + " host (expected one of: " +
      llvm::join(ladder, ", ") + ")");
}

void mlir::qnn::populateMicroKernelPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns,
                                            KernelTarget target,
                                            bool winograd) {
  if (target == KernelTarget::Reference)
    return;
  populateConvToGemmPatterns(converter, patterns, target, winograd);
  populateDepthwiseConvPatterns(converter, patterns, target);
  populateLinearPatterns(converter, patterns, target);
}

namespace {
struct ConvertQNNToKernelsPass
    : public qnn::impl::ConvertQNNToKernelsBase<ConvertQNNToKernelsPass> {
  using ConvertQNNToKernelsBase::ConvertQNNToKernelsBase;
  void runOnOperation() override {
    if (failed(lowerQNNToLinalg(getOperation(), target, winograd,
                                "qnn-to-kernels")))
      signalPassFailure();
  }
};
} // namespace
