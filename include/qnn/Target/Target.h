//===- Target.h - the kernel targets: one table ----------------*- C++ -*-===//
//
// Everything qnn knows about an ISA lives in one row of the target table
// (lib/Target/Target.cpp): its name, the LLVM triple, CPU and features
// qnn-compile emits for, the host features `native` needs, and the kernel
// descriptors the generator (lib/Conversion/QNNToKernels) reads: the GEMM
// micro-kernels, the depthwise kernel and the epilogue forms. The kernel
// code asks the descriptors, never for a target by name (docs/MicroKernels.md,
// "Adding an ISA").
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TARGET_TARGET_H
#define QNN_TARGET_TARGET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir::qnn {

/// The targets of the table (one enumerator per row; `Reference` is the
/// reference lowering, no kernels).
enum class KernelTarget {
  Reference,
  Generic,
  X86Avx2,
  X86Avx512Vnni,
  Aarch64Neon,
  Aarch64NeonDotprod,
  Aarch64NeonI8mm
};

namespace kernels {

/// The dot instruction of a micro-kernel (emitDot, DotInstructions.cpp).
enum class Dot {
  ArithWide,
  Pmaddwd256,
  Vpdpwssd512,
  Vpdpbusd512,
  NeonSmull,
  NeonSdot,
  /// `acc = intrinsic(acc, a, b)` for the LLVM intrinsic named by
  /// MicroKernel::intrinsic (called through callIntrinsic): a dot that needs
  /// no code of its own, only its name in the target table.
  AccumulatingIntrinsic
};

/// One ISA's GEMM micro-kernel: operands of `bits` (16: zero-point-centered
/// values; 8: raw bytes shifted into the instruction's domain), `kGroup`
/// consecutive k per i32 lane, `lanes` i32 lanes per accumulator vector,
/// and a register tile of `rows` x `vectors` accumulators.
struct MicroKernel {
  Dot dot;
  unsigned bits;
  int64_t kGroup, lanes, rows, vectors;
  /// For 8-bit kernels: whether the broadcast (activation) operand is
  /// unsigned (vpdpbusd) or signed (sdot).
  bool activationUnsigned = false;
  /// k groups per activation vector load for lane-indexed dots (sdot by
  /// element: one 16-byte load per row feeds four groups); 1: one broadcast
  /// load per group and row.
  int64_t laneGroups = 1;
  /// The tile layout: rows per accumulator vector (1 or 2). With 1, an
  /// accumulator holds `lanes` output columns of one row: the dot takes one
  /// row's k group broadcast to every lane and B's `lanes` columns of kGroup
  /// k each. With 2 (matrix-multiply dots: SMMLA/USMMLA), an accumulator is
  /// a row-major 2 x (lanes / 2) block: rows r, r + 1 and lanes / 2 columns;
  /// its A operand is row r's k group followed by row r + 1's, and its B
  /// operand the lanes / 2 columns' k groups one after the other, which is
  /// how packPanels lays B out already. The GEMM emitter keeps the rest of a
  /// tile (initial accumulators, partial sums, the epilogue) in the row view
  /// (`lanes` columns of one row per vector) and converts at the K loop's
  /// start and end (GemmEmitter::tileView/rowView).
  int64_t accRows = 1;
  /// Dot::AccumulatingIntrinsic: the LLVM intrinsic's name.
  llvm::StringLiteral intrinsic = "";

  int64_t panelWidth() const { return lanes * vectors; }
  /// The operand shift of an 8-bit kernel: what is added to activations
  /// stored with `inputSigned` signedness to bring them into the
  /// instruction's (+128 for u8 operands from s8, -128 for s8 ones from u8).
  int64_t operandShift(bool inputSigned) const {
    if (bits != 8 || inputSigned != activationUnsigned)
      return 0;
    return activationUnsigned ? 128 : -128;
  }
};

/// How a requantizing epilogue rounds the float result to i32.
enum class Rounding {
  /// roundAddClampI32: the reference's round half to even (math.roundeven),
  /// zero point, clamp.
  Portable,
  /// `vcvtps2dq ymm` (llvm.x86.avx.cvt.ps2dq.256), which rounds as MXCSR
  /// says, then the clamp in i32; used when every multiplier is <= 0.5 (so
  /// no i32 accumulator can overflow the conversion).
  Mxcsr256,
  /// Clamp in float, then `vcvtps2dq {rn-sae}` (the 512-bit masked form,
  /// llvm.x86.avx512.mask.cvtps2dq.512): round half to even whatever MXCSR
  /// says.
  Embedded512,
};

/// The fused epilogue's ISA choices.
struct EpilogueDesc {
  Rounding rounding = Rounding::Portable;
  /// Narrowing path: clamp again in i32 right before the truncation, so that
  /// LLVM's x86 backend narrows with saturating packs (vpackssdw +
  /// vpackuswb) instead of byte shuffles; and narrow a row's two full
  /// accumulator vectors together (one 16-lane pack and one 16-byte store).
  bool saturatingNarrow = false;
};

/// The depthwise conv2d kernel (channels-last; Depthwise.cpp): `lanes`
/// channels per i32 accumulator vector, and `pairDot`, when set, the dot
/// that takes two taps at a time (i16 pairs interleaved per channel);
/// otherwise each tap is a widening multiply-add. `byteQuads`: kernels
/// with kw <= 4 and an 8-bit result whose weights fit the target's 8-bit
/// kernel (qint8, zero point 0) run instead through that kernel's u8 x s8
/// quad dot, one kernel row of 4 taps per i32 lane (DepthwiseQuads.cpp).
struct DepthwiseDesc {
  int64_t lanes;
  std::optional<MicroKernel> pairDot;
  bool byteQuads = false;
};

} // namespace kernels

