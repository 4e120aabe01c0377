//===- MicroKernels.cpp - ISA micro-kernels for quantized GEMMs -*- C++ -*-===//
//
// Quantized conv (any rank; one GEMM per group) and linear with constant
// weights become packed int8/int16 GEMMs:
//
//   C[M, N] = A[M, K] * B[K, N]     M = output pixels (or rows), N = output
//                                   channels, K = input window
//
// * A is built at run time by an im2col over a channels-last copy of the
//   input, already in the kernel's operand domain (see OperandDomain).
// * B is the weight, prepacked at compile time into a `memref.global`
//   constant (read-only data) in panels of NR = lanes * vectors output
//   channels: B[panel][k / kg][NR * kg], so one vector load feeds one dot
//   instruction. Per-channel zero-point corrections and the quantized bias are
//   folded into one precomputed i32 vector.
// * The loop nest is emitted directly as scf + vector on memrefs: panels of
//   B outermost (a panel stays in L1), then register tiles of MR rows of A,
//   the K loop with MR x vectors accumulators in registers, and the fused
//   epilogue (correction + bias, fp32 requantize with round half to even,
//   zero point, clamp/ReLU) storing int8 rows.
//
// The dynamic linear (float input, quantized weight; also every gate matmul
// of the dynamically quantized LSTM/GRU/RNN cells, through buildLinear) runs
// the same GEMM: the input is quantized with its run-time qparams into the
// operand domain, and a float epilogue computes
// `(float)(acc - zp * colsum) * (x_scale * w_scale) + bias` (DynamicEpilogue).
//
// One interface, MicroKernel, describes each ISA: operand width, k group,
// lanes, register blocking and the dot instruction:
//
//   generic             i16 x i16, arith extsi/muli/addi (portable)
//   x86-64-avx2         i16 pairs, vpmaddwd (llvm.x86.avx2.pmadd.wd)
//   x86-64-avx512vnni   u8 x s8 quads, vpdpbusd (llvm.x86.avx512.vpdpbusd.512)
//                       or i16 pairs, vpmaddwd zmm, when the weights have a
//                       zero point
//   aarch64-neon        i16, smull + add = smlal (arm_neon.intr.smull)
//   aarch64-neon-dotprod s8 x s8 quads, sdot (arm_neon.intr.sdot), or smlal
//
// Every variant is exact: products and pair/quad sums fit their i32 lanes
// (vpmaddubsw, which saturates at i16, is never used), accumulation is i32
// like the reference, and the epilogue is the reference's float32 sequence
// on vectors. The results are therefore bit-identical to qnn-to-linalg's.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cmath>
#include <cstdlib>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;

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

namespace {

/// The dot instruction of a micro-kernel.
enum class Dot {
  ArithWide,
  Pmaddwd256,
  Vpdpwssd512,
  Vpdpbusd512,
  NeonSmull,
  NeonSdot
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

  int64_t panelWidth() const { return lanes * vectors; }
};

/// The kernel for `target`; `bytesExact` says whether the 8-bit form applies
/// (signed 8-bit weights with zero point 0).
std::optional<MicroKernel> selectKernel(KernelTarget target, bool bytesExact) {
  switch (target) {
  case KernelTarget::Reference:
    return std::nullopt;
  case KernelTarget::Generic:
    return MicroKernel{Dot::ArithWide, 16, 1, 8, 4, 2};
  case KernelTarget::X86Avx2:
    return MicroKernel{Dot::Pmaddwd256, 16, 2, 8, 6, 2};
  case KernelTarget::X86Avx512Vnni:
    if (bytesExact)
      return MicroKernel{Dot::Vpdpbusd512, 8, 4, 16, 4, 4, true};
    return MicroKernel{Dot::Vpdpwssd512, 16, 2, 16, 6, 4};
  case KernelTarget::Aarch64Neon:
    return MicroKernel{Dot::NeonSmull, 16, 1, 4, 4, 4};
  case KernelTarget::Aarch64NeonDotprod:
    if (bytesExact)
      return MicroKernel{Dot::NeonSdot, 8, 4, 4, 4, 4, false, 4};
    return MicroKernel{Dot::NeonSmull, 16, 1, 4, 4, 4};
  }
  return std::nullopt;
}

/// A call to the LLVM intrinsic `name`. Bufferization's deallocation
/// analysis rejects llvm.call_intrinsic (it has no memory-effect interface),
/// so the kernels call a private declaration tagged `qnn.intrinsic`, which
/// qnn-materialize-intrinsics turns into llvm.call_intrinsic after
/// bufferization.
Value callIntrinsic(OpBuilder &b, Location loc, ModuleOp module,
                    StringRef name, Type result, ValueRange args) {
  std::string symbol = "__qnn_intrinsic_" + name.str();
  for (char &c : symbol)
    if (c == '.')
      c = '_';
  if (!module.lookupSymbol(symbol)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto decl = func::FuncOp::create(
        b, loc, symbol, b.getFunctionType(args.getTypes(), {result}));
    decl.setPrivate();
    decl->setAttr(kIntrinsicAttrName, b.getStringAttr(name));
  }
  return func::CallOp::create(b, loc, symbol, TypeRange{result}, args)
      .getResult(0);
}

/// acc + a . b for one accumulator vector.
Value emitDot(OpBuilder &b, Location loc, ModuleOp module,
              const MicroKernel &k, Value acc, Value a, Value w) {
  auto accType = llvm::cast<VectorType>(acc.getType());
  auto intrinsic = [&](StringRef name, ValueRange args) {
    return callIntrinsic(b, loc, module, name, accType, args);
  };
  switch (k.dot) {
  case Dot::ArithWide: {
    Value a32 = arith::ExtSIOp::create(b, loc, accType, a);
    Value w32 = arith::ExtSIOp::create(b, loc, accType, w);
    return arith::AddIOp::create(b, loc, acc,
                                 arith::MulIOp::create(b, loc, a32, w32));
  }
  case Dot::Pmaddwd256:
    return arith::AddIOp::create(
        b, loc, acc, intrinsic("llvm.x86.avx2.pmadd.wd", {a, w}));
  case Dot::Vpdpwssd512:
    return intrinsic("llvm.x86.avx512.vpdpwssd.512", {acc, a, w});
  case Dot::Vpdpbusd512:
    return intrinsic("llvm.x86.avx512.vpdpbusd.512", {acc, a, w});
  case Dot::NeonSmull:
    return arith::AddIOp::create(
        b, loc, acc, arm_neon::SMullOp::create(b, loc, accType, a, w));
  case Dot::NeonSdot:
    // The broadcast activation second: a lane splat there selects sdot's
    // by-element form (`sdot v.4s, v.16b, v.4b[i]`).
    return arm_neon::SdotOp::create(b, loc, accType, acc, w, a);
  }
  llvm_unreachable("unknown dot");
}

//===----------------------------------------------------------------------===//
// Compile-time constants
//===----------------------------------------------------------------------===//

/// The ElementsAttr behind a constant operand: qnn.qconstant, arith.constant
/// (possibly behind the conversion's casts).
ElementsAttr getConstantElements(Value original, Value converted) {
  if (auto q = original.getDefiningOp<QConstantOp>())
    return q.getValue();
  for (Value v : {converted, original}) {
    while (v) {
      Attribute attr;
      if (matchPattern(v, m_Constant(&attr)))
        return llvm::dyn_cast<ElementsAttr>(attr);
      auto cast = v.getDefiningOp<UnrealizedConversionCastOp>();
      if (!cast || cast.getInputs().size() != 1)
        break;
      v = cast.getInputs()[0];
      if (auto q = v.getDefiningOp<QConstantOp>())
        return q.getValue();
    }
  }
  return {};
}

/// The raw bytes of a dense_resource constant, if it is one.
std::optional<ArrayRef<char>> resourceBytes(ElementsAttr attr) {
  auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  return blob->getData();
}

/// Integer constant values (interpreted as signed or unsigned `bits`-bit).
std::optional<SmallVector<int64_t>> readIntegers(ElementsAttr attr,
                                                 bool isSigned) {
  if (!attr)
    return std::nullopt;
  int64_t n = attr.getNumElements();
  SmallVector<int64_t> out;
  out.reserve(n);
  auto type = llvm::dyn_cast<IntegerType>(attr.getElementType());
  if (!type || type.getWidth() != 8)
    return std::nullopt;
  if (auto bytes = resourceBytes(attr)) {
    if ((int64_t)bytes->size() != n)
      return std::nullopt;
    for (char c : *bytes)
      out.push_back(isSigned ? (int64_t)(int8_t)c : (int64_t)(uint8_t)c);
    return out;
  }
  auto dense = llvm::dyn_cast<DenseIntElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  for (const APInt &v : dense.getValues<APInt>())
    out.push_back(isSigned ? v.getSExtValue() : (int64_t)v.getZExtValue());
  return out;
}

std::optional<SmallVector<float>> readFloats(ElementsAttr attr) {
  if (!attr || !attr.getElementType().isF32())
    return std::nullopt;
  int64_t n = attr.getNumElements();
  SmallVector<float> out(n);
  if (auto bytes = resourceBytes(attr)) {
    if ((int64_t)bytes->size() != n * 4)
      return std::nullopt;
    std::memcpy(out.data(), bytes->data(), n * 4);
    return out;
  }
  auto dense = llvm::dyn_cast<DenseFPElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  int64_t i = 0;
  for (const APFloat &v : dense.getValues<APFloat>())
    out[i++] = v.convertToFloat();
  return out;
}

/// A private constant global (read-only data) holding `values`, returned as
/// a memref value at the current insertion point.
Value constantGlobal(OpBuilder &b, Location loc, Operation *anchor,
                     StringRef stem, DenseElementsAttr values) {
  auto module = anchor->getParentOfType<ModuleOp>();
  auto tensorType = llvm::cast<RankedTensorType>(values.getType());
  auto memrefType =
      MemRefType::get(tensorType.getShape(), tensorType.getElementType());
  // The same constant (an unrolled recurrence reuses its weights) is one
  // global.
  for (auto global : module.getOps<memref::GlobalOp>())
    if (global.getConstant() && global.getType() == memrefType &&
        global.getInitialValue() == Attribute(values))
      return memref::GetGlobalOp::create(b, loc, memrefType, global.getSymName());
  std::string name = ("__qnn_" + stem).str();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    SymbolTable symbols(module);
    std::string unique = name;
    for (int i = 1; symbols.lookup(unique); ++i)
      unique = name + "_" + std::to_string(i);
    name = unique;
    memref::GlobalOp::create(b, loc, name, b.getStringAttr("private"),
                             memrefType, values, /*constant=*/true,
                             b.getI64IntegerAttr(64));
  }
  return memref::GetGlobalOp::create(b, loc, memrefType, name);
}

//===----------------------------------------------------------------------===//
// The GEMM
//===----------------------------------------------------------------------===//

/// The float epilogue of a dynamically quantized linear (qlinear_dynamic):
/// `y = (float)(acc - corr * colSum[c]) * (xScale * wScale[c]) + bias[c]`,
/// optionally ReLU, stored as f32. `xScale` and `corr` (the activation zero
/// point plus the operand domain's shift) are run-time scalars.
struct DynamicEpilogue {
  Value xScale, corr;
  bool hasBias = false, relu = false;
};

/// A residual add fused into a conv's epilogue: the requantized conv value
/// and the residual's value at the same position go through torch's quint8
/// add (emitQuantizedAdd) before the store. `matrix` is the residual as the
/// GEMM's [m][n] (channels-last) i8 tensor.
struct ResidualEpilogue {
  QuantizedAddParams params;
  bool convIsLhs;
  Value matrix;
};

/// Everything the packed GEMM of one op needs.
struct GemmProblem {
  int64_t m, n, k;
  /// Weights [n][k], already in the kernel's weight domain (centered for
  /// 16-bit kernels, raw signed bytes for 8-bit ones).
  SmallVector<int64_t> weights;
  /// Per output channel: correction + quantized bias (i32), multiplier; for
  /// a dynamic epilogue, the weight column sums and the weight scales.
  SmallVector<int32_t> offsets;
  SmallVector<float> multipliers;
  /// Dynamic epilogue only: the float bias.
  SmallVector<float> biases;
  std::optional<DynamicEpilogue> dynamic;
  std::optional<ResidualEpilogue> residual;
  /// Clamp again in i32 right before the narrowing store. Redundant for the
  /// values (already clamped in float), but it lets LLVM's x86 backend
  /// narrow with saturating packs (vpackssdw + vpackuswb) instead of byte
  /// shuffles on AVX2; on AVX-512 it would cost a vpmaxsd.
  bool integerClampBeforeStore = false;
  /// Winograd's batched GEMMs (emitWinogradConv): `batch` independent
  /// problems of the same shape, B (`weights`) as [batch][n][k], A rows of
  /// problem e at GemmOperandA::batchStride * e; the raw i32 accumulators are
  /// stored as [batch * m][nPadded] with no epilogue.
  int64_t batch = 1;
  bool rawAccumulators = false;
  /// AVX-512: clamp in float, then round and convert in one
  /// `vcvtps2dq {rn-sae}` (round half to even whatever MXCSR says) instead
  /// of vrndscaleps + vcvttps2dq. Exact: the bounds are integers, so
  /// clamping before rounding gives the same value.
  bool embeddedRounding = false;
  /// AVX2: round and convert in one `vcvtps2dq`, which rounds as MXCSR says:
  /// to nearest even unless the caller changed it, and then the float
  /// multiply before it (here and in the reference) would round differently
  /// too. The clamp happens in i32 afterwards (saturating packs); that needs
  /// |y| < 2^31 so that the conversion cannot overflow, which multipliers
  /// <= 0.5 guarantee for every i32 accumulator.
  bool mxcsrRounding = false;
  TensorQuant out;
  int64_t qmin;
};

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t product(ArrayRef<int64_t> values) {
  int64_t p = 1;
  for (int64_t v : values)
    p *= v;
  return p;
}

/// K blocking (see emitGemm): panels of B up to kPanelBytesInL1 are used
/// whole; larger ones in blocks of about kBlockBytes, which stay in L1 while
/// every row tile of A passes over them.
constexpr int64_t kPanelBytesInL1 = 40 * 1024;
constexpr int64_t kBlockBytes = 24 * 1024;

/// Loads the first `count` lanes of a `type` vector at `indices` (masked,
/// the other lanes 0, when the vector is not full).
Value loadLanes(OpBuilder &b, Location loc, VectorType type, Value in,
                ValueRange indices, int64_t count) {
  int64_t lanes = type.getNumElements();
  if (count == lanes)
    return vector::LoadOp::create(b, loc, type, in, indices);
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({lanes}, b.getI1Type()),
      b.getDenseI64ArrayAttr({count}));
  Value zeros = arith::ConstantOp::create(b, loc, b.getZeroAttr(type));
  return vector::MaskedLoadOp::create(b, loc, type, in, indices, mask, zeros);
}

/// Stores the first `count` lanes of `value` at `indices` (masked when the
/// vector is not full).
void storeLanes(OpBuilder &b, Location loc, Value value, Value out,
                ValueRange indices, int64_t count) {
  int64_t lanes = llvm::cast<VectorType>(value.getType()).getNumElements();
  if (count == lanes) {
    vector::StoreOp::create(b, loc, value, out, indices);
    return;
  }
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({lanes}, b.getI1Type()),
      b.getDenseI64ArrayAttr({count}));
  vector::MaskedStoreOp::create(b, loc, out, indices, mask, value);
}

/// `q` (an i32 vector) clamped to [lo, hi].
Value clampI32(OpBuilder &b, Location loc, Value q, int64_t lo, int64_t hi) {
  auto bound = [&](int64_t v) {
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(llvm::cast<ShapedType>(q.getType()),
                               b.getI32IntegerAttr(v)));
  };
  q = arith::MaxSIOp::create(b, loc, q, bound(lo));
  return arith::MinSIOp::create(b, loc, q, bound(hi));
}

/// An scf.for over [0, end) by `step` (no iteration arguments) around
/// `body(builder, iv)`.
void emitFor(OpBuilder &b, Location loc, int64_t end, int64_t step,
             function_ref<void(OpBuilder &, Value)> body) {
  scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                     arith::ConstantIndexOp::create(b, loc, end),
                     arith::ConstantIndexOp::create(b, loc, step), ValueRange{},
                     [&](OpBuilder &lb, Location, Value iv, ValueRange) {
                       body(lb, iv);
                       scf::YieldOp::create(lb, loc);
                     });
}

/// `body(builder, start, count)` over [0, total) in chunks of `step`: a loop
/// over the whole chunks, then the remainder with its static count.
void forChunks(OpBuilder &b, Location loc, int64_t total, int64_t step,
               function_ref<void(OpBuilder &, Value, int64_t)> body) {
  int64_t full = total - total % step;
  if (full > 0)
    emitFor(b, loc, full, step,
            [&](OpBuilder &lb, Value start) { body(lb, start, step); });
  if (total % step)
    body(b, arith::ConstantIndexOp::create(b, loc, full), total % step);
}

