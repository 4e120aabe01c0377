//===- Target.cpp - the target table ----------------------------*- C++ -*-===//
//
// One row per target (include/qnn/Target/Target.h). Adding an ISA starts
// here: docs/MicroKernels.md, "Adding an ISA".
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Target.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cstdlib>

using namespace mlir::qnn;
using namespace mlir::qnn::kernels;
using llvm::StringLiteral;
using llvm::StringRef;

namespace {
constexpr StringLiteral kAvx2Features[] = {"avx2"};
constexpr StringLiteral kAvx512VnniFeatures[] = {"avx512vnni", "avx512bw"};
constexpr StringLiteral kDotprodFeatures[] = {"dotprod"};
constexpr StringLiteral kI8mmFeatures[] = {"dotprod", "i8mm"};

llvm::ArrayRef<StringLiteral> none() { return {}; }

/// The table. Each architecture's targets weakest first (`native` takes the
/// last one whose hostFeatures the host has). A function-local static: the
/// tools' option descriptions read it during static initialization.
llvm::ArrayRef<TargetInfo> table() {
  static const TargetInfo targets[] = {
    {KernelTarget::Reference, "reference", TargetArch::Any, "", "", "", none(),
     std::nullopt, std::nullopt, DepthwiseDesc{0, std::nullopt},
     EpilogueDesc{}},
    {KernelTarget::Generic, "generic", TargetArch::Any, "", "generic", "",
     none(), MicroKernel{Dot::ArithWide, 16, 1, 8, 4, 2}, std::nullopt,
     DepthwiseDesc{8, std::nullopt}, EpilogueDesc{}},
    {KernelTarget::X86Avx2, "x86-64-avx2", TargetArch::X86_64,
     "x86_64-unknown-linux-gnu", "x86-64-v3", "", kAvx2Features,
     MicroKernel{Dot::Pmaddwd256, 16, 2, 8, 6, 2}, std::nullopt,
     DepthwiseDesc{8, MicroKernel{Dot::Pmaddwd256, 16, 2, 8, 1, 1}},
     EpilogueDesc{Rounding::Mxcsr256, /*saturatingNarrow=*/true}},
    {KernelTarget::X86Avx512Vnni, "x86-64-avx512vnni", TargetArch::X86_64,
     "x86_64-unknown-linux-gnu", "x86-64-v4", "+avx512vnni,+fast-dpwssd",
     kAvx512VnniFeatures, MicroKernel{Dot::Vpdpwssd512, 16, 2, 16, 6, 4},
     MicroKernel{Dot::Vpdpbusd512, 8, 4, 16, 4, 4, /*activationUnsigned=*/true},
     DepthwiseDesc{16, MicroKernel{Dot::Vpdpwssd512, 16, 2, 16, 1, 1},
                   /*byteQuads=*/true},
     EpilogueDesc{Rounding::Embedded512, /*saturatingNarrow=*/false}},
    {KernelTarget::Aarch64Neon, "aarch64-neon", TargetArch::AArch64,
     "aarch64-unknown-linux-gnu", "generic", "+neon", none(),
     MicroKernel{Dot::NeonSmull, 16, 1, 4, 4, 4}, std::nullopt,
     DepthwiseDesc{8, std::nullopt}, EpilogueDesc{}},
    {KernelTarget::Aarch64NeonDotprod, "aarch64-neon-dotprod",
     TargetArch::AArch64, "aarch64-unknown-linux-gnu", "generic",
     "+neon,+dotprod", kDotprodFeatures,
     MicroKernel{Dot::NeonSmull, 16, 1, 4, 4, 4},
     MicroKernel{Dot::NeonSdot, 8, 4, 4, 4, 4, /*activationUnsigned=*/false,
                 /*laneGroups=*/4},
     DepthwiseDesc{8, std::nullopt}, EpilogueDesc{}},
    // USMMLA (FEAT_I8MM): u8 x s8, a 2 x 8 block of A times an 8 x 2 block
    // of B into a 2 x 2 block of i32 accumulators (accRows = 2); quint8
    // activations enter unshifted, qint8 ones +128.
    {KernelTarget::Aarch64NeonI8mm, "aarch64-neon-i8mm", TargetArch::AArch64,
     "aarch64-unknown-linux-gnu", "generic", "+neon,+dotprod,+i8mm",
     kI8mmFeatures, MicroKernel{Dot::NeonSmull, 16, 1, 4, 4, 4},
     MicroKernel{Dot::AccumulatingIntrinsic, 8, 8, 4, 4, 4,
                 /*activationUnsigned=*/true, /*laneGroups=*/1,
                 /*accRows=*/2, "llvm.aarch64.neon.usmmla.v4i32.v16i8"},
     DepthwiseDesc{8, std::nullopt}, EpilogueDesc{}},
  };
  return targets;
}
} // namespace

llvm::ArrayRef<TargetInfo> mlir::qnn::getTargets() { return table(); }