/// The architecture a target's code runs on (`Any`: the host's).
enum class TargetArch { Any, X86_64, AArch64 };

/// One row of the target table.
struct TargetInfo {
  KernelTarget kind;
  /// The name in --target= options (`generic`, `x86-64-avx2`, ...).
  llvm::StringLiteral name;
  TargetArch arch;
  /// What qnn-compile emits for: the LLVM triple (empty: the host's default
  /// triple), CPU and features.
  llvm::StringLiteral triple, cpu, features;
  /// Host CPU features (llvm::sys::getHostCPUFeatures names) that `native`
  /// needs to pick this target; the table lists each architecture's targets
  /// weakest first, and `native` is the last one the host has.
  llvm::ArrayRef<llvm::StringLiteral> hostFeatures;
  /// The GEMM kernel of 16-bit centered operands (any weights), and the
  /// 8-bit one for signed weights with zero point 0 (the 16-bit one when
  /// unset).
  std::optional<kernels::MicroKernel> wideKernel, byteKernel;
  kernels::DepthwiseDesc depthwise;
  kernels::EpilogueDesc epilogue;

  /// Whether the target has kernels (every row but `reference`).
  bool hasKernels() const { return wideKernel.has_value(); }
  /// The GEMM kernel; `bytesExact`: signed 8-bit weights with zero point 0.
  std::optional<kernels::MicroKernel> selectKernel(bool bytesExact) const {
    if (bytesExact && byteKernel)
      return byteKernel;
    return wideKernel;
  }
};

/// The whole table, in declaration order (`reference` first).
llvm::ArrayRef<TargetInfo> getTargets();

/// The row of `kind`.
const TargetInfo &getTargetInfo(KernelTarget kind);

/// The row named `name` (`none` is an alias of `reference`); null when there
/// is none. `native` is not a row: see resolveKernelTarget.
const TargetInfo *lookupTarget(llvm::StringRef name);

/// The kernel targets' names joined with `separator`, and `last` before the
/// final one (`generic, x86-64-avx2, ... or native` in option help and error
/// messages).
std::string listTargetNames(llvm::StringRef separator, llvm::StringRef last,
                            bool withNative, bool withReference);

/// Parses a target name: a row of the table, or `native` (the host's best,
/// see detectNativeTarget). An unknown name, or `native` on a host whose
/// QNN_MAX_CPU_ISA names no target of it, is an error with the message to
/// show.
llvm::Expected<const TargetInfo *> resolveKernelTarget(llvm::StringRef name);

/// The best target of this host (what `native` means). The environment
/// variable QNN_MAX_CPU_ISA caps it: a target name of this host's
/// architecture, or its last `-` component (`generic`, `avx2` or
/// `avx512vnni` on x86-64, `neon`, `dotprod` or `i8mm` on AArch64), so an
/// AVX-512 host can run everything as an AVX2-only host would. An unknown
/// value, or one for another architecture, is an error.
llvm::Expected<const TargetInfo *> detectNativeTarget();

/// Whether QNN_MAX_CPU_ISA is set (and `native` is then exactly the named
/// target it resolves to, not the host CPU's full feature set).
bool isNativeTargetCapped();

/// What an LLVM TargetMachine is created with for a target.
struct MachineSpec {
  std::string triple, cpu, features;
};

/// The machine for the target named `name` (a kernel target or `native`:
/// the host's triple, CPU and all its features, or when capped by
/// QNN_MAX_CPU_ISA the capped row's). Errors as resolveKernelTarget, and
/// for `reference`, which qnn-compile does not emit.
llvm::Expected<MachineSpec> resolveMachine(llvm::StringRef name);

/// The help text of a kernel --target option (the kernel targets, native and
/// reference), and of qnn-compile's (no reference).
llvm::StringRef kernelTargetOptionHelp();
llvm::StringRef compileTargetOptionHelp();

} // namespace mlir::qnn

#endif // QNN_TARGET_TARGET_H