/// The per-channel offsets (i32) and multipliers (f32) of an epilogue,
/// zero-padded to `nPadded` channels, as constant globals.
std::pair<Value, Value> epilogueConstants(OpBuilder &b, Location loc,
                                          Operation *anchor, StringRef name,
                                          const GemmProblem &p,
                                          int64_t nPadded) {
  SmallVector<int32_t> offsets(p.offsets);
  SmallVector<float> multipliers(p.multipliers);
  offsets.resize(nPadded, 0);
  multipliers.resize(nPadded, 0.0f);
  Value offsetsBuf = constantGlobal(
      b, loc, anchor, (name + "_offsets").str(),
      DenseElementsAttr::get(RankedTensorType::get({nPadded}, b.getI32Type()),
                             ArrayRef<int32_t>(offsets)));
  Value multBuf = constantGlobal(
      b, loc, anchor, (name + "_multipliers").str(),
      DenseElementsAttr::get(RankedTensorType::get({nPadded}, b.getF32Type()),
                             ArrayRef<float>(multipliers)));
  return {offsetsBuf, multBuf};
}

/// The requantized value of one accumulator vector: i32 accumulator +
/// per-channel offset (correction + quantized bias; null when the
/// accumulator started at it), float32 requantization with the reference's
/// roundAddClamp, as i32 (in [qmin, qmax], zero point added).
Value requantizeToI32(OpBuilder &b, Location loc, ModuleOp module,
                      const GemmProblem &p, Value acc, Value offset,
                      Value multiplier, Value zeroPoint) {
  auto accType = llvm::cast<VectorType>(acc.getType());
  int64_t lanes = accType.getNumElements();
  auto f32Vec = VectorType::get({lanes}, b.getF32Type());
  Value total = offset ? arith::AddIOp::create(b, loc, acc, offset) : acc;
  Value f = arith::SIToFPOp::create(b, loc, f32Vec, total);
  Value y = arith::MulFOp::create(b, loc, f, multiplier);
  if (p.mxcsrRounding && lanes == 8) {
    Value i = callIntrinsic(b, loc, module, "llvm.x86.avx.cvt.ps2dq.256",
                            accType, {y});
    return clampI32(b, loc, arith::AddIOp::create(b, loc, i, zeroPoint), p.qmin,
                    p.out.qmax);
  }
  if (!p.embeddedRounding || lanes != 16)
    return roundAddClampI32(b, loc, y, zeroPoint, p.qmin, p.out.qmax);
  Value c = clampBeforeZeroPoint(b, loc, y, zeroPoint, p.qmin, p.out.qmax);
  Value i = callIntrinsic(
      b, loc, module, "llvm.x86.avx512.mask.cvtps2dq.512", accType,
      {c,
       arith::ConstantOp::create(
           b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(0))),
       arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(-1)),
       arith::ConstantOp::create(
           b, loc, b.getI32IntegerAttr(8 /*nearest, no exceptions*/))});
  return arith::AddIOp::create(b, loc, i, zeroPoint);
}

/// Requantized i32 values (already in [qmin, qmax]) as the output storage
/// type; see GemmProblem::integerClampBeforeStore.
Value narrowToStorage(OpBuilder &b, Location loc, const GemmProblem &p,
                      Value q) {
  auto type = llvm::cast<VectorType>(q.getType());
  if (p.integerClampBeforeStore)
    q = clampI32(b, loc, q, p.qmin, p.out.qmax);
  return arith::TruncIOp::create(
      b, loc, VectorType::get(type.getShape(), b.getIntegerType(p.out.width)),
      q);
}

/// The fused epilogue of every GEMM kernel: requantizeToI32, the residual
/// add when one is fused, and a store of the first `count` lanes (masked
/// when the vector is not full).
void requantizeAndStore(OpBuilder &b, Location loc, ModuleOp module,
                        const GemmProblem &p, Value acc, Value offset,
                        Value multiplier, Value zeroPoint, Value residual,
                        Value out, ValueRange indices, int64_t count) {
  auto accType = llvm::cast<VectorType>(acc.getType());
  int64_t lanes = accType.getNumElements();
  Value q =
      requantizeToI32(b, loc, module, p, acc, offset, multiplier, zeroPoint);
  if (!p.residual) {
    storeLanes(b, loc, narrowToStorage(b, loc, p, q), out, indices, count);
    return;
  }
  // The conv's own quint8 value, then the add with the residual's.
  auto bytes = VectorType::get({lanes}, b.getI8Type());
  Value r = arith::ExtUIOp::create(
      b, loc, accType, loadLanes(b, loc, bytes, residual, indices, count));
  const ResidualEpilogue &res = *p.residual;
  Value sum = res.convIsLhs ? emitQuantizedAdd(b, loc, res.params, q, r)
                            : emitQuantizedAdd(b, loc, res.params, r, q);
  storeLanes(b, loc, arith::TruncIOp::create(b, loc, bytes, sum), out, indices,
             count);
}

/// The dynamic linear's float epilogue (see DynamicEpilogue), in the
/// reference's order: `m = xScale * wScale`, `(float)acc * m`, `+ bias`,
/// ReLU.
void dynamicEpilogueStore(OpBuilder &b, Location loc, const DynamicEpilogue &d,
                          Value acc, Value colSum, Value wScale, Value bias,
                          Value xScale, Value corr, Value out,
                          ValueRange indices, int64_t count) {
  auto accType = llvm::cast<VectorType>(acc.getType());
  int64_t lanes = accType.getNumElements();
  Value total = arith::SubIOp::create(
      b, loc, acc, arith::MulIOp::create(b, loc, corr, colSum));
  auto f32Vec = VectorType::get({lanes}, b.getF32Type());
  Value f = arith::SIToFPOp::create(b, loc, f32Vec, total);
  Value m = arith::MulFOp::create(b, loc, xScale, wScale);
  Value y = arith::MulFOp::create(b, loc, f, m);
  if (bias)
    y = arith::AddFOp::create(b, loc, y, bias);
  if (d.relu)
    y = arith::MaximumFOp::create(
        b, loc, y,
        arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(f32Vec, b.getF32FloatAttr(0.0f))));
  storeLanes(b, loc, y, out, indices, count);
}

/// Where the GEMM reads A: element (m, k) of the [m][kPadded] operand is
/// element `rowBase(m) + segmentBase(k / segLen) + k % segLen` of the 1-D
/// tensor `flat`. rowBase(m) = sum_d digit_d(m) * rowStrides[d], the digits
/// of m in the mixed radix `rowDims` (last fastest); segmentBase likewise
/// over `segDims` / `segStrides`. An im2col matrix is one segment with row
/// stride kPadded (denseOperandA); a conv read in place from its padded
/// channels-last canvas has one segment per window row of `kw * cin`
/// contiguous elements (implicit GEMM, no im2col copy).
struct GemmOperandA {
  Value flat;
  SmallVector<int64_t> rowDims, rowStrides, segDims, segStrides;
  int64_t segLen;
  /// Where problem e of a batched GEMM starts (GemmProblem::batch).
  int64_t batchStride = 0;
  /// Row-tile conversion (16-bit kernels): instead of `flat`, A is the dense
  /// [m][k] matrix of 8-bit storage values `bytes` (1-D). Each register tile
  /// of rows is converted into the kernel's domain (x - bytesSubtract) in a
  /// small buffer right before it is used, and the loop nest runs row tiles
  /// outermost (every panel of B per tile), so no converted copy of the
  /// whole input is written and read back.
  Value bytes;
  bool bytesSigned = false;
  int64_t bytesSubtract = 0;
  /// One spatial axis of a 2-D conv read in place whose canvas padding is 0
  /// in the kernel's domain: tap j of output position o reads canvas
  /// position `o * stride + j * dilation`, and only the canvas positions
  /// [first, first + count) hold input. Terms of padding taps are zero, and
  /// i32 sums are exact in any order, so they can be skipped.
  struct PaddedAxis {
    int64_t stride, dilation, first, count;
    bool readsInput(int64_t o, int64_t tap) const {
      int64_t c = o * stride + tap * dilation;
      return c >= first && c < first + count;
    }
  };
  /// Window rows that read only padding (rowDims = {batch, outH, outW}, one
  /// segment per window row): a row tile skips the window rows that are
  /// padding for every one of its output rows.
  std::optional<PaddedAxis> paddingRows;
  /// Window columns that read only padding, with a whole number of k groups
  /// per input channel run: tap j of a segment is its k groups
  /// [j * tapGroups, (j + 1) * tapGroups). Row tiles then stay within one
  /// output row, and a tile at either edge runs each tap only for its rows
  /// that read input there.
  struct PaddingCols : PaddedAxis {
    int64_t taps, tapGroups;
  };
  std::optional<PaddingCols> paddingCols;
};

/// The packed B a row-tile conversion GEMM re-reads per row tile must stay
/// in L2.
constexpr int64_t kConvertTilesMaxB = 256 * 1024;

/// A [m][kPadded] operand tensor as one segment per row.
GemmOperandA denseOperandA(OpBuilder &b, Location loc, Value a) {
  ArrayRef<int64_t> s = shapeOf(a);
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, a, ArrayRef<ReassociationIndices>{{0, 1}});
  GemmOperandA dense;
  dense.flat = flat;
  dense.rowDims = {s[0]};
  dense.rowStrides = {s[1]};
  dense.segLen = s[1];
  return dense;
}

/// sum_d digit_d(v) * strides[d] for the digits of `v` in the mixed radix
/// `dims` (last fastest), as index arithmetic.
Value mixedRadixOffset(OpBuilder &b, Location loc, Value v,
                       ArrayRef<int64_t> dims, ArrayRef<int64_t> strides) {
  Value offset = arith::ConstantIndexOp::create(b, loc, 0);
  for (int64_t d = dims.size() - 1; d >= 0; --d) {
    Value digit = v;
    if (d > 0) {
      Value radix = arith::ConstantIndexOp::create(b, loc, dims[d]);
      digit = arith::RemUIOp::create(b, loc, v, radix);
      v = arith::DivUIOp::create(b, loc, v, radix);
    }
    offset = arith::AddIOp::create(
        b, loc, offset,
        arith::MulIOp::create(
            b, loc, digit, arith::ConstantIndexOp::create(b, loc, strides[d])));
  }
  return offset;
}