const TargetInfo &mlir::qnn::getTargetInfo(KernelTarget kind) {
  for (const TargetInfo &t : table())
    if (t.kind == kind)
      return t;
  llvm_unreachable("every KernelTarget has a row");
}

const TargetInfo *mlir::qnn::lookupTarget(StringRef name) {
  if (name == "none")
    name = "reference";
  for (const TargetInfo &t : table())
    if (t.name == name)
      return &t;
  return nullptr;
}

std::string mlir::qnn::listTargetNames(StringRef separator, StringRef last,
                                       bool withNative, bool withReference) {
  llvm::SmallVector<std::string> names;
  for (const TargetInfo &t : table())
    if (t.hasKernels())
      names.push_back(t.name.str());
  if (withNative)
    names.push_back("native");
  if (withReference)
    names.push_back("reference (none)");
  std::string out;
  for (auto [i, n] : llvm::enumerate(names)) {
    if (i)
      out += i + 1 == names.size() ? last : separator;
    out += n;
  }
  return out;
}

bool mlir::qnn::isNativeTargetCapped() {
  const char *cap = std::getenv("QNN_MAX_CPU_ISA");
  return cap && *cap;
}

/// Whether targets of `arch` run on `host`.
static bool runsOn(TargetArch arch, const llvm::Triple &host) {
  switch (arch) {
  case TargetArch::Any:
    return true;
  case TargetArch::X86_64:
    return host.isX86();
  case TargetArch::AArch64:
    return host.isAArch64();
  }
  return false;
}

llvm::Expected<const TargetInfo *> mlir::qnn::detectNativeTarget() {
  llvm::StringMap<bool> f = llvm::sys::getHostCPUFeatures();
  llvm::Triple host(llvm::sys::getProcessTriple());
  // This architecture's targets, weakest first, and the best the host has.
  llvm::SmallVector<const TargetInfo *> ladder;
  size_t best = 0;
  for (const TargetInfo &t : table()) {
    if (!t.hasKernels() || !runsOn(t.arch, host))
      continue;
    if (llvm::all_of(t.hostFeatures,
                     [&](StringRef feature) { return f.lookup(feature); }))
      best = ladder.size();
    ladder.push_back(&t);
  }
  if (!isNativeTargetCapped())
    return ladder[best];
  std::string cap = StringRef(std::getenv("QNN_MAX_CPU_ISA")).lower();
  for (auto [i, t] : llvm::enumerate(ladder))
    if (cap == t->name || t->name.ends_with("-" + cap))
      return ladder[std::min(i, best)];
  llvm::SmallVector<StringRef> names;
  for (const TargetInfo *t : ladder)
    names.push_back(t->name);
  return llvm::createStringError(
      "QNN_MAX_CPU_ISA='" + cap + "' is not a target of this " +
      host.getArchName().str() + " host (expected one of: " +
      llvm::join(names, ", ") + ")");
}

llvm::Expected<const TargetInfo *>
mlir::qnn::resolveKernelTarget(StringRef name) {
  if (name == "native")
    return detectNativeTarget();
  if (const TargetInfo *t = lookupTarget(name))
    return t;
  return llvm::createStringError(
      "unknown micro-kernel target '" + name.str() + "' (expected " +
      listTargetNames(", ", " or ", /*withNative=*/true,
                      /*withReference=*/false) +
      ", or reference)");
}

llvm::Expected<MachineSpec> mlir::qnn::resolveMachine(StringRef name) {
  if (name == "native" && !isNativeTargetCapped()) {
    std::string features;
    for (auto &f : llvm::sys::getHostCPUFeatures())
      features += (f.second ? "+" : "-") + f.first().str() + ",";
    return MachineSpec{llvm::sys::getDefaultTargetTriple(),
                       llvm::sys::getHostCPUName().str(), features};
  }
  // Capped by QNN_MAX_CPU_ISA: exactly the named target the cap selects.
  const TargetInfo *t = nullptr;
  if (name == "native") {
    llvm::Expected<const TargetInfo *> native = detectNativeTarget();
    if (!native)
      return native.takeError();
    t = *native;
  } else {
    t = lookupTarget(name);
  }
  if (!t || !t->hasKernels())
    return llvm::createStringError(
        "unknown target '" + name.str() + "' (expected " +
        listTargetNames(", ", " or ", /*withNative=*/true,
                        /*withReference=*/false) +
        ")");
  std::string triple =
      t->triple.empty() ? llvm::sys::getDefaultTargetTriple() : t->triple.str();
  return MachineSpec{triple, t->cpu.str(), t->features.str()};
}

StringRef mlir::qnn::compileTargetOptionHelp() {
  static const std::string help =
      listTargetNames(", ", " or ", /*withNative=*/true,
                      /*withReference=*/false);
  return help;
}

StringRef mlir::qnn::kernelTargetOptionHelp() {
  static const std::string help =
      "Micro-kernel target: " +
      listTargetNames(", ", ", ", /*withNative=*/true, /*withReference=*/true);
  return help;
}