/// Emits C = requantize(A * B) into a fresh [m][n] buffer, reading A as
/// `a` describes. Returns the result tensor.
Value emitGemm(OpBuilder &b, Location loc, Operation *anchor, StringRef name,
               const MicroKernel &k, const GemmProblem &p,
               const GemmOperandA &a) {
  auto module = anchor->getParentOfType<ModuleOp>();
  Type opType = b.getIntegerType(k.bits);
  int64_t nr = k.panelWidth(), kg = k.kGroup;
  int64_t kPadded = ceilDiv(p.k, kg) * kg, kq = kPadded / kg;
  int64_t panels = ceilDiv(p.n, nr), nPadded = panels * nr;

  // Prepacked weights: B[e * panels + panel][kq][v * lanes * kg + lane * kg
  // + g] for problem e of a batch.
  // (Plain integers, not APInts: Winograd's batches hold millions.)
  auto pack = [&](auto zero) {
    using T = decltype(zero);
    SmallVector<T> packed(p.batch * panels * kq * nr * kg, zero);
    for (int64_t e = 0; e < p.batch; ++e)
      for (int64_t col = 0; col < p.n; ++col) {
        int64_t panel = e * panels + col / nr, within = col % nr;
        for (int64_t kk = 0; kk < p.k; ++kk) {
          int64_t idx = ((panel * kq + kk / kg) * nr + within) * kg + kk % kg;
          packed[idx] = static_cast<T>(p.weights[(e * p.n + col) * p.k + kk]);
        }
      }
    auto type = RankedTensorType::get({p.batch * panels, kq, nr * kg}, opType);
    return DenseElementsAttr::get(type, ArrayRef<T>(packed));
  };
  Value bPacked =
      constantGlobal(b, loc, anchor, (name + "_packed").str(),
                     k.bits == 16 ? pack(int16_t(0)) : pack(int8_t(0)));
  bool raw = p.rawAccumulators;
  Value offsetsBuf, multBuf;
  if (!raw)
    std::tie(offsetsBuf, multBuf) =
        epilogueConstants(b, loc, anchor, name, p, nPadded);
  Value biasBuf;
  if (p.dynamic && p.dynamic->hasBias) {
    SmallVector<float> biases(p.biases);
    biases.resize(nPadded, 0.0f);
    biasBuf = constantGlobal(
        b, loc, anchor, (name + "_bias").str(),
        DenseElementsAttr::get(RankedTensorType::get({nPadded}, b.getF32Type()),
                               ArrayRef<float>(biases)));
  }

  bool convertTiles = bool(a.bytes);
  Value aBuf, bytesBuf;
  if (convertTiles) {
    assert(p.batch == 1 && a.segDims.empty() && a.segLen == kPadded &&
           "row-tile conversion needs one dense segment");
    bytesBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(shapeOf(a.bytes), b.getI8Type()), a.bytes,
        /*read_only=*/true);
    aBuf = memref::AllocOp::create(b, loc,
                                   MemRefType::get({k.rows * kPadded}, opType),
                                   b.getI64IntegerAttr(64));
  } else {
    aBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(shapeOf(a.flat), opType), a.flat,
        /*read_only=*/true);
  }
  int64_t segments = product(a.segDims);
  assert(a.segLen % kg == 0 && segments * a.segLen == kPadded &&
         "A segments must tile the padded K");
  int64_t qPerSegment = a.segLen / kg;
  // K blocking: when a panel of B is larger than L1, each segment is split
  // into parts whose slice of the panel fits (kBlockBytes); the loop nest
  // becomes panel -> (segment, part) -> row tiles -> k, with i32 partial
  // sums in a scratch buffer between parts and the epilogue after the last.
  int64_t groupBytes = nr * kg * k.bits / 8;
  bool panelTooLarge = kq * groupBytes > kPanelBytesInL1;
  int64_t parts =
      panelTooLarge ? ceilDiv(qPerSegment * groupBytes, kBlockBytes) : 1;
  // Parts are whole multiples of the lane-indexed step.
  int64_t partLen =
      ceilDiv(ceilDiv(qPerSegment, parts), k.laneGroups) * k.laneGroups;
  parts = ceilDiv(qPerSegment, partLen);
  bool blocked = panelTooLarge && segments * parts > 1 && !convertTiles;
  Value partialBuf, bFlat;
  if (blocked) {
    partialBuf = memref::AllocOp::create(
        b, loc, MemRefType::get({p.m, nPadded}, b.getI32Type()),
        b.getI64IntegerAttr(64));
    // B as one vector of elements, for the prefetches of the next block.
    bFlat = memref::CollapseShapeOp::create(
        b, loc, bPacked, ArrayRef<ReassociationIndices>{{0, 1, 2}});
  }
  // A blocked GEMM's B streams from L3 or memory block by block: every
  // row tile prefetches (into L2) one cache line of each k group of the
  // next block (one block length ahead of the group it reads), the panel's
  // tile t the line t mod linesPerGroup, so that the first
  // tiles of a block bring the whole next one in and its first tile does
  // not wait for memory.
  int64_t groupElems = nr * kg, elemBytes = k.bits / 8;
  int64_t lineElems = std::max<int64_t>(1, 64 / elemBytes);
  int64_t linesPerGroup = std::max<int64_t>(1, groupElems / lineElems);
  int64_t bElems = p.batch * panels * kq * groupElems;
  Value residualBuf;
  if (p.residual)
    residualBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get({p.m, p.n}, b.getI8Type()), p.residual->matrix,
        /*read_only=*/true);
  Type storage = p.dynamic ? b.getF32Type()
                 : raw     ? b.getI32Type()
                           : Type(b.getIntegerType(p.out.width));
  SmallVector<int64_t> outShape = {p.m, p.n};
  if (raw)
    outShape = {p.batch * p.m, nPadded};
  auto outType = MemRefType::get(outShape, storage);
  Value outBuf = memref::AllocOp::create(b, loc, outType,
                                         b.getI64IntegerAttr(64));

  auto idx = [&](OpBuilder &nb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  VectorType accType = VectorType::get({k.lanes}, b.getI32Type());
  VectorType opVec = VectorType::get({k.lanes * kg}, opType);
  VectorType f32Vec = VectorType::get({k.lanes}, b.getF32Type());
  Value zeroAcc = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(0)));
  Value zpVec, xScaleVec, corrVec;
  if (p.dynamic) {
    xScaleVec = vector::BroadcastOp::create(b, loc, f32Vec, p.dynamic->xScale);
    corrVec = vector::BroadcastOp::create(b, loc, accType, p.dynamic->corr);
  } else {
    zpVec = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(accType,
                               b.getI32IntegerAttr((int32_t)p.out.zeroPoint)));
  }

  // The problem of a batched GEMM (null when p.batch == 1), set by the batch
  // loop below.
  Value batchIndex;
  // One register tile: rows [m0, m0 + rows) x panel `panel`; `valid` is the
  // number of real columns when this is the partial last panel.
  // Where segment `seg` starts: B's first k group and A's offset.
  auto segmentStart = [&](OpBuilder &sb, Location l, Value seg) {
    return std::make_pair(
        Value(arith::MulIOp::create(
            sb, l, seg, arith::ConstantIndexOp::create(sb, l, qPerSegment))),
        mixedRadixOffset(sb, l, seg, a.segDims, a.segStrides));
  };
  // The segments [lo, hi) that row tile [m0, m0 + rows) runs: all of them,
  // or without the window rows that read only padding for every row of the
  // tile (GemmOperandA::paddingRows). A tile that spans two images runs all.
  auto segmentRange = [&](OpBuilder &nb, Value m0,
                          int64_t rows) -> std::pair<Value, Value> {
    if (!a.paddingRows)
      return {idx(nb, 0), idx(nb, segments)};
    const GemmOperandA::PaddedAxis &pad = *a.paddingRows;
    int64_t outH = a.rowDims[1], outW = a.rowDims[2];
    Value mLast = arith::AddIOp::create(nb, loc, m0, idx(nb, rows - 1));
    auto div = [&](Value v, int64_t d) -> Value {
      return arith::DivUIOp::create(nb, loc, v, idx(nb, d));
    };
    auto outRow = [&](Value m) -> Value {
      return arith::RemUIOp::create(nb, loc, div(m, outW), idx(nb, outH));
    };
    // Window row s is padding for every output row oh of the tile when
    // s * dilation < first - ohLast * stride (above the input) or
    // s * dilation >= first + count - ohFirst * stride (below it).
    auto firstValid = [&](int64_t from, Value oh) -> Value {
      Value reach = arith::SubIOp::create(
          nb, loc, idx(nb, from),
          arith::MulIOp::create(nb, loc, oh, idx(nb, pad.stride)));
      return arith::CeilDivSIOp::create(nb, loc, reach, idx(nb, pad.dilation));
    };
    // At least one segment, so that every tile has a first and a last.
    Value lo = arith::MinSIOp::create(
        nb, loc,
        arith::MaxSIOp::create(nb, loc, firstValid(pad.first, outRow(mLast)),
                               idx(nb, 0)),
        idx(nb, segments - 1));
    Value hi = arith::MaxSIOp::create(
        nb, loc,
        arith::MinSIOp::create(nb, loc,
                               firstValid(pad.first + pad.count, outRow(m0)),
                               idx(nb, segments)),
        arith::AddIOp::create(nb, loc, lo, idx(nb, 1)));
    Value spans =
        arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::ne,
                              div(m0, outH * outW), div(mLast, outH * outW));
    return {arith::SelectOp::create(nb, loc, spans, idx(nb, 0), lo),
            arith::SelectOp::create(nb, loc, spans, idx(nb, segments), hi)};
  };
  // The K range of one block of a blocked GEMM: B's groups [q0 + qBegin,
  // q0 + qEnd) of segment `seg` (part `part`), at A offset `segBase`.
  struct KBlock {
    Value q0, segBase, qBegin, qEnd, seg, part;
  };
  // `owFirst`: the output column of the tile's first row, when the tile is
  // emitted on its own in an output row (GemmOperandA::paddingCols);
  // `ordinal`: the tile's index among the panel's tiles (default m0 / rows).
  auto emitTile = [&](OpBuilder &tb, Value m0, int64_t rows, Value panel,
                      std::optional<int64_t> valid,
                      const KBlock *block = nullptr,
                      std::optional<int64_t> owFirst = std::nullopt,
                      Value ordinal = Value()) {
    OpBuilder::InsertionGuard tileGuard(tb);
    auto [segLo, segHi] = segmentRange(tb, m0, rows);
    // A block is this tile's first (accumulators start fresh) or last
    // (epilogue) within the tile's segments; blocks outside them are
    // skipped.
    Value isFirst, isLast;
    if (block) {
      auto eq = [&](Value x, Value y) -> Value {
        return arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::eq, x, y);
      };
      auto both = [&](Value x, Value y) -> Value {
        return arith::AndIOp::create(tb, loc, x, y);
      };
      isFirst = both(eq(block->seg, segLo), eq(block->part, idx(tb, 0)));
      isLast = both(
          eq(block->seg, arith::SubIOp::create(tb, loc, segHi, idx(tb, 1))),
          eq(block->part, idx(tb, parts - 1)));
      if (a.paddingRows) {
        Value inside =
            both(arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::sge,
                                       block->seg, segLo),
                 arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::slt,
                                       block->seg, segHi));
        auto ifInside = scf::IfOp::create(tb, loc, inside);
        tb.setInsertionPointToStart(&ifInside.getThenRegion().front());
      }
    }
    // A partial last panel computes only the vectors it has columns in.
    int64_t nv = valid ? ceilDiv(*valid, k.lanes) : k.vectors;
    int64_t accs = rows * nv;
    // Static epilogues start the accumulators at the per-channel offset
    // (correction + quantized bias) rather than adding it afterwards: the
    // same i32 sum, one add fewer per output vector.
    // The output column of vector `v` of this panel.
    auto columnOf = [&](OpBuilder &nb, int64_t v) -> Value {
      return arith::AddIOp::create(
          nb, loc, arith::MulIOp::create(nb, loc, panel, idx(nb, nr)),
          idx(nb, v * k.lanes));
    };
    SmallVector<Value> init(accs, zeroAcc);
    if (!p.dynamic && !raw)
      for (int64_t v = 0; v < nv; ++v) {
        Value off = vector::LoadOp::create(tb, loc, accType, offsetsBuf,
                                           columnOf(tb, v));
        for (int64_t r = 0; r < rows; ++r)
          init[r * nv + v] = off;
      }
    auto partialIndices = [&](OpBuilder &nb, int64_t r, int64_t v) {
      return SmallVector<Value>{arith::AddIOp::create(nb, loc, m0, idx(nb, r)),
                                columnOf(nb, v)};
    };
    if (block) {
      // Later blocks resume from the partial sums.
      auto resume = scf::IfOp::create(
          tb, loc, isFirst,
          [&](OpBuilder &ib, Location l) { scf::YieldOp::create(ib, l, init); },
          [&](OpBuilder &ib, Location l) {
            SmallVector<Value> loaded;
            for (int64_t r = 0; r < rows; ++r)
              for (int64_t v = 0; v < nv; ++v)
                loaded.push_back(vector::LoadOp::create(
                    ib, l, accType, partialBuf, partialIndices(ib, r, v)));
            scf::YieldOp::create(ib, l, loaded);
          });
      init.assign(resume.getResults().begin(), resume.getResults().end());
    }
    SmallVector<Value> rowBase;
    for (int64_t r = 0; r < rows && convertTiles; ++r)
      rowBase.push_back(idx(tb, r * kPadded));
    for (int64_t r = 0; r < rows && !convertTiles; ++r) {
      rowBase.push_back(mixedRadixOffset(
          tb, loc, arith::AddIOp::create(tb, loc, m0, idx(tb, r)), a.rowDims,
          a.rowStrides));
      if (batchIndex)
        rowBase.back() = arith::AddIOp::create(
            tb, loc, rowBase.back(),
            arith::MulIOp::create(tb, loc, batchIndex, idx(tb, a.batchStride)));
    }
    // B's panel: problem-major in a batch.
    Value bPanel =
        batchIndex
            ? arith::AddIOp::create(
                  tb, loc,
                  arith::MulIOp::create(tb, loc, batchIndex, idx(tb, panels)),
                  panel)
                  .getResult()
            : panel;
    // One k group of every row: q indexes B's k groups, `bcast[r]` is row
    // r's group broadcast to every lane.
    // This tile's prefetch distance in B's elements: one block ahead, at its
    // line of each group.
    Value prefetchAhead;
    if (block)
      prefetchAhead = arith::AddIOp::create(
          tb, loc, idx(tb, partLen * groupElems),
          arith::MulIOp::create(
              tb, loc,
              arith::RemUIOp::create(
                  tb, loc,
                  ordinal ? ordinal
                          : arith::DivUIOp::create(tb, loc, m0, idx(tb, k.rows))
                                .getResult(),
                  idx(tb, linesPerGroup)),
              idx(tb, lineElems)));
    // The rows a K loop runs: all of them, or at an edge tile's tap the ones
    // that read input there. The others' accumulators pass through.
    SmallVector<int64_t> allRows = llvm::to_vector(llvm::seq<int64_t>(0, rows));
    auto dotGroup = [&](OpBuilder &lb, Location l, Value q,
                        ArrayRef<int64_t> active, ArrayRef<Value> bcast,
                        ValueRange acc) {
      if (prefetchAhead) {
        Value at = arith::AddIOp::create(
            lb, l,
            arith::MulIOp::create(
                lb, l,
                arith::AddIOp::create(
                    lb, l, arith::MulIOp::create(lb, l, bPanel, idx(lb, kq)),
                    q),
                idx(lb, groupElems)),
            prefetchAhead);
        at = arith::MinUIOp::create(lb, l, at, idx(lb, bElems - 1));
        memref::PrefetchOp::create(lb, l, bFlat, ValueRange{at},
                                   /*isWrite=*/false, /*localityHint=*/2,
                                   /*isDataCache=*/true);
      }
      SmallVector<Value> wv;
      for (int64_t v = 0; v < nv; ++v)
        wv.push_back(vector::LoadOp::create(
            lb, l, opVec, bPacked,
            ValueRange{bPanel, q, idx(lb, v * k.lanes * kg)}));
      SmallVector<Value> next(acc);
      for (auto [i, r] : llvm::enumerate(active))
        for (int64_t v = 0; v < nv; ++v)
          next[r * nv + v] =
              emitDot(lb, l, module, k, acc[r * nv + v], bcast[i], wv[v]);
      return next;
    };
    // One k group of every row, broadcast from memory; `aOffset` is the
    // group's offset from the row base in A.
    auto kStep =
        [&](OpBuilder &lb, Location l, Value q, Value aOffset,
            ArrayRef<int64_t> active, ValueRange acc) {
          SmallVector<Value> bcast;
          for (int64_t r : active) {
            Value at = arith::AddIOp::create(lb, l, rowBase[r], aOffset);
            if (kg * k.bits == 32) {
              Value group = vector::LoadOp::create(
                  lb, l, VectorType::get({kg}, opType), aBuf, at);
              Value word = vector::BitCastOp::create(
                  lb, l, VectorType::get({1}, lb.getI32Type()), group);
              Value scalar = vector::ExtractOp::create(lb, l, word,
                                                       ArrayRef<int64_t>{0});
              Value splat =
                  vector::BroadcastOp::create(lb, l, accType, scalar);
              bcast.push_back(vector::BitCastOp::create(lb, l, opVec, splat));
            } else {
              Value scalar = memref::LoadOp::create(lb, l, aBuf, at);
              bcast.push_back(
                  vector::BroadcastOp::create(lb, l, opVec, scalar));
            }
          }
          return dotGroup(lb, l, q, active, bcast, acc);
        };
    // k.laneGroups k groups of every row from one vector load per row, each
    // group broadcast from its i32 lane (a lane-indexed dot: sdot's
    // `v.4b[i]` form), instead of one broadcast load per group and row.
    auto kStepLanes = [&](OpBuilder &lb, Location l, Value q, Value aOffset,
                          ArrayRef<int64_t> active, ValueRange acc) {
      int64_t u = k.laneGroups;
      SmallVector<Value> words;
      for (int64_t r : active) {
        Value at = arith::AddIOp::create(lb, l, rowBase[r], aOffset);
        Value groups = vector::LoadOp::create(
            lb, l, VectorType::get({u * kg}, opType), aBuf, at);
        words.push_back(vector::BitCastOp::create(
            lb, l, VectorType::get({u}, lb.getI32Type()), groups));
      }
      SmallVector<Value> next(acc);
      for (int64_t g = 0; g < u; ++g) {
        SmallVector<Value> bcast;
        // Lane g splat to every accumulator lane.
        SmallVector<int64_t> lane(k.lanes, g);
        for (Value w : words)
          bcast.push_back(vector::BitCastOp::create(
              lb, l, opVec, vector::ShuffleOp::create(lb, l, w, w, lane)));
        next = dotGroup(lb, l, arith::AddIOp::create(lb, l, q, idx(lb, g)),
                        active, bcast, next);
      }
      return next;
    };
    // The K loop over the groups [begin, end) of one segment (starting at
    // B's group `q0` and A's offset `segBase`) for the rows `active`. With
    // lane-indexed dots, the groups go k.laneGroups at a time, then one at a
    // time for a remainder (only emitted when the range can be `ragged`).
    auto segmentLoop = [&](OpBuilder &sb, Value q0, Value segBase,
                           ValueRange accInit, Value begin, Value end,
                           ArrayRef<int64_t> active,
                           bool ragged) -> SmallVector<Value> {
      auto body = [&](auto step) {
        return [&, step](OpBuilder &lb, Location l, Value q, ValueRange acc) {
          Value aOffset = arith::AddIOp::create(
              lb, l, segBase, arith::MulIOp::create(lb, l, q, idx(lb, kg)));
          scf::YieldOp::create(lb, l,
                               step(lb, l, arith::AddIOp::create(lb, l, q0, q),
                                    aOffset, active, acc));
        };
      };
      int64_t u = k.laneGroups;
      if (u <= 1)
        return llvm::to_vector_of<Value>(scf::ForOp::create(sb, loc, begin, end,
                                                            idx(sb, 1), accInit,
                                                            body(kStep))
                                             .getResults());
      Value mainEnd = end;
      if (ragged) {
        std::optional<int64_t> first = getConstantIntValue(begin),
                               last = getConstantIntValue(end);
        if (first && last) {
          // Static: a remainder loop only when there is a remainder.
          ragged = (*last - *first) % u != 0;
          mainEnd = idx(sb, *first + (*last - *first) / u * u);
        } else {
          Value len = arith::SubIOp::create(sb, loc, end, begin);
          Value whole = arith::MulIOp::create(
              sb, loc, arith::DivUIOp::create(sb, loc, len, idx(sb, u)),
              idx(sb, u));
          mainEnd = arith::AddIOp::create(sb, loc, begin, whole);
        }
      }
      auto main = scf::ForOp::create(sb, loc, begin, mainEnd, idx(sb, u),
                                     accInit, body(kStepLanes));
      if (!ragged)
        return llvm::to_vector_of<Value>(main.getResults());
      return llvm::to_vector_of<Value>(
          scf::ForOp::create(sb, loc, mainEnd, end, idx(sb, 1),
                             main.getResults(), body(kStep))
              .getResults());
    };
    // At an edge tile, the rows that read input at each tap of a segment
    // (empty when every row reads input at every tap).
    SmallVector<SmallVector<int64_t>> tapRows;
    if (owFirst) {
      const GemmOperandA::PaddingCols &cols = *a.paddingCols;
      tapRows.resize(cols.taps);
      bool split = false;
      for (int64_t j = 0; j < cols.taps; ++j) {
        for (int64_t r = 0; r < rows; ++r)
          if (cols.readsInput(*owFirst + r, j))
            tapRows[j].push_back(r);
        split |= (int64_t)tapRows[j].size() != rows;
      }
      if (!split)
        tapRows.clear();
    }
    // The groups [qBegin, qEnd) (default: all) of one segment: one K loop,
    // or at an edge tile one per run of taps with the same rows (within the
    // range), none for taps that no row reads input at.
    auto segmentTaps = [&](OpBuilder &sb, Value q0, Value segBase,
                           ValueRange accInit, Value qBegin = Value(),
                           Value qEnd = Value()) -> SmallVector<Value> {
      int64_t u = k.laneGroups;
      // partLen is a multiple of u, so every block length is one when the
      // segment length is.
      bool ragged = qPerSegment % u != 0;
      if (tapRows.empty())
        return segmentLoop(sb, q0, segBase, accInit,
                           qBegin ? qBegin : idx(sb, 0),
                           qEnd ? qEnd : idx(sb, qPerSegment), allRows, ragged);
      int64_t tapLen = a.paddingCols->tapGroups;
      ragged |= tapLen % u != 0;
      SmallVector<Value> acc(accInit);
      for (int64_t j = 0, e; j < (int64_t)tapRows.size(); j = e) {
        for (e = j + 1; e < (int64_t)tapRows.size() && tapRows[e] == tapRows[j];
             ++e) {
        }
        if (tapRows[j].empty())
          continue;
        Value begin = idx(sb, j * tapLen), end = idx(sb, e * tapLen);
        if (qBegin) {
          begin = arith::MaxUIOp::create(sb, loc, qBegin, begin);
          end = arith::MaxUIOp::create(
              sb, loc, arith::MinUIOp::create(sb, loc, qEnd, end), begin);
        }
        acc = segmentLoop(sb, q0, segBase, acc, begin, end, tapRows[j], ragged);
      }
      return acc;
    };
    SmallVector<Value> sums =
        block ? segmentTaps(tb, block->q0, block->segBase, init, block->qBegin,
                            block->qEnd)
        : segments == 1
            ? segmentTaps(tb, idx(tb, 0), idx(tb, 0), init)
            : llvm::to_vector_of<Value>(
                  scf::ForOp::create(
                      tb, loc, segLo, segHi, idx(tb, 1), init,
                      [&](OpBuilder &sb, Location l, Value seg,
                          ValueRange acc) {
                        auto [q0, segBase] = segmentStart(sb, l, seg);
                        scf::YieldOp::create(sb, l,
                                             segmentTaps(sb, q0, segBase, acc));
                      })
                      .getResults());
    OpBuilder::InsertionGuard guard(tb);
    if (block) {
      auto ifLast = scf::IfOp::create(tb, loc, isLast,
                                      /*withElseRegion=*/true);
      tb.setInsertionPointToStart(&ifLast.getElseRegion().front());
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t v = 0; v < nv; ++v)
          vector::StoreOp::create(tb, loc, sums[r * nv + v], partialBuf,
                                  partialIndices(tb, r, v));
      tb.setInsertionPointToStart(&ifLast.getThenRegion().front());
    }
    if (raw) {
      // Raw accumulators, whole vectors (the padded columns are zeros).
      Value first =
          batchIndex ? arith::MulIOp::create(tb, loc, batchIndex, idx(tb, p.m))
                           .getResult()
                     : idx(tb, 0);
      for (int64_t r = 0; r < rows; ++r) {
        Value row = arith::AddIOp::create(
            tb, loc, first, arith::AddIOp::create(tb, loc, m0, idx(tb, r)));
        for (int64_t v = 0; v < nv; ++v)
          vector::StoreOp::create(tb, loc, sums[r * nv + v], outBuf,
                                  ValueRange{row, columnOf(tb, v)});
      }
      return;
    }
    // Fused epilogue. AVX2 narrows the two full vectors of a row together:
    // one 16-lane clamp and truncation (vpackssdw ymm, vextracti128,
    // vpackuswb, vpshufd) and one 16-byte store instead of two of everything.
    if (p.integerClampBeforeStore && !p.dynamic && !p.residual && nv == 2 &&
        (!valid || *valid >= 2 * k.lanes) && p.out.width == 8) {
      Value cols[2], mults[2];
      for (int64_t v = 0; v < 2; ++v) {
        cols[v] = columnOf(tb, v);
        mults[v] = vector::LoadOp::create(tb, loc, f32Vec, multBuf, cols[v]);
      }
      SmallVector<int64_t> both =
          llvm::to_vector(llvm::seq<int64_t>(0, 2 * k.lanes));
      for (int64_t r = 0; r < rows; ++r) {
        Value q[2];
        for (int64_t v = 0; v < 2; ++v)
          q[v] = requantizeToI32(tb, loc, module, p, sums[r * nv + v],
                                 /*offset=*/Value(), mults[v], zpVec);
        Value joined = vector::ShuffleOp::create(tb, loc, q[0], q[1], both);
        vector::StoreOp::create(
            tb, loc, narrowToStorage(tb, loc, p, joined), outBuf,
            ValueRange{arith::AddIOp::create(tb, loc, m0, idx(tb, r)),
                       cols[0]});
      }
      return;
    }
    for (int64_t v = 0; v < nv; ++v) {
      int64_t first = v * k.lanes;
      int64_t count = valid ? std::min<int64_t>(k.lanes, *valid - first)
                            : k.lanes;
      if (count <= 0)
        continue;
      Value col = columnOf(tb, v);
      Value off = vector::LoadOp::create(tb, loc, accType, offsetsBuf, col);
      Value mult = vector::LoadOp::create(tb, loc, f32Vec, multBuf, col);
      Value bias = biasBuf ? vector::LoadOp::create(tb, loc, f32Vec, biasBuf, col)
                                 .getResult()
                           : Value();
      for (int64_t r = 0; r < rows; ++r) {
        Value row = arith::AddIOp::create(tb, loc, m0, idx(tb, r));
        Value acc = sums[r * nv + v];
        if (p.dynamic)
          dynamicEpilogueStore(tb, loc, *p.dynamic, acc, off, mult, bias,
                               xScaleVec, corrVec, outBuf, ValueRange{row, col},
                               count);
        else
          requantizeAndStore(tb, loc, module, p, acc, /*offset=*/Value(), mult,
                             zpVec, residualBuf, outBuf, ValueRange{row, col},
                             count);
      }
    }
  };

  // Panels of B outermost, register tiles of A rows inside.
  int64_t fullPanels = p.n / nr;
  auto emitRows = [&](OpBuilder &pb, Value panel, std::optional<int64_t> valid,
                      const KBlock *block) {
    if (!a.paddingCols) {
      forChunks(pb, loc, p.m, k.rows,
                [&](OpBuilder &rb, Value m0, int64_t rows) {
                  emitTile(rb, m0, rows, panel, valid, block);
                });
      return;
    }
    // Row tiles within each output row, as few as fit k.rows and as even as
    // possible (14 columns: 4, 4, 3, 3 rather than 4, 4, 4, 2): runs of
    // full tiles whose every row reads input at every tap in a loop, the
    // others (at the edges, or short) emitted one by one.
    const GemmOperandA::PaddingCols &cols = *a.paddingCols;
    int64_t outW = a.rowDims[2];
    int64_t tiles = ceilDiv(outW, k.rows);
    SmallVector<std::pair<int64_t, int64_t>> rowTiles; // (first column, rows)
    for (int64_t t = 0, ow0 = 0; t < tiles; ++t) {
      int64_t rows = outW / tiles + (t < outW % tiles ? 1 : 0);
      rowTiles.push_back({ow0, rows});
      ow0 += rows;
    }
    auto interior = [&](std::pair<int64_t, int64_t> tile) {
      if (tile.second != k.rows)
        return false;
      for (int64_t ow = tile.first; ow < tile.first + tile.second; ++ow)
        for (int64_t j = 0; j < cols.taps; ++j)
          if (!cols.readsInput(ow, j))
            return false;
      return true;
    };
    emitFor(pb, loc, p.m, outW, [&](OpBuilder &lb, Value rowStart) {
      // The ordinal of this row's first tile.
      Value rowTile = arith::MulIOp::create(
          lb, loc, arith::DivUIOp::create(lb, loc, rowStart, idx(lb, outW)),
          idx(lb, tiles));
      for (size_t t = 0; t < rowTiles.size();) {
        auto [ow0, rows] = rowTiles[t];
        size_t run = t;
        while (run < rowTiles.size() && interior(rowTiles[run]))
          ++run;
        if (run - t < 2) {
          emitTile(lb, arith::AddIOp::create(lb, loc, rowStart, idx(lb, ow0)),
                   rows, panel, valid, block, ow0,
                   arith::AddIOp::create(lb, loc, rowTile, idx(lb, t)));
          ++t;
          continue;
        }
        int64_t first = ow0, firstTile = t;
        emitFor(
            lb, loc, (run - t) * k.rows, k.rows, [&](OpBuilder &tb, Value off) {
              Value ordinal = arith::AddIOp::create(
                  tb, loc, rowTile,
                  arith::AddIOp::create(
                      tb, loc,
                      arith::DivUIOp::create(tb, loc, off, idx(tb, k.rows)),
                      idx(tb, firstTile)));
              emitTile(tb,
                       arith::AddIOp::create(
                           tb, loc, rowStart,
                           arith::AddIOp::create(tb, loc, off, idx(tb, first))),
                       k.rows, panel, valid, block, std::nullopt, ordinal);
            });
        t = run;
      }
    });
  };
  auto emitPanel = [&](OpBuilder &pb, Value panel,
                       std::optional<int64_t> valid) {
    if (!blocked) {
      emitRows(pb, panel, valid, nullptr);
      return;
    }
    int64_t blocks = segments * parts;
    emitFor(pb, loc, blocks, 1, [&](OpBuilder &bb, Value i) {
      Value seg = arith::DivUIOp::create(bb, loc, i, idx(bb, parts));
      Value part = arith::RemUIOp::create(bb, loc, i, idx(bb, parts));
      KBlock block;
      std::tie(block.q0, block.segBase) = segmentStart(bb, loc, seg);
      block.qBegin = arith::MulIOp::create(bb, loc, part, idx(bb, partLen));
      block.qEnd = arith::MinUIOp::create(
          bb, loc,
          arith::AddIOp::create(bb, loc, block.qBegin, idx(bb, partLen)),
          idx(bb, qPerSegment));
      block.seg = seg;
      block.part = part;
      emitRows(bb, panel, valid, &block);
    });
  };
  // Every panel: `body(builder, panel, valid columns of a partial panel)`.
  auto forPanels =
      [&](OpBuilder &pb,
          function_ref<void(OpBuilder &, Value, std::optional<int64_t>)> body) {
        if (fullPanels > 0)
          emitFor(pb, loc, fullPanels, 1, [&](OpBuilder &nb, Value panel) {
            body(nb, panel, std::nullopt);
          });
        if (p.n % nr)
          body(pb, idx(pb, fullPanels), p.n % nr);
      };
  if (convertTiles) {
    // Row-tile conversion: rows [m0, m0 + rows) of `bytes` into the domain,
    // then every panel for them. The k padding (a column past K, paired
    // with zero weights) is never written by the conversion; it is zeroed
    // once, since reading it uninitialized would be poison even times zero.
    for (int64_t r = 0; r < k.rows; ++r)
      for (int64_t kk = p.k; kk < kPadded; ++kk)
        memref::StoreOp::create(
            b, loc,
            arith::ConstantOp::create(b, loc, b.getIntegerAttr(opType, 0)),
            aBuf, ValueRange{idx(b, r * kPadded + kk)});
    auto bytesVec = VectorType::get({k.lanes * kg}, b.getI8Type());
    Value sub = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(opVec,
                               b.getIntegerAttr(opType, a.bytesSubtract)));
    forChunks(b, loc, p.m, k.rows, [&](OpBuilder &rb, Value m0, int64_t rows) {
      for (int64_t r = 0; r < rows; ++r) {
        Value from = arith::MulIOp::create(
            rb, loc, arith::AddIOp::create(rb, loc, m0, idx(rb, r)),
            idx(rb, p.k));
        forChunks(
            rb, loc, p.k, k.lanes * kg,
            [&](OpBuilder &cb, Value c, int64_t count) {
              Value x = loadLanes(
                  cb, loc, bytesVec, bytesBuf,
                  ValueRange{arith::AddIOp::create(cb, loc, from, c)}, count);
              Value wide =
                  a.bytesSigned
                      ? arith::ExtSIOp::create(cb, loc, opVec, x).getResult()
                      : arith::ExtUIOp::create(cb, loc, opVec, x).getResult();
              storeLanes(cb, loc, arith::SubIOp::create(cb, loc, wide, sub),
                         aBuf,
                         ValueRange{arith::AddIOp::create(
                             cb, loc, c, idx(cb, r * kPadded))},
                         count);
            });
      }
      forPanels(rb,
                [&](OpBuilder &nb, Value panel, std::optional<int64_t> valid) {
                  emitTile(nb, m0, rows, panel, valid);
                });
    });
  } else {
    auto emitPanels = [&](OpBuilder &pb) { forPanels(pb, emitPanel); };
    if (p.batch == 1)
      emitPanels(b);
    else
      emitFor(b, loc, p.batch, 1, [&](OpBuilder &eb, Value e) {
        batchIndex = e;
        emitPanels(eb);
      });
  }
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(outShape, storage), outBuf,
      /*restrict=*/true, /*writable=*/true);
}

//===----------------------------------------------------------------------===//
// Operand domains and the patterns
//===----------------------------------------------------------------------===//

/// How activations x enter the kernel: a = x - zp (16-bit kernels) or
/// a = x + shift (8-bit kernels: shift moves x into the instruction's
/// signedness), and the per-channel correction the shift needs:
/// sum (x - zp) w = sum a w - (zp + shift) * sum w.
struct OperandDomain {
  int64_t subtract; // a = x - subtract
  Value transform(OpBuilder &b, Location loc, Value x, bool xSigned,
                  Type opType) const {
    // Raw bytes already in the kernel's domain (u8 for vpdpbusd): no ops, so
    // the layout change is a pure copy that qnn-fuse-elementwise can remove.
    if (subtract == 0 && x.getType() == opType)
      return x;
    Value wide = extendToI32(b, loc, x, xSigned);
    Value a = arith::SubIOp::create(b, loc, wide,
                                    i32Constant(b, loc, (int32_t)subtract));
    return arith::TruncIOp::create(b, loc, opType, a);
  }
};

/// Where the GEMM weight element of output channel `c` and k index `kk` (in
/// the order the caller's im2col produces) sits in the raw weight constant.
using WeightIndexFn = function_ref<int64_t(int64_t c, int64_t kk)>;
int64_t rowMajorWeight(int64_t kSize, int64_t c, int64_t kk) {
  return c * kSize + kk;
}

/// The target forms of a static epilogue (see GemmProblem).
void setEpilogueForms(GemmProblem &p, KernelTarget target) {
  p.integerClampBeforeStore = target == KernelTarget::X86Avx2;
  p.embeddedRounding = target == KernelTarget::X86Avx512Vnni;
  p.mxcsrRounding =
      target == KernelTarget::X86Avx2 &&
      llvm::all_of(p.multipliers, [](float m) { return std::fabs(m) <= 0.5f; });
}

/// The GEMM problem of a quantized op with a constant weight for `channels`
/// output channels, a GEMM K of `kSize` (each k's weight located by
/// `weightIndex`, -1 for a zero padding tap) and a constant bias, or
/// failure when the op does not qualify. The GEMM covers output channels
/// [first, first + n) (one group of a grouped conv).
FailureOr<std::pair<MicroKernel, GemmProblem>>
planGemm(KernelTarget target, Operation *op, Value input, Value weight,
         Value convertedWeight, Value bias, Value convertedBias,
         Type resultType, bool fusedRelu, int64_t m, int64_t n, int64_t kSize,
         int64_t channels, WeightIndexFn weightIndex, OperandDomain &domain,
         int64_t first = 0) {
  std::optional<TensorQuant> inQ = getTensorQuant(input.getType());
  std::optional<TensorQuant> outQ = getTensorQuant(resultType);
  if (!inQ || !outQ || inQ->width != 8 || outQ->width > 16)
    return failure();
  Type wType = weight.getType();
  quant::QuantizedType wq = getQuantizedElementType(wType);
  if (!wq || wq.getStorageTypeIntegralWidth() != 8)
    return failure();
  int64_t elements = llvm::cast<ShapedType>(wType).getNumElements();
  WeightQuant w = getWeightQuant(wType, channels);
  std::optional<SmallVector<int64_t>> raw = readIntegers(
      getConstantElements(weight, convertedWeight), w.isSigned);
  if (!raw || (int64_t)raw->size() != elements || first + n > channels)
    return failure();
  std::optional<SmallVector<float>> biasValues;
  if (bias) {
    biasValues = readFloats(getConstantElements(bias, convertedBias));
    if (!biasValues || (int64_t)biasValues->size() != channels)
      return failure();
  }
  bool bytesExact =
      w.isSigned && llvm::all_of(w.zeroPoints, [](int64_t z) { return z == 0; });
  std::optional<MicroKernel> kernel = selectKernel(target, bytesExact);
  if (!kernel)
    return failure();

  GemmProblem p;
  p.m = m;
  p.n = n;
  p.k = kSize;
  p.out = *outQ;
  p.qmin = fusedRelu ? std::max<int64_t>(outQ->qmin, outQ->zeroPoint)
                     : outQ->qmin;
  int64_t shift = 0;
  if (kernel->bits == 8)
    shift = inQ->isSigned == kernel->activationUnsigned
                ? (kernel->activationUnsigned ? 128 : -128)
                : 0;
  domain.subtract = kernel->bits == 16 ? inQ->zeroPoint : -shift;
  RequantConstants rq = getRequantConstants(inQ->scale, w, outQ->scale);
  p.weights.resize(n * kSize);
  for (int64_t j = 0; j < n; ++j) {
    int64_t c = first + j, colSum = 0;
    for (int64_t kk = 0; kk < kSize; ++kk) {
      // A negative index is a padding tap: weight 0 in the kernel's domain.
      int64_t at = weightIndex(c, kk), value = 0;
      if (at >= 0) {
        value = (*raw)[at];
        if (kernel->bits == 16)
          value -= w.zeroPoints[c];
      }
      p.weights[j * kSize + kk] = value;
      colSum += value;
    }
    int64_t offset = 0;
    if (kernel->bits == 8)
      offset = -(inQ->zeroPoint + shift) * colSum;
    if (biasValues) {
      float scaled = (*biasValues)[c] * rq.invBiasScale[c];
      float rounded = std::nearbyint(scaled);
      if (!(std::fabs(rounded) < 2147483648.0f))
        return failure(); // the reference's fptosi would be poison
      offset += (int64_t)rounded;
    }
    p.offsets.push_back((int32_t)(uint32_t)offset);
  }
  p.multipliers.assign(rq.multiplier.begin() + first,
                       rq.multiplier.begin() + first + n);
  setEpilogueForms(p, target);
  return std::make_pair(*kernel, std::move(p));
}

std::string kernelName(Operation *op) {
  if (auto name = op->getAttrOfType<StringAttr>("name");
      name && !name.getValue().empty())
    return name.str();
  return op->getName().getStringRef().str();
}

/// Pads dim 1 of a [m][k] tensor to a multiple of `kg` with zeros.
Value padColumns(OpBuilder &b, Location loc, Value a, int64_t kg) {
  ArrayRef<int64_t> s = shapeOf(a);
  int64_t padded = ceilDiv(s[1], kg) * kg;
  if (padded == s[1])
    return a;
  Type et = llvm::cast<ShapedType>(a.getType()).getElementType();
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(et));
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get({s[0], padded}, et), a,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(0),
                             b.getIndexAttr(padded - s[1])},
      zero);
}

//===----------------------------------------------------------------------===//
// Winograd F(2x2, 3x3) in exact integer arithmetic
//===----------------------------------------------------------------------===//

/// A 3x3, stride-1 conv run as Winograd F(2x2, 3x3) (Lavin & Gray): each
/// 2x2 output tile is Y = A^T [U (.) V] A with V = B^T d B (the tile's 4x4
/// input window d) and U = G' g G'^T, G' = 2 G so that U is an integer
/// matrix and Y is 4x the convolution sum. Every step is integer arithmetic
/// on the zero-point-centered operands of the 16-bit kernels: |V| <= 4 * 255
/// and |U| <= 9 * 255 fit i16, the 16 GEMMs (one per element of the 4x4
/// transform domain, K = channels) multiply them exactly (vpmaddwd), and
/// the additions are exact modulo 2^32, so the result is exact whenever
/// 4x the convolution sum fits i32 (winogradWeights checks that with the
/// actual weights). The output is then `Y >> 2` followed by the same fused
/// epilogue as the direct kernels: bit-identical results, 16 multiplies per
/// 4 outputs instead of 36.
struct WinogradShape {
  int64_t batch, oh, ow, cin, cp;
  int64_t tilesY() const { return ceilDiv(oh, 2); }
  int64_t tilesX() const { return ceilDiv(ow, 2); }
  int64_t tiles() const { return batch * tilesY() * tilesX(); }
};

/// Below this many input or output channels the transforms cost more than
/// the multiplies they save.
constexpr int64_t kWinogradMinChannels = 16;

/// The batch of 16 GEMM weight matrices [e][n][cp] (e = 4 i + j) of the
/// direct problem `p` (weights [n][9 * cin], (tap, channel) order, in the
/// 16-bit kernels' centered domain), or nullopt when some output channel's
/// 4 * sum |x - zp| |w| could leave i32.
std::optional<SmallVector<int64_t>> winogradWeights(const GemmProblem &p,
                                                    const WinogradShape &s) {
  static const int64_t g2[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};
  SmallVector<int64_t> u(16 * p.n * s.cp, 0);
  for (int64_t j = 0; j < p.n; ++j) {
    int64_t bound = 0;
    for (int64_t c = 0; c < s.cin; ++c) {
      int64_t g[3][3];
      for (int64_t t = 0; t < 9; ++t) {
        g[t / 3][t % 3] = p.weights[j * p.k + t * s.cin + c];
        bound += std::abs(g[t / 3][t % 3]);
      }
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t jj = 0; jj < 4; ++jj) {
          int64_t v = 0;
          for (int64_t y = 0; y < 3; ++y)
            for (int64_t x = 0; x < 3; ++x)
              v += g2[i][y] * g[y][x] * g2[jj][x];
          u[((4 * i + jj) * p.n + j) * s.cp + c] = v;
        }
    }
    if (4 * 255 * bound > std::numeric_limits<int32_t>::max())
      return std::nullopt;
  }
  return u;
}

/// One row (or column) of B^T x: the Winograd input transform.
Value inputTransform(OpBuilder &b, Location loc, ArrayRef<Value> x, int64_t i) {
  switch (i) {
  case 0:
    return arith::SubIOp::create(b, loc, x[0], x[2]);
  case 1:
    return arith::AddIOp::create(b, loc, x[1], x[2]);
  case 2:
    return arith::SubIOp::create(b, loc, x[2], x[1]);
  default:
    return arith::SubIOp::create(b, loc, x[1], x[3]);
  }
}

/// One row (or column) of A^T m: the Winograd output transform.
Value outputTransform(OpBuilder &b, Location loc, ArrayRef<Value> m,
                      int64_t i) {
  if (i == 0)
    return arith::AddIOp::create(
        b, loc, arith::AddIOp::create(b, loc, m[0], m[1]), m[2]);
  return arith::SubIOp::create(b, loc,
                               arith::SubIOp::create(b, loc, m[1], m[2]), m[3]);
}

/// The conv of `p` (with `u` from winogradWeights) over the kernel-domain
/// canvas [batch][2 tilesY + 2][2 tilesX + 2][cp] (zero-padded): the input
/// transform into V [16][tiles][cp], one batched GEMM of raw accumulators
/// M [16][tiles][n], and the output transform with the fused epilogue into
/// [batch * oh * ow][n] like emitGemm.
Value emitWinogradConv(OpBuilder &b, Location loc, Operation *anchor,
                       StringRef name, const MicroKernel &k,
                       const GemmProblem &p, SmallVector<int64_t> u,
                       Value canvas, const WinogradShape &s) {
  auto module = anchor->getParentOfType<ModuleOp>();
  Type opType = b.getIntegerType(k.bits);
  int64_t tiles = s.tiles(), width = k.lanes * k.kGroup;
  auto idx = [&](OpBuilder &nb, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(nb, loc, v);
  };
  // Tile t as (image, first output row, first output column).
  auto tileOrigin = [&](OpBuilder &nb, Value t) {
    Value x = arith::RemUIOp::create(nb, loc, t, idx(nb, s.tilesX()));
    Value rest = arith::DivUIOp::create(nb, loc, t, idx(nb, s.tilesX()));
    Value y = arith::RemUIOp::create(nb, loc, rest, idx(nb, s.tilesY()));
    Value n = arith::DivUIOp::create(nb, loc, rest, idx(nb, s.tilesY()));
    return std::array<Value, 3>{n,
                                arith::MulIOp::create(nb, loc, y, idx(nb, 2)),
                                arith::MulIOp::create(nb, loc, x, idx(nb, 2))};
  };
  // 1. V[e][t][c] = (B^T d B)[e / 4][e % 4], `width` channels at a time.
  Value canvasBuf = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(shapeOf(canvas), opType), canvas,
      /*read_only=*/true);
  auto vType = MemRefType::get({16 * tiles * s.cp}, opType);
  Value vBuf = memref::AllocOp::create(b, loc, vType, b.getI64IntegerAttr(64));
  auto opVec = VectorType::get({width}, opType);
  emitFor(b, loc, tiles, 1, [&](OpBuilder &tb, Value t) {
    std::array<Value, 3> origin = tileOrigin(tb, t);
    Value n = origin[0], y0 = origin[1], x0 = origin[2];
    emitFor(tb, loc, s.cp, width, [&](OpBuilder &cb, Value c) {
      Value d[4][4], rows[4][4];
      for (int64_t y = 0; y < 4; ++y)
        for (int64_t x = 0; x < 4; ++x)
          d[y][x] = vector::LoadOp::create(
              cb, loc, opVec, canvasBuf,
              ValueRange{n, arith::AddIOp::create(cb, loc, y0, idx(cb, y)),
                         arith::AddIOp::create(cb, loc, x0, idx(cb, x)), c});
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t x = 0; x < 4; ++x)
          rows[i][x] =
              inputTransform(cb, loc, {d[0][x], d[1][x], d[2][x], d[3][x]}, i);
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t j = 0; j < 4; ++j) {
          Value at = arith::AddIOp::create(
              cb, loc, arith::MulIOp::create(cb, loc, t, idx(cb, s.cp)),
              arith::AddIOp::create(cb, loc, c,
                                    idx(cb, (4 * i + j) * tiles * s.cp)));
          vector::StoreOp::create(cb, loc, inputTransform(cb, loc, rows[i], j),
                                  vBuf, at);
        }
    });
  });
  GemmOperandA a;
  a.flat = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(vType.getShape(), opType), vBuf,
      /*restrict=*/true, /*writable=*/true);
  a.rowDims = {tiles};
  a.rowStrides = {s.cp};
  a.segLen = s.cp;
  a.batchStride = tiles * s.cp;

  // 2. M[e][t][n] = V[e] U[e]: one batched GEMM, raw accumulators.
  GemmProblem g = p;
  g.residual.reset();
  g.batch = 16;
  g.rawAccumulators = true;
  g.m = tiles;
  g.k = s.cp;
  g.weights = std::move(u);
  Value m = emitGemm(b, loc, anchor, name, k, g, a);
  int64_t nPadded = shapeOf(m)[1];

  // 3. Y = A^T M A >> 2 per tile, then the fused epilogue.
  Value mBuf = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(shapeOf(m), b.getI32Type()), m,
      /*read_only=*/true);
  Value offsetsBuf, multBuf;
  std::tie(offsetsBuf, multBuf) =
      epilogueConstants(b, loc, anchor, name, p, nPadded);
  int64_t pixels = s.oh * s.ow, rowsOut = s.batch * pixels;
  Value residualBuf;
  if (p.residual)
    residualBuf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get({rowsOut, p.n}, b.getI8Type()),
        p.residual->matrix, /*read_only=*/true);
  auto outType = MemRefType::get({rowsOut, p.n}, b.getIntegerType(p.out.width));
  Value outBuf =
      memref::AllocOp::create(b, loc, outType, b.getI64IntegerAttr(64));
  auto accType = VectorType::get({k.lanes}, b.getI32Type());
  auto f32Vec = VectorType::get({k.lanes}, b.getF32Type());
  Value zpVec = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(accType,
                             b.getI32IntegerAttr((int32_t)p.out.zeroPoint)));
  Value two = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(2)));
  emitFor(b, loc, tiles, 1, [&](OpBuilder &tb, Value t) {
    std::array<Value, 3> origin = tileOrigin(tb, t);
    Value n = origin[0], y0 = origin[1], x0 = origin[2];
    Value rowBase = arith::AddIOp::create(
        tb, loc, arith::MulIOp::create(tb, loc, n, idx(tb, pixels)),
        arith::AddIOp::create(
            tb, loc, arith::MulIOp::create(tb, loc, y0, idx(tb, s.ow)), x0));
    // The second output row / column of a tile exists unless the output
    // size is odd and this is the last tile.
    auto inside = [&](OpBuilder &nb, Value origin, int64_t size) {
      return arith::CmpIOp::create(
          nb, loc, arith::CmpIPredicate::ult,
          arith::AddIOp::create(nb, loc, origin, idx(nb, 1)), idx(nb, size));
    };
    auto columns = [&](OpBuilder &cb, Value col, int64_t count) {
      Value mv[4][4], rows[2][4];
      for (int64_t e = 0; e < 16; ++e)
        mv[e / 4][e % 4] = vector::LoadOp::create(
            cb, loc, accType, mBuf,
            ValueRange{arith::AddIOp::create(cb, loc, t, idx(cb, e * tiles)),
                       col});
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t x = 0; x < 4; ++x)
          rows[i][x] = outputTransform(
              cb, loc, {mv[0][x], mv[1][x], mv[2][x], mv[3][x]}, i);
      Value off = vector::LoadOp::create(cb, loc, accType, offsetsBuf, col);
      Value mult = vector::LoadOp::create(cb, loc, f32Vec, multBuf, col);
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 2; ++j) {
          auto store = [&](OpBuilder &sb) {
            Value acc = arith::ShRSIOp::create(
                sb, loc, outputTransform(sb, loc, rows[i], j), two);
            Value row =
                arith::AddIOp::create(sb, loc, rowBase, idx(sb, i * s.ow + j));
            requantizeAndStore(sb, loc, module, p, acc, off, mult, zpVec,
                               residualBuf, outBuf, ValueRange{row, col},
                               count);
          };
          Value cond;
          if (i == 1 && s.oh % 2)
            cond = inside(cb, y0, s.oh);
          if (j == 1 && s.ow % 2) {
            Value c = inside(cb, x0, s.ow);
            cond =
                cond ? arith::AndIOp::create(cb, loc, cond, c).getResult() : c;
          }
          if (!cond) {
            store(cb);
            continue;
          }
          scf::IfOp::create(cb, loc, cond, [&](OpBuilder &ib, Location l) {
            store(ib);
            scf::YieldOp::create(ib, l);
          });
        }
    };
    forChunks(tb, loc, p.n, k.lanes, columns);
  });
  return bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get({rowsOut, p.n}, outType.getElementType()),
      outBuf, /*restrict=*/true, /*writable=*/true);
}

/// The residual add a conv's epilogue can absorb: the conv (ungrouped,
/// quint8 result) has one user, a quint8 add/add_relu of two same-shape
/// tensors with the QNNPACK parameters, and `adjacent` requires that add to
/// follow the conv directly (placeConvsBeforeResidualAdds arranges that, so
/// the residual is defined before the conv).
struct ResidualAddMatch {
  Operation *add;
  Value residual;
  ResidualEpilogue epilogue;
};
std::optional<ResidualAddMatch> matchResidualAdd(Operation *conv,
                                                 bool adjacent) {
  if (conv->getNumResults() != 1 || !conv->getResult(0).hasOneUse())
    return std::nullopt;
  if (auto groups = conv->getAttrOfType<IntegerAttr>("groups");
      groups && groups.getInt() != 1)
    return std::nullopt;
  Value result = conv->getResult(0);
  Operation *add = *result.getUsers().begin();
  if (!isa<AddOp, AddReluOp>(add) || add->getBlock() != conv->getBlock() ||
      (adjacent && conv->getNextNode() != add))
    return std::nullopt;
  Value lhs = add->getOperand(0), rhs = add->getOperand(1);
  if (lhs == rhs)
    return std::nullopt;
  std::optional<TensorQuant> a = getTensorQuant(lhs.getType());
  std::optional<TensorQuant> b = getTensorQuant(rhs.getType());
  std::optional<TensorQuant> o = getTensorQuant(add->getResult(0).getType());
  if (!a || !b || !o || a->isSigned || b->isSigned || o->isSigned ||
      a->width != 8 || b->width != 8 || o->width != 8 ||
      shapeOf(lhs) != shapeOf(rhs) ||
      shapeOf(lhs) != shapeOf(add->getResult(0)))
    return std::nullopt;
  std::optional<QuantizedAddParams> params =
      getQuantizedAddParams(*a, *b, *o, isa<AddReluOp>(add));
  if (!params)
    return std::nullopt;
  bool convIsLhs = lhs == result;
  return ResidualAddMatch{add, convIsLhs ? rhs : lhs,
                          ResidualEpilogue{*params, convIsLhs, Value()}};
}

/// A quantized convolution or transposed convolution as the direct
/// convolution the GEMM kernels run: the channels-last input is placed on a
/// canvas filled with the zero point (every `inputStride`-th position, after
/// `padLo` leading positions, `padHi` trailing ones; negative amounts crop),
/// then convolved with `stride` and `dilation`. `weightIndex(o, i, t)` is
/// the raw weight element of output channel `o`, group-local input channel
/// `i` and row-major window position `t`.
struct ConvGeometry {
  int64_t groups;
  SmallVector<int64_t> window, stride, dilation, inputStride, padLo, padHi;
  std::function<int64_t(int64_t, int64_t, int64_t)> weightIndex;
};

/// Rewrites `op` (input, weight and optional bias operands 0..2, adaptor
/// values in `operands`) as one GEMM per group (the channels-last copy and
/// its canvas are shared), outputs concatenated along N. `fused`, when
/// given, is a residual add the epilogue takes over (ungrouped only).
LogicalResult rewriteConvAsGemm(Operation *op, ValueRange operands,
                                const ConvGeometry &geo, bool fusedRelu,
                                std::optional<ResidualAddMatch> fused,
                                KernelTarget target, bool winograd,
                                ConversionPatternRewriter &rewriter) {
  Location loc = op->getLoc();
  Value input = op->getOperand(0), weight = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  Value cBias = op->getNumOperands() > 2 ? operands[2] : Value();
  Type resultType = op->getResult(0).getType();
  ArrayRef<int64_t> xs = shapeOf(input), os = shapeOf(op->getResult(0));
  int64_t rank = xs.size() - 2, batch = xs[0], cin = xs[1], cout = os[1];
  int64_t groups = geo.groups;
  if (groups < 1 || cin % groups || cout % groups)
    return rewriter.notifyMatchFailure(op, "bad groups");
  // One GEMM per group over its cin / groups input channels.
  int64_t cinG = cin / groups, coutG = cout / groups;
  int64_t window = product(geo.window), pixels = product(os.drop_front(2));
  // The window the GEMM runs: the op's, or with zero-weight taps appended
  // along the last spatial dim (below).
  SmallVector<int64_t> win(geo.window);
  int64_t kwOp = geo.window[rank - 1];
  // im2col order is (kernel position, channel); a tap past the op's last
  // window dim is padding (weight 0, index -1).
  auto index = [&](int64_t c, int64_t kk) -> int64_t {
    int64_t t = kk / cinG, kw = win[rank - 1];
    if (t % kw >= kwOp)
      return -1;
    return geo.weightIndex(c, kk % cinG, t / kw * kwOp + t % kw);
  };
  std::vector<std::pair<MicroKernel, GemmProblem>> plans;
  OperandDomain domain;
  auto planAll = [&]() -> LogicalResult {
    plans.clear();
    int64_t taps = product(win);
    for (int64_t g = 0; g < groups; ++g) {
      auto plan = planGemm(target, op, input, weight, operands[1], bias, cBias,
                           resultType, fusedRelu, batch * pixels, coutG,
                           cinG * taps, cout, index, domain, g * coutG);
      if (failed(plan))
        return failure();
      plans.push_back(std::move(*plan));
    }
    return success();
  };
  if (failed(planAll()))
    return rewriter.notifyMatchFailure(op, "not a micro-kernel problem");
  // Short window rows that are not a whole number of k groups (a stem's
  // 7 x 3 channels = 21 bytes) would need an im2col: zero-weight taps make
  // them whole (7 -> 8 taps), and the conv reads its input in place.
  int64_t kg = plans.front().first.kGroup;
  bool noCrop = llvm::all_of(geo.padLo, [](int64_t v) { return v >= 0; }) &&
                llvm::all_of(geo.padHi, [](int64_t v) { return v >= 0; });
  auto ones = [](ArrayRef<int64_t> v) {
    return llvm::all_of(v, [](int64_t x) { return x == 1; });
  };
  bool pointwise = window == 1 && ones(geo.stride);
  if (groups == 1 && noCrop && !pointwise && geo.dilation[rank - 1] == 1 &&
      (kwOp * cin) % kg != 0) {
    int64_t kw = kwOp + 1;
    while ((kw * cin) % kg)
      ++kw;
    win[rank - 1] = kw;
    if (failed(planAll()))
      return rewriter.notifyMatchFailure(op, "not a micro-kernel problem");
  }
  // The canvas, and a check that the direct convolution over it has the
  // result's shape.
  SmallVector<int64_t> canvas = {batch}, cropLo, cropped = {batch};
  SmallVector<OpFoldResult> placeOffsets = {rewriter.getIndexAttr(0)},
                            placeSizes = {rewriter.getIndexAttr(batch)},
                            placeStrides = {rewriter.getIndexAttr(1)};
  bool crop = false;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t placed = (xs[d + 2] - 1) * geo.inputStride[d] + 1;
    int64_t lo = std::max<int64_t>(geo.padLo[d], 0),
            hi = std::max<int64_t>(geo.padHi[d], 0);
    canvas.push_back(placed + lo + hi);
    cropLo.push_back(std::max<int64_t>(-geo.padLo[d], 0));
    int64_t size =
        canvas.back() - cropLo.back() - std::max<int64_t>(-geo.padHi[d], 0);
    crop |= size != canvas.back();
    cropped.push_back(size);
    placeOffsets.push_back(rewriter.getIndexAttr(lo));
    placeSizes.push_back(rewriter.getIndexAttr(xs[d + 2]));
    placeStrides.push_back(rewriter.getIndexAttr(geo.inputStride[d]));
    int64_t span = geo.dilation[d] * (geo.window[d] - 1) + 1;
    if (size < span || (size - span) / geo.stride[d] + 1 != os[d + 2])
      return rewriter.notifyMatchFailure(op, "inconsistent geometry");
    // Room for the zero-weight taps: more zero-point padding at the end.
    int64_t reach =
        (os[d + 2] - 1) * geo.stride[d] + geo.dilation[d] * (win[d] - 1) + 1;
    if (reach > size) {
      canvas.back() += reach - size;
      cropped.back() += reach - size;
    }
  }
  canvas.push_back(cin);
  cropped.push_back(cin);
  // Winograd F(2x2, 3x3) for 3x3 stride-1 convs on the 16-bit kernels: the
  // canvas grows to whole 4x4 windows and whole vectors of channels (zeros:
  // the zero point's image in the centered domain).
  bool dense = ones(geo.inputStride);
  std::optional<SmallVector<int64_t>> winogradU;
  WinogradShape wino{batch, 0, 0, cin, 0};
  bool winogradShape =
      winograd && rank == 2 && groups == 1 &&
      geo.window == ArrayRef<int64_t>{3, 3} && win == geo.window &&
      ones(geo.stride) && ones(geo.dilation) && dense && !crop &&
      cin >= kWinogradMinChannels && cout >= kWinogradMinChannels;
  if (winogradShape && plans.front().first.bits == 16) {
    const MicroKernel &k = plans.front().first;
    wino = WinogradShape{batch, os[2], os[3], cin,
                         ceilDiv(cin, k.lanes * k.kGroup) * k.lanes * k.kGroup};
    winogradU = winogradWeights(plans.front().second, wino);
    if (winogradU) {
      canvas[1] = 2 * wino.tilesY() + 2;
      canvas[2] = 2 * wino.tilesX() + 2;
      canvas.back() = wino.cp;
    }
  }
  placeOffsets.push_back(rewriter.getIndexAttr(0));
  placeSizes.push_back(rewriter.getIndexAttr(cin));
  placeStrides.push_back(rewriter.getIndexAttr(1));

  if (fused) {
    // The residual as the GEMM's [m][n] matrix: channels-last, a layout
    // change qnn-fuse-elementwise cancels against its producer's.
    Value res =
        groups == 1 ? rewriter.getRemappedValue(fused->residual) : Value();
    if (!res)
      return rewriter.notifyMatchFailure(op, "residual not fusable");
    SmallVector<int64_t> perm = {0}, cl = {batch};
    for (int64_t d = 0; d < rank; ++d) {
      perm.push_back(d + 2);
      cl.push_back(os[d + 2]);
    }
    perm.push_back(1);
    cl.push_back(cout);
    Value t = linalg::TransposeOp::create(
                  rewriter, loc, res,
                  createEmpty(rewriter, loc, cl, rewriter.getI8Type()), perm)
                  .getResult()[0];
    SmallVector<ReassociationIndices> toMatrix(2);
    for (int64_t d = 0; d <= rank; ++d)
      toMatrix[0].push_back(d);
    toMatrix[1].push_back(rank + 1);
    fused->epilogue.matrix =
        tensor::CollapseShapeOp::create(rewriter, loc, t, toMatrix);
    plans.front().second.residual = fused->epilogue;
  }
  const MicroKernel &kernel = plans.front().first;
  const GemmProblem &problem = plans.front().second;
  Type opType = rewriter.getIntegerType(kernel.bits);
  std::optional<TensorQuant> inQ = getTensorQuant(input.getType());
  MLIRContext *ctx = rewriter.getContext();

  // 1. Channels-last copy in the kernel's domain: [n][spatial...][c].
  SmallVector<int64_t> nhwc = {batch};
  for (int64_t d = 0; d < rank; ++d)
    nhwc.push_back(xs[d + 2]);
  nhwc.push_back(cin);
  SmallVector<AffineExpr> toNchw = {getAffineDimExpr(0, ctx),
                                    getAffineDimExpr(rank + 1, ctx)};
  for (int64_t d = 0; d < rank; ++d)
    toNchw.push_back(getAffineDimExpr(d + 1, ctx));
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank + 2, 0, toNchw, ctx),
      AffineMap::getMultiDimIdentityMap(rank + 2, ctx)};
  SmallVector<utils::IteratorType> parallel(rank + 2,
                                            utils::IteratorType::parallel);
  // A 16-bit pointwise GEMM whose whole B stays in L2 converts its input per
  // row tile (GemmOperandA::bytes): the channels-last copy keeps the storage
  // bytes, a pure layout change that qnn-fuse-elementwise removes.
  int64_t nr = kernel.panelWidth(),
          kPadded = ceilDiv(cin, kernel.kGroup) * kernel.kGroup;
  bool convertTiles = pointwise && groups == 1 && kernel.bits == 16 && dense &&
                      !crop && canvas == ArrayRef<int64_t>(nhwc) &&
                      ceilDiv(cout, nr) * nr * kPadded * 2 <= kConvertTilesMaxB;
  Type xType = convertTiles ? rewriter.getIntegerType(inQ->width) : opType;
  Value x =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{RankedTensorType::get(nhwc, xType)},
          ValueRange{operands[0]},
          ValueRange{createEmpty(rewriter, loc, nhwc, xType)}, maps, parallel,
          [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l,
                convertTiles
                    ? a[0]
                    : domain.transform(nb, l, a[0], inQ->isSigned, opType));
          })
          .getResult(0);
  // 2. The canvas, filled with the zero point's image in the domain (a
  // plain pad when the input is placed densely without cropping).
  if (dense && !crop && canvas != ArrayRef<int64_t>(nhwc)) {
    // A plain pad (qnn-fuse-elementwise fills only its border).
    SmallVector<OpFoldResult> lo, hi;
    for (int64_t d = 0; d < rank + 2; ++d) {
      int64_t before =
          d == 0 || d == rank + 1 ? 0 : std::max<int64_t>(geo.padLo[d - 1], 0);
      lo.push_back(rewriter.getIndexAttr(before));
      hi.push_back(rewriter.getIndexAttr(canvas[d] - nhwc[d] - before));
    }
    Value zp = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getIntegerAttr(opType, inQ->zeroPoint - domain.subtract));
    x = tensor::PadOp::create(
        rewriter, loc, RankedTensorType::get(canvas, opType), x, lo, hi, zp);
  } else if (!dense || crop) {
    Attribute zp =
        rewriter.getIntegerAttr(opType, inQ->zeroPoint - domain.subtract);
    x = tensor::InsertSliceOp::create(rewriter, loc, x,
                                      createFilled(rewriter, loc, canvas, zp),
                                      placeOffsets, placeSizes, placeStrides);
    if (crop) {
      SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(0)}, sizes,
                                one(rank + 2, rewriter.getIndexAttr(1));
      for (int64_t c : cropLo)
        offsets.push_back(rewriter.getIndexAttr(c));
      offsets.push_back(rewriter.getIndexAttr(0));
      for (int64_t v : cropped)
        sizes.push_back(rewriter.getIndexAttr(v));
      x = tensor::ExtractSliceOp::create(rewriter, loc,
                                         RankedTensorType::get(cropped, opType),
                                         x, offsets, sizes, one);
    }
  }
  // 3. Per group, im2col: [n][out spatial...][kernel...][c], a copy whose
  // innermost dimension is contiguous on both sides.
  ArrayRef<int64_t> stride = geo.stride, dilation = geo.dilation;
  SmallVector<Value> groupOutputs;
  if (winogradU)
    groupOutputs.push_back(
        emitWinogradConv(rewriter, loc, op, kernelName(op), plans.front().first,
                         plans.front().second, std::move(*winogradU), x, wino));
  for (int64_t g = 0; !winogradU && g < groups; ++g) {
    Value xg = x;
    if (groups != 1) {
      ArrayRef<int64_t> full = shapeOf(x);
      SmallVector<OpFoldResult> offsets(full.size(), rewriter.getIndexAttr(0)),
          sizes, strides(full.size(), rewriter.getIndexAttr(1));
      for (int64_t extent : full.drop_back())
        sizes.push_back(rewriter.getIndexAttr(extent));
      sizes.push_back(rewriter.getIndexAttr(cinG));
      offsets.back() = rewriter.getIndexAttr(g * cinG);
      xg = tensor::ExtractSliceOp::create(rewriter, loc, x, offsets, sizes,
                                          strides);
    }
    std::string name = kernelName(op);
    if (groups != 1)
      name += "_g" + std::to_string(g);
    if (convertTiles) {
      GemmOperandA bytesA;
      bytesA.bytes = tensor::CollapseShapeOp::create(
          rewriter, loc, x,
          ArrayRef<ReassociationIndices>{
              llvm::to_vector(llvm::seq<int64_t>(0, rank + 2))});
      bytesA.rowDims = {batch * pixels};
      bytesA.rowStrides = {kPadded};
      bytesA.segLen = kPadded;
      bytesA.bytesSigned = inQ->isSigned;
      bytesA.bytesSubtract = domain.subtract;
      groupOutputs.push_back(emitGemm(rewriter, loc, op, name, plans[g].first,
                                      plans[g].second, bytesA));
      continue;
    }
    // Implicit GEMM: when each window row of `kw * cin` elements is
    // contiguous in the canvas and a whole number of k groups, the kernel
    // reads A in place (one segment per window row) and no im2col is built.
    if (groups == 1 && !pointwise && !crop && dilation[rank - 1] == 1 &&
        (win[rank - 1] * cin) % kernel.kGroup == 0) {
      SmallVector<int64_t> canvasStride(rank + 2, 1);
      for (int64_t d = rank; d >= 0; --d)
        canvasStride[d] = canvasStride[d + 1] * canvas[d + 1];
      GemmOperandA implicitA;
      implicitA.flat = tensor::CollapseShapeOp::create(
          rewriter, loc, x,
          ArrayRef<ReassociationIndices>{
              llvm::to_vector(llvm::seq<int64_t>(0, rank + 2))});
      implicitA.rowDims.push_back(batch);
      implicitA.rowStrides.push_back(canvasStride[0]);
      for (int64_t d = 0; d < rank; ++d) {
        implicitA.rowDims.push_back(os[d + 2]);
        implicitA.rowStrides.push_back(stride[d] * canvasStride[d + 1]);
      }
      for (int64_t d = 0; d + 1 < rank; ++d) {
        implicitA.segDims.push_back(win[d]);
        implicitA.segStrides.push_back(dilation[d] * canvasStride[d + 1]);
      }
      implicitA.segLen = win[rank - 1] * cin;
      // A 2-D canvas whose padding is 0 in the kernel's domain: window
      // rows and columns of padding are skipped.
      if (rank == 2 && dense && !crop && inQ->zeroPoint == domain.subtract) {
        auto axis = [&](int64_t d) {
          return GemmOperandA::PaddedAxis{stride[d], dilation[d],
                                          std::max<int64_t>(geo.padLo[d], 0),
                                          xs[d + 2]};
        };
        if (win[0] > 1)
          implicitA.paddingRows = axis(0);
        GemmOperandA::PaddingCols padCols{axis(1), win[1], cin / kernel.kGroup};
        // Only when some output column reads padding: the first one at its
        // first tap or the last one at its last (taps move monotonically
        // with the column).
        if (win[1] > 1 && cin % kernel.kGroup == 0 &&
            (!padCols.readsInput(0, 0) ||
             !padCols.readsInput(os[3] - 1, win[1] - 1)))
          implicitA.paddingCols = padCols;
      }
      groupOutputs.push_back(emitGemm(rewriter, loc, op, name, plans[g].first,
                                      plans[g].second, implicitA));
      continue;
    }
    Value cols = xg;
    if (!pointwise) {
      // Without dilation along the last spatial dim, a window row of
      // `kw * cin` bytes is contiguous in the channels-last input: merge
      // that dim with the channels so the innermost copy is kw times
      // longer (the k order (kernel position, channel) is unchanged).
      bool mergeRow = dilation[rank - 1] == 1 && groups == 1;
      int64_t kw = win[rank - 1];
      Value src = xg;
      if (mergeRow) {
        SmallVector<ReassociationIndices> merge;
        for (int64_t d = 0; d < rank; ++d)
          merge.push_back({d});
        merge.push_back({rank, rank + 1});
        src = tensor::CollapseShapeOp::create(rewriter, loc, xg, merge);
      }
      SmallVector<int64_t> colShape = {batch};
      for (int64_t d = 0; d < rank; ++d)
        colShape.push_back(os[d + 2]);
      for (int64_t d = 0; d < (mergeRow ? rank - 1 : rank); ++d)
        colShape.push_back(win[d]);
      colShape.push_back(mergeRow ? kw * cinG : cinG);
      int64_t dims = colShape.size();
      SmallVector<AffineExpr> read = {getAffineDimExpr(0, ctx)};
      if (mergeRow) {
        for (int64_t d = 0; d + 1 < rank; ++d)
          read.push_back(getAffineDimExpr(1 + d, ctx) * stride[d] +
                         getAffineDimExpr(1 + rank + d, ctx) * dilation[d]);
        read.push_back(getAffineDimExpr(rank, ctx) * (stride[rank - 1] * cinG) +
                       getAffineDimExpr(dims - 1, ctx));
      } else {
        for (int64_t d = 0; d < rank; ++d)
          read.push_back(getAffineDimExpr(1 + d, ctx) * stride[d] +
                         getAffineDimExpr(1 + rank + d, ctx) * dilation[d]);
        read.push_back(getAffineDimExpr(dims - 1, ctx));
      }
      SmallVector<AffineMap> colMaps = {
          AffineMap::get(dims, 0, read, ctx),
          AffineMap::getMultiDimIdentityMap(dims, ctx)};
      cols =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{RankedTensorType::get(colShape, opType)},
              ValueRange{src},
              ValueRange{createEmpty(rewriter, loc, colShape, opType)}, colMaps,
              SmallVector<utils::IteratorType>(dims,
                                               utils::IteratorType::parallel),
              [](OpBuilder &nb, Location l, ValueRange a) {
                linalg::YieldOp::create(nb, l, a[0]);
              })
              .getResult(0);
    }
    int64_t colRank = shapeOf(cols).size();
    SmallVector<ReassociationIndices> toMatrix(2);
    for (int64_t d = 0; d <= rank; ++d)
      toMatrix[0].push_back(d);
    for (int64_t d = rank + 1; d < colRank; ++d)
      toMatrix[1].push_back(d);
    Value a = tensor::CollapseShapeOp::create(rewriter, loc, cols, toMatrix);
    a = padColumns(rewriter, loc, a, kernel.kGroup);

    // 4. The GEMM with its fused epilogue: [n * pixels][cout / groups].
    groupOutputs.push_back(emitGemm(rewriter, loc, op, name, plans[g].first,
                                    plans[g].second,
                                    denseOperandA(rewriter, loc, a)));
  }
  Value c = groups == 1
                ? groupOutputs.front()
                : tensor::ConcatOp::create(rewriter, loc, 1, groupOutputs)
                      .getResult();

  // 5. Back to N x C x spatial.
  SmallVector<int64_t> nhwcOut = {batch};
  SmallVector<ReassociationIndices> expand(2);
  expand[0].push_back(0);
  for (int64_t d = 0; d < rank; ++d) {
    nhwcOut.push_back(os[d + 2]);
    expand[0].push_back(d + 1);
  }
  nhwcOut.push_back(cout);
  expand[1].push_back(rank + 1);
  Type storage =
      problem.out.width == 8 ? rewriter.getI8Type() : rewriter.getI16Type();
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(nhwcOut, storage), c, expand);
  SmallVector<int64_t> perm = {0, rank + 1};
  for (int64_t d = 0; d < rank; ++d)
    perm.push_back(d + 1);
  Value init = createEmpty(rewriter, loc, os, storage);
  Value result =
      linalg::TransposeOp::create(rewriter, loc, expanded, init, perm)
          .getResult()[0];
  if (fused) {
    rewriter.replaceOp(fused->add, result);
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, result);
  }
  return success();
}

/// The direct convolution of a quantized conv: the weight is
/// [cout][cin / groups][kernel...].
template <typename OpTy> FailureOr<ConvGeometry> getConvGeometry(OpTy op) {
  ArrayRef<int64_t> ws = shapeOf(op.getWeight());
  ConvGeometry geo;
  geo.groups = op.getGroups();
  geo.window.assign(ws.begin() + 2, ws.end());
  geo.stride.assign(op.getStride().begin(), op.getStride().end());
  geo.dilation.assign(op.getDilation().begin(), op.getDilation().end());
  geo.inputStride.assign(geo.window.size(), 1);
  geo.padLo.assign(op.getPadding().begin(), op.getPadding().end());
  geo.padHi = geo.padLo;
  int64_t cinG = ws[1], window = product(geo.window);
  geo.weightIndex = [=](int64_t o, int64_t i, int64_t t) {
    return (o * cinG + i) * window + t;
  };
  return geo;
}

/// The direct convolution of a quantized transposed convolution
/// (per-tensor weight, as torch requires), as qnn-to-linalg's reference
/// lowering builds it: the input dilated by the stride on a zero-point
/// canvas padded by `dilation * (k - 1) - padding` (plus output_padding at
/// the end), convolved with stride 1 by the weight [cin][cout / groups]
/// [kernel...] flipped spatially with its channel dimensions swapped per
/// group (at compile time, while packing).
template <typename OpTy>
FailureOr<ConvGeometry> getTransposedConvGeometry(OpTy op) {
  ArrayRef<int64_t> ws = shapeOf(op.getWeight());
  int64_t rank = ws.size() - 2, groups = op.getGroups();
  if (!getTensorQuant(op.getWeight().getType()) || groups < 1 || ws[0] % groups)
    return failure();
  ConvGeometry geo;
  geo.groups = groups;
  geo.window.assign(ws.begin() + 2, ws.end());
  geo.stride.assign(rank, 1);
  geo.dilation.assign(op.getDilation().begin(), op.getDilation().end());
  geo.inputStride.assign(op.getStride().begin(), op.getStride().end());
  for (int64_t d = 0; d < rank; ++d) {
    int64_t lo = geo.dilation[d] * (geo.window[d] - 1) - op.getPadding()[d];
    geo.padLo.push_back(lo);
    geo.padHi.push_back(lo + op.getOutputPadding()[d]);
  }
  // w'[o][i][t] = w[(o / og) * ig + i][o % og][window - 1 - t].
  int64_t og = ws[1], ig = ws[0] / groups, window = product(geo.window);
  geo.weightIndex = [=](int64_t o, int64_t i, int64_t t) {
    return (((o / og) * ig + i) * og + o % og) * window + (window - 1 - t);
  };
  return geo;
}

/// Quantized convolution or transposed convolution as packed GEMMs (see
/// rewriteConvAsGemm). An ungrouped conv whose only user is a residual add
/// directly after it (see matchResidualAdd) takes the add into its epilogue
/// and replaces it.
template <typename OpTy> struct ConvMicroKernel : OpConversionPattern<OpTy> {
  static constexpr bool transposed =
      llvm::is_one_of<OpTy, ConvTranspose1dOp, ConvTranspose2dOp,
                      ConvTranspose3dOp>::value;

  ConvMicroKernel(const TypeConverter &converter, MLIRContext *ctx,
                  KernelTarget target, bool winograd)
      : OpConversionPattern<OpTy>(converter, ctx, /*benefit=*/2),
        target(target), winograd(winograd) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if constexpr (transposed) {
      FailureOr<ConvGeometry> geo = getTransposedConvGeometry(op);
      if (failed(geo))
        return rewriter.notifyMatchFailure(op, "not a GEMM transposed conv");
      return rewriteConvAsGemm(op, adaptor.getOperands(), *geo,
                               /*fusedRelu=*/false, std::nullopt, target,
                               winograd, rewriter);
    } else {
      FailureOr<ConvGeometry> geo = getConvGeometry(op);
      return rewriteConvAsGemm(
          op, adaptor.getOperands(), *geo, op.getFusedRelu(),
          matchResidualAdd(op, /*adjacent=*/true), target, winograd, rewriter);
    }
  }

  KernelTarget target;
  bool winograd;
};

/// Depthwise 2-D convolution (groups == in channels == out channels): no
/// GEMM. Channels-last: per output pixel, a vector of `lanes` channels
/// accumulates the taps: 16-bit centered inputs (one contiguous load per
/// tap) times that tap's per-channel centered weights (vectors kept in
/// registers across the pixels of the channel block). On x86 two taps at a
/// time go through vpmaddwd (inputs interleaved per channel with
/// vector.shuffle, weights interleaved at compile time); elsewhere each tap
/// is a widening multiply-add. Channel tails use masked loads and stores.
/// The epilogue is the GEMM kernels'.
struct DepthwiseConvMicroKernel : OpConversionPattern<Conv2dOp> {
  // Ahead of the (grouped) GEMM pattern, which takes the depthwise convs
  // this one declines.
  DepthwiseConvMicroKernel(const TypeConverter &converter, MLIRContext *ctx,
                           KernelTarget target)
      : OpConversionPattern<Conv2dOp>(converter, ctx, /*benefit=*/3),
        target(target) {}

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> xs = shapeOf(op.getInput()), ws = shapeOf(op.getWeight()),
                      os = shapeOf(op.getResult());
    int64_t groups = op.getGroups();
    if (groups == 1 || groups != xs[1] || ws[0] != groups || ws[1] != 1)
      return rewriter.notifyMatchFailure(op, "not a depthwise convolution");
    Location loc = op.getLoc();
    int64_t batch = xs[0], channels = xs[1], kh = ws[2], kw = ws[3];
    OperandDomain domain;
    // The 16-bit centered form of the GEMM plan: weights w - zp, offsets =
    // quantized bias, per-channel multipliers.
    auto plan = planGemm(
        KernelTarget::Generic, op, op.getInput(), op.getWeight(),
        adaptor.getWeight(), op.getBias(), adaptor.getBias(), op.getType(),
        op.getFusedRelu(), batch * os[2] * os[3], channels, kh * kw, channels,
        [&](int64_t c, int64_t k) { return rowMajorWeight(kh * kw, c, k); },
        domain);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, "not a micro-kernel problem");
    setEpilogueForms(plan->second, target);
    const GemmProblem &p = plan->second;
    int64_t lanes = target == KernelTarget::X86Avx512Vnni ? 16 : 8;
    Type i16 = rewriter.getI16Type(), i32 = rewriter.getI32Type();
    bool xSigned = getTensorQuant(op.getInput().getType())->isSigned;
    MLIRContext *ctx = rewriter.getContext();

    // Channels-last centered input: [n][h][w][c] (i16), zero padding (the
    // zero point's image).
    SmallVector<int64_t> nhwc = {batch, xs[2], xs[3], channels};
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    Value x =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{RankedTensorType::get(nhwc, i16)},
            ValueRange{adaptor.getInput()},
            ValueRange{createEmpty(rewriter, loc, nhwc, i16)},
            SmallVector<AffineMap>{AffineMap::get(4, 0, {d(0), d(3), d(1), d(2)}, ctx),
                                   AffineMap::getMultiDimIdentityMap(4, ctx)},
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [&](OpBuilder &nb, Location l, ValueRange a) {
              linalg::YieldOp::create(
                  nb, l, domain.transform(nb, l, a[0], xSigned, i16));
            })
            .getResult(0);
    ArrayRef<int64_t> pad = op.getPadding();
    SmallVector<int64_t> padded = {batch, xs[2] + 2 * pad[0],
                                   xs[3] + 2 * pad[1], channels};
    if (pad[0] || pad[1]) {
      SmallVector<OpFoldResult> lo = {
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[0]),
          rewriter.getIndexAttr(pad[1]), rewriter.getIndexAttr(0)};
      Value zero = arith::ConstantOp::create(rewriter, loc,
                                             rewriter.getI16IntegerAttr(0));
      x = tensor::PadOp::create(rewriter, loc,
                                RankedTensorType::get(padded, i16), x, lo, lo,
                                zero);
    }

    // Taps [kh * kw][channels padded to the vector width], channel-contiguous,
    // and the per-channel epilogue constants, padded alike.
    int64_t taps = kh * kw, cPadded = ceilDiv(channels, lanes) * lanes;
    SmallVector<int32_t> weights(taps * cPadded, 0);
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t t = 0; t < taps; ++t)
        weights[t * cPadded + c] = (int32_t)p.weights[c * taps + t];
    SmallVector<int32_t> offsets(p.offsets);
    SmallVector<float> multipliers(p.multipliers);
    offsets.resize(cPadded, 0);
    multipliers.resize(cPadded, 0.0f);
    std::string name = kernelName(op);
    // On x86 the taps go in pairs through vpmaddwd: per channel the two
    // taps' inputs are interleaved with the pair's interleaved weights
    // ([pair][channel][2] i16; an odd last tap pairs with weight 0).
    std::optional<MicroKernel> pairKernel;
    if (target == KernelTarget::X86Avx2)
      pairKernel = MicroKernel{Dot::Pmaddwd256, 16, 2, 8, 1, 1};
    else if (target == KernelTarget::X86Avx512Vnni)
      pairKernel = MicroKernel{Dot::Vpdpwssd512, 16, 2, 16, 1, 1};
    int64_t pairs = ceilDiv(taps, 2);
    // Split blocks (x86, channels a multiple of 2 * lanes): each tap loads
    // 2 * lanes channels, and a pair of taps is interleaved within 128-bit
    // lanes (vpunpcklwd / vpunpckhwd, no cross-lane permutes). The low
    // interleave holds channels 0-3 of every 8, the high one 4-7, so the
    // two accumulators, the paired weights and the epilogue constants are
    // in that split order; the epilogue restores the channel order (one
    // vpackssdw does it). `splitChannel(c0, i, high)` is the channel of
    // lane i.
    bool split = pairKernel.has_value() && channels % (2 * lanes) == 0;
    auto splitChannel = [](int64_t c0, int64_t i, bool high) {
      return c0 + (i / 4) * 8 + i % 4 + (high ? 4 : 0);
    };
    if (split) {
      SmallVector<int32_t> o(offsets);
      SmallVector<float> m(multipliers);
      for (int64_t c0 = 0; c0 < channels; c0 += 2 * lanes)
        for (int64_t i = 0; i < lanes; ++i)
          for (bool high : {false, true}) {
            int64_t at = c0 + i + (high ? lanes : 0);
            offsets[at] = o[splitChannel(c0, i, high)];
            multipliers[at] = m[splitChannel(c0, i, high)];
          }
    }
    Value wBuf;
    if (pairKernel) {
      SmallVector<int16_t> paired(pairs * cPadded * 2, 0);
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t t = 0; t < taps; ++t)
          paired[((t / 2) * cPadded + c) * 2 + t % 2] =
              (int16_t)p.weights[c * taps + t];
      if (split)
        for (int64_t c0 = 0; c0 < channels; c0 += 2 * lanes)
          for (int64_t q = 0; q < pairs; ++q)
            for (int64_t i = 0; i < lanes; ++i)
              for (bool high : {false, true})
                for (int64_t g = 0; g < 2; ++g) {
                  int64_t t = 2 * q + g, c = splitChannel(c0, i, high);
                  paired[(q * cPadded + c0) * 2 + (high ? 2 * lanes : 0) +
                         2 * i + g] =
                      t < taps ? (int16_t)p.weights[c * taps + t] : 0;
                }
      wBuf = constantGlobal(
          rewriter, loc, op, name + "_tap_pairs",
          DenseElementsAttr::get(
              RankedTensorType::get({pairs, cPadded * 2}, i16),
              ArrayRef<int16_t>(paired)));
    } else {
      wBuf = constantGlobal(
          rewriter, loc, op, name + "_taps",
          DenseElementsAttr::get(RankedTensorType::get({taps, cPadded}, i32),
                                 ArrayRef<int32_t>(weights)));
    }
    auto module = op->getParentOfType<ModuleOp>();
    Value offBuf = constantGlobal(
        rewriter, loc, op, name + "_offsets",
        DenseElementsAttr::get(RankedTensorType::get({cPadded}, i32),
                               ArrayRef<int32_t>(offsets)));
    Value multBuf = constantGlobal(
        rewriter, loc, op, name + "_multipliers",
        DenseElementsAttr::get(
            RankedTensorType::get({cPadded}, rewriter.getF32Type()),
            ArrayRef<float>(multipliers)));
    Value in = bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(padded, i16), x, /*read_only=*/true);
    Type storage = rewriter.getIntegerType(p.out.width);
    SmallVector<int64_t> outNhwc = {batch, os[2], os[3], channels};
    Value out = memref::AllocOp::create(rewriter, loc,
                                        MemRefType::get(outNhwc, storage),
                                        rewriter.getI64IntegerAttr(64));

    ArrayRef<int64_t> stride = op.getStride(), dilation = op.getDilation();
    auto idx = [&](OpBuilder &b, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    VectorType accType = VectorType::get({lanes}, i32);
    VectorType inType = VectorType::get({lanes}, i16);
    VectorType f32Vec = VectorType::get({lanes}, rewriter.getF32Type());
    Value zeroAcc = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(accType, rewriter.getI32IntegerAttr(0)));
    Value zpVec = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(accType,
                               rewriter.getI32IntegerAttr(p.out.zeroPoint)));
    int64_t fullBlocks = channels / lanes, tail = channels % lanes;

    auto loop = [&](OpBuilder &b, int64_t upper,
                    function_ref<void(OpBuilder &, Value)> body) {
      scf::ForOp::create(b, loc, idx(b, 0), idx(b, upper), idx(b, 1),
                         ValueRange{},
                         [&](OpBuilder &lb, Location, Value i, ValueRange) {
                           body(lb, i);
                           scf::YieldOp::create(lb, loc);
                         });
    };
    // Every output pixel of a channel block, with its taps loaded by `load`
    // (which reads one tap at [n, row, col, c0]).
    using TapLoad = function_ref<Value(OpBuilder &, ValueRange)>;
    using PixelBody =
        function_ref<void(OpBuilder &, Value, Value, ArrayRef<Value>)>;
    auto forEachPixel = [&](OpBuilder &b, Value n, Value c0, TapLoad load,
                            PixelBody body) {
      loop(b, os[2], [&](OpBuilder &b, Value oh) {
        Value row0 = arith::MulIOp::create(b, loc, oh, idx(b, stride[0]));
        loop(b, os[3], [&](OpBuilder &b, Value ow) {
          Value col0 = arith::MulIOp::create(b, loc, ow, idx(b, stride[1]));
          SmallVector<Value> inputs;
          for (int64_t i = 0; i < kh; ++i) {
            Value row =
                arith::AddIOp::create(b, loc, row0, idx(b, i * dilation[0]));
            for (int64_t j = 0; j < kw; ++j) {
              Value col =
                  arith::AddIOp::create(b, loc, col0, idx(b, j * dilation[1]));
              inputs.push_back(load(b, ValueRange{n, row, col, c0}));
            }
          }
          body(b, oh, ow, inputs);
        });
      });
    };
    // One block of `count` channels from `c0`: the taps and constants stay
    // in registers over the output pixels.
    auto emitChannels = [&](OpBuilder &b, Value n, Value c0, int64_t count) {
      SmallVector<Value> tapVecs;
      if (pairKernel) {
        VectorType pairType = VectorType::get({2 * lanes}, i16);
        Value c2 = arith::MulIOp::create(b, loc, c0, idx(b, 2));
        for (int64_t q = 0; q < pairs; ++q)
          tapVecs.push_back(vector::LoadOp::create(b, loc, pairType, wBuf,
                                                   ValueRange{idx(b, q), c2}));
      } else {
        for (int64_t t = 0; t < taps; ++t)
          tapVecs.push_back(vector::LoadOp::create(b, loc, accType, wBuf,
                                                   ValueRange{idx(b, t), c0}));
      }
      Value off = vector::LoadOp::create(b, loc, accType, offBuf, c0);
      Value mult = vector::LoadOp::create(b, loc, f32Vec, multBuf, c0);
      auto loadTap = [&](OpBuilder &b, ValueRange at) -> Value {
        return loadLanes(b, loc, inType, in, at, count);
      };
      forEachPixel(
          b, n, c0, loadTap,
          [&](OpBuilder &b, Value oh, Value ow, ArrayRef<Value> inputs) {
            Value acc = zeroAcc;
            if (pairKernel) {
              SmallVector<int64_t> interleave;
              for (int64_t l = 0; l < lanes; ++l) {
                interleave.push_back(l);
                interleave.push_back(lanes + l);
              }
              for (int64_t q = 0; q < pairs; ++q) {
                Value first = inputs[2 * q];
                Value second = 2 * q + 1 < taps ? inputs[2 * q + 1] : first;
                Value both = vector::ShuffleOp::create(b, loc, first, second,
                                                       interleave);
                acc =
                    emitDot(b, loc, module, *pairKernel, acc, both, tapVecs[q]);
              }
            } else {
              for (int64_t t = 0; t < taps; ++t) {
                Value wide = arith::ExtSIOp::create(b, loc, accType, inputs[t]);
                acc = arith::AddIOp::create(
                    b, loc, acc,
                    arith::MulIOp::create(b, loc, wide, tapVecs[t]));
              }
            }
            requantizeAndStore(b, loc, module, p, acc, off, mult, zpVec,
                               /*residual=*/Value(), out,
                               ValueRange{n, oh, ow, c0}, count);
          });
    };
    // A split block of 2 * lanes channels from `c0` (see `split`).
    auto emitSplitChannels = [&](OpBuilder &b, Value n, Value c0) {
      int64_t width = 2 * lanes;
      VectorType wideIn = VectorType::get({width}, i16);
      Value c2 = arith::MulIOp::create(b, loc, c0, idx(b, 2));
      Value c2High = arith::AddIOp::create(b, loc, c2, idx(b, width));
      SmallVector<Value> lowTaps, highTaps;
      for (int64_t q = 0; q < pairs; ++q) {
        lowTaps.push_back(vector::LoadOp::create(b, loc, wideIn, wBuf,
                                                 ValueRange{idx(b, q), c2}));
        highTaps.push_back(vector::LoadOp::create(
            b, loc, wideIn, wBuf, ValueRange{idx(b, q), c2High}));
      }
      Value cHigh = arith::AddIOp::create(b, loc, c0, idx(b, lanes));
      Value offLow = vector::LoadOp::create(b, loc, accType, offBuf, c0);
      Value offHigh = vector::LoadOp::create(b, loc, accType, offBuf, cHigh);
      Value multLow = vector::LoadOp::create(b, loc, f32Vec, multBuf, c0);
      Value multHigh = vector::LoadOp::create(b, loc, f32Vec, multBuf, cHigh);
      SmallVector<int64_t> lowMask, highMask, channelOrder(width);
      for (int64_t i = 0; i < lanes; ++i) {
        int64_t lo = splitChannel(0, i, false), hi = splitChannel(0, i, true);
        lowMask.append({lo, width + lo});
        highMask.append({hi, width + hi});
        channelOrder[lo] = i;
        channelOrder[hi] = lanes + i;
      }
      auto loadTap = [&](OpBuilder &b, ValueRange at) -> Value {
        return loadLanes(b, loc, wideIn, in, at, width);
      };
      forEachPixel(
          b, n, c0, loadTap,
          [&](OpBuilder &b, Value oh, Value ow, ArrayRef<Value> inputs) {
            Value accLow = zeroAcc, accHigh = zeroAcc;
            for (int64_t q = 0; q < pairs; ++q) {
              Value first = inputs[2 * q];
              Value second = 2 * q + 1 < taps ? inputs[2 * q + 1] : first;
              accLow = emitDot(
                  b, loc, module, *pairKernel, accLow,
                  vector::ShuffleOp::create(b, loc, first, second, lowMask),
                  lowTaps[q]);
              accHigh = emitDot(
                  b, loc, module, *pairKernel, accHigh,
                  vector::ShuffleOp::create(b, loc, first, second, highMask),
                  highTaps[q]);
            }
            Value qLow = requantizeToI32(b, loc, module, p, accLow, offLow,
                                         multLow, zpVec);
            Value qHigh = requantizeToI32(b, loc, module, p, accHigh, offHigh,
                                          multHigh, zpVec);
            Value ordered =
                vector::ShuffleOp::create(b, loc, qLow, qHigh, channelOrder);
            vector::StoreOp::create(b, loc, narrowToStorage(b, loc, p, ordered),
                                    out, ValueRange{n, oh, ow, c0});
          });
    };
    loop(rewriter, batch, [&](OpBuilder &b, Value n) {
      if (split) {
        loop(b, channels / (2 * lanes), [&](OpBuilder &b, Value blk) {
          emitSplitChannels(
              b, n, arith::MulIOp::create(b, loc, blk, idx(b, 2 * lanes)));
        });
        return;
      }
      if (fullBlocks > 0)
        loop(b, fullBlocks, [&](OpBuilder &b, Value blk) {
          emitChannels(b, n, arith::MulIOp::create(b, loc, blk, idx(b, lanes)),
                       lanes);
        });
      if (tail)
        emitChannels(b, n, idx(b, fullBlocks * lanes), tail);
    });
    // Back to NCHW; qnn-fuse-elementwise folds this into the consumer.
    Value nhwcOut = bufferization::ToTensorOp::create(
        rewriter, loc, RankedTensorType::get(outNhwc, storage), out,
        /*restrict=*/true, /*writable=*/true);
    rewriter.replaceOp(op, channelsLastToNchw(rewriter, loc, nhwcOut));
    return success();
  }

  KernelTarget target;
};

/// A linear's GEMM over [..., k] inputs: the leading dims collapse into
/// rows, `toOperand` maps each input element into the kernel's operand
/// domain, and the [rows][n] result expands back to [..., n].
Value emitLinearGemm(OpBuilder &b, Location loc, Operation *anchor,
                     const MicroKernel &kernel, const GemmProblem &problem,
                     Value x, BodyFn toOperand) {
  ArrayRef<int64_t> xs = shapeOf(x);
  Type opType = b.getIntegerType(kernel.bits);
  SmallVector<ReassociationIndices> toMatrix(2);
  for (int64_t d = 0; d + 1 < (int64_t)xs.size(); ++d)
    toMatrix[0].push_back(d);
  toMatrix[1].push_back(xs.size() - 1);
  if (xs.size() != 2)
    x = tensor::CollapseShapeOp::create(b, loc, x, toMatrix);
  Value a = mapElementwise(b, loc, x, {problem.m, problem.k}, opType,
                           toOperand);
  a = padColumns(b, loc, a, kernel.kGroup);
  Value c = emitGemm(b, loc, anchor, kernelName(anchor), kernel, problem,
                     denseOperandA(b, loc, a));
  if (xs.size() == 2)
    return c;
  SmallVector<int64_t> shape(xs.drop_back());
  shape.push_back(problem.n);
  return tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get(shape,
                            llvm::cast<ShapedType>(c.getType()).getElementType()),
      c, toMatrix);
}

/// Quantized linear over [..., k] inputs.
struct LinearMicroKernel : OpConversionPattern<LinearOp> {
  LinearMicroKernel(const TypeConverter &converter, MLIRContext *ctx,
                    KernelTarget target)
      : OpConversionPattern<LinearOp>(converter, ctx, /*benefit=*/2),
        target(target) {}

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> xs = shapeOf(op.getInput());
    ArrayRef<int64_t> ws = shapeOf(op.getWeight());
    if (ws.size() != 2 || xs.size() < 2)
      return failure();
    int64_t kSize = ws[1], n = ws[0], m = 1;
    for (int64_t d : xs.drop_back())
      m *= d;
    OperandDomain domain;
    auto plan = planGemm(
        target, op, op.getInput(), op.getWeight(), adaptor.getWeight(),
        op.getBias(), adaptor.getBias(), op.getType(), op.getFusedRelu(), m, n,
        kSize, n,
        [&](int64_t c, int64_t kk) { return rowMajorWeight(kSize, c, kk); },
        domain);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, "not a micro-kernel problem");
    auto &[kernel, problem] = *plan;
    Type opType = rewriter.getIntegerType(kernel.bits);
    bool xSigned = getTensorQuant(op.getInput().getType())->isSigned;
    Value c = emitLinearGemm(
        rewriter, loc, op, kernel, problem, adaptor.getInput(),
        [&](OpBuilder &nb, Location l, ValueRange v) {
          return domain.transform(nb, l, v[0], xSigned, opType);
        });
    rewriter.replaceOp(op, c);
    return success();
  }

  KernelTarget target;
};

} // namespace

Value mlir::qnn::buildDynamicLinearMicroKernel(OpBuilder &b, Location loc,
                                               KernelTarget target,
                                               Operation *anchor, Value x,
                                               Value w, Type wType, Value bias,
                                               bool relu) {
  if (target == KernelTarget::Reference || !anchor)
    return {};
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  if (ws.size() != 2 || xs.size() < 2 || ShapedType::isDynamicShape(xs))
    return {};
  int64_t kSize = ws[1], n = ws[0], m = 1;
  for (int64_t d : xs.drop_back())
    m *= d;
  quant::QuantizedType wq = getQuantizedElementType(wType);
  if (!wq || wq.getStorageTypeIntegralWidth() != 8 || m == 0)
    return {};
  WeightQuant wQuant = getWeightQuant(wType, n);
  std::optional<SmallVector<int64_t>> raw =
      readIntegers(getConstantElements(w, w), wQuant.isSigned);
  if (!raw || (int64_t)raw->size() != n * kSize)
    return {};
  std::optional<SmallVector<float>> biasValues;
  if (bias) {
    biasValues = readFloats(getConstantElements(bias, bias));
    if (!biasValues || (int64_t)biasValues->size() != n)
      return {};
  }
  bool bytesExact = wQuant.isSigned && llvm::all_of(wQuant.zeroPoints, [](int64_t z) {
                      return z == 0;
                    });
  std::optional<MicroKernel> kernel = selectKernel(target, bytesExact);
  if (!kernel)
    return {};

  // Run-time qparams of the input, as the reference computes them.
  Value scale, zp;
  std::tie(scale, zp) = chooseDynamicQParams(b, loc, x);
  Value inv = arith::DivFOp::create(b, loc, f32Constant(b, loc, 1.0f), scale);
  // Operand domain: 16-bit kernels take q - zp; 8-bit ones q + shift (u8 for
  // vpdpbusd, q - 128 for sdot) and correct by (zp + shift) * column sum.
  int64_t shift = kernel->bits == 8 && !kernel->activationUnsigned ? -128 : 0;
  Value corr = arith::AddIOp::create(b, loc, zp, i32Constant(b, loc, (int32_t)shift));

  GemmProblem p;
  p.integerClampBeforeStore = target == KernelTarget::X86Avx2;
  p.m = m;
  p.n = n;
  p.k = kSize;
  p.weights.resize(n * kSize);
  for (int64_t c = 0; c < n; ++c) {
    int64_t colSum = 0;
    for (int64_t kk = 0; kk < kSize; ++kk) {
      int64_t value = (*raw)[c * kSize + kk];
      if (kernel->bits == 16)
        value -= wQuant.zeroPoints[c];
      p.weights[c * kSize + kk] = value;
      colSum += value;
    }
    p.offsets.push_back(kernel->bits == 8 ? (int32_t)colSum : 0);
  }
  p.multipliers.assign(wQuant.scales.begin(), wQuant.scales.end());
  if (biasValues)
    p.biases = *biasValues;
  p.dynamic = DynamicEpilogue{scale, corr, biasValues.has_value(), relu};

  Type opType = b.getIntegerType(kernel->bits);
  bool centered = kernel->bits == 16;
  return emitLinearGemm(
      b, loc, anchor, *kernel, p, x,
      [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
        Value q = quantizeScalar(nb, l, v[0], inv, zp, 0, 255, 32);
        q = arith::SubIOp::create(
            nb, l, q, centered ? zp : i32Constant(nb, l, (int32_t)-shift));
        return arith::TruncIOp::create(nb, l, opType, q);
      });
}

void mlir::qnn::placeConvsBeforeResidualAdds(Operation *root) {
  // Per add, the first operand that is a matching conv (both can be, as in
  // resnet's downsample blocks; one epilogue takes the add).
  root->walk([](Operation *add) {
    if (!isa<AddOp, AddReluOp>(add))
      return;
    for (Value operand : add->getOperands()) {
      Operation *conv = operand.getDefiningOp();
      // Only convs the GEMM kernels can take (constant weights): moving
      // any other would just lengthen its operands' lifetimes.
      if (conv && isa<Conv1dOp, Conv2dOp, Conv3dOp>(conv) &&
          getConstantElements(conv->getOperand(1), Value()) &&
          matchResidualAdd(conv, /*adjacent=*/false)) {
        conv->moveBefore(add);
        return;
      }
    }
  });
}

void mlir::qnn::populateMicroKernelPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns,
                                            KernelTarget target,
                                            bool winograd) {
  if (target == KernelTarget::Reference)
    return;
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConvMicroKernel<Conv1dOp>, ConvMicroKernel<Conv2dOp>,
               ConvMicroKernel<Conv3dOp>, ConvMicroKernel<ConvTranspose1dOp>,
               ConvMicroKernel<ConvTranspose2dOp>,
               ConvMicroKernel<ConvTranspose3dOp>>(converter, ctx, target,
                                                   winograd);
  patterns.add<DepthwiseConvMicroKernel, LinearMicroKernel>(converter, ctx,
                                                            target);
}
