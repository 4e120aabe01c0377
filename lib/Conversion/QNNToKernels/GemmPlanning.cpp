//===- GemmPlanning.cpp - GEMM problems of quantized ops --------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstring>

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

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
  return privateGlobal(b, loc, module, stem, memrefType, values,
                       /*constant=*/true);
}

Value privateGlobal(OpBuilder &b, Location loc, ModuleOp module,
                    StringRef stem, MemRefType memrefType,
                    DenseElementsAttr values, bool constant) {
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
                             memrefType, values, constant,
                             b.getI64IntegerAttr(64));
  }
  return memref::GetGlobalOp::create(b, loc, memrefType, name);
}

/// A 1-D constant global of `values` zero-padded to `size` elements.
template <typename T>
static Value paddedGlobal(OpBuilder &b, Location loc, Operation *anchor,
                          StringRef stem, ArrayRef<T> values, int64_t size,
                          Type elementType) {
  SmallVector<T> padded(values);
  padded.resize(size, T(0));
  return constantGlobal(
      b, loc, anchor, stem,
      DenseElementsAttr::get(RankedTensorType::get({size}, elementType),
                             ArrayRef<T>(padded)));
}

Value paddedConstant(OpBuilder &b, Location loc, Operation *anchor,
                     StringRef stem, ArrayRef<int32_t> values, int64_t size) {
  return paddedGlobal(b, loc, anchor, stem, values, size, b.getI32Type());
}

Value paddedConstant(OpBuilder &b, Location loc, Operation *anchor,
                     StringRef stem, ArrayRef<float> values, int64_t size) {
  return paddedGlobal(b, loc, anchor, stem, values, size, b.getF32Type());
}

/// The target forms of a static epilogue (see GemmProblem).
void setEpilogueForms(GemmProblem &p, const EpilogueDesc &epilogue) {
  p.saturatingNarrow = epilogue.saturatingNarrow;
  p.rounding = epilogue.rounding;
  bool small = llvm::all_of(p.multipliers,
                            [](float m) { return std::fabs(m) <= 0.5f; });
  if (p.rounding == Rounding::Mxcsr256 && !small)
    p.rounding = Rounding::Portable;
}

/// Whether the GEMM kernels take `input` and `resultType`.
llvm::Error checkGemmTypes(Value input, Type resultType) {
  std::optional<TensorQuant> inQ = getTensorQuant(input.getType());
  std::optional<TensorQuant> outQ = getTensorQuant(resultType);
  if (!inQ || !outQ || inQ->width != 8 || outQ->width > 16)
    return llvm::createStringError(
        "the input is not 8-bit or the result not 8/16-bit quantized");
  return llvm::Error::success();
}

/// The GEMM problem of a quantized op with a constant weight for `channels`
/// output channels, a GEMM K of `kSize` (each k's weight located by
/// `weightIndex`, -1 for a zero padding tap) and a constant bias, or
/// failure when the op does not qualify. The GEMM covers output channels
/// [first, first + n) (one group of a grouped conv).
llvm::Expected<GemmPlan>
planGemm(KernelTarget target, Operation *op, Value input, Value weight,
         Value convertedWeight, Value bias, Value convertedBias,
         Type resultType, bool fusedRelu, int64_t m, int64_t n, int64_t kSize,
         int64_t channels, WeightIndexFn weightIndex, OperandDomain &domain,
         int64_t first, bool allowBytes) {
  if (llvm::Error e = checkGemmTypes(input, resultType))
    return std::move(e);
  llvm::Expected<GemmOperands> operands =
      readGemmOperands(target, weight.getType(), weight, convertedWeight, bias,
                       convertedBias, channels, allowBytes);
  if (!operands)
    return operands.takeError();
  return planGemm(target, *operands, input, resultType, fusedRelu, m, n, kSize,
                  channels, weightIndex, domain, first);
}

llvm::Expected<GemmPlan>
planGemm(KernelTarget target, const GemmOperands &operands, Value input,
         Type resultType, bool fusedRelu, int64_t m, int64_t n, int64_t kSize,
         int64_t channels, WeightIndexFn weightIndex, OperandDomain &domain,
         int64_t first) {
  if (llvm::Error e = checkGemmTypes(input, resultType))
    return std::move(e);
  std::optional<TensorQuant> inQ = getTensorQuant(input.getType());
  std::optional<TensorQuant> outQ = getTensorQuant(resultType);
  if (first + n > channels)
    return llvm::createStringError("the GEMM's channels are out of range");
  const WeightQuant &w = operands.w;
  const SmallVector<int64_t> *raw = &operands.raw;
  const std::optional<SmallVector<float>> &biasValues = operands.bias;
  const MicroKernel *kernel = &operands.kernel;
  const TargetInfo &info = getTargetInfo(target);

  GemmProblem p;
  p.m = m;
  p.n = n;
  p.k = kSize;
  p.out = *outQ;
  p.qmin = fusedRelu ? std::max<int64_t>(outQ->qmin, outQ->zeroPoint)
                     : outQ->qmin;
  int64_t shift = kernel->operandShift(inQ->isSigned);
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
        // The reference's fptosi would be poison.
        return llvm::createStringError("the quantized bias overflows i32");
      offset += (int64_t)rounded;
    }
    p.offsets.push_back((int32_t)(uint32_t)offset);
  }
  p.multipliers.assign(rq.multiplier.begin() + first,
                       rq.multiplier.begin() + first + n);
  setEpilogueForms(p, info.epilogue);
  return std::make_pair(*kernel, std::move(p));
}

llvm::Expected<GemmOperands>
readGemmOperands(KernelTarget target, Type wType, Value weight,
                 Value convertedWeight, Value bias, Value convertedBias,
                 int64_t channels, bool allowBytes) {
  quant::QuantizedType wq = getQuantizedElementType(wType);
  if (!wq || wq.getStorageTypeIntegralWidth() != 8)
    return llvm::createStringError("the weight is not 8-bit quantized");
  int64_t elements = llvm::cast<ShapedType>(weight.getType()).getNumElements();
  GemmOperands o;
  o.w = getWeightQuant(wType, channels);
  std::optional<SmallVector<int64_t>> raw =
      readIntegers(getConstantElements(weight, convertedWeight), o.w.isSigned);
  if (!raw || (int64_t)raw->size() != elements)
    return llvm::createStringError("the weight is not a constant");
  o.raw = std::move(*raw);
  if (bias) {
    o.bias = readFloats(getConstantElements(bias, convertedBias));
    if (!o.bias || (int64_t)o.bias->size() != channels)
      return llvm::createStringError(
          "the bias is not a constant f32 per output channel");
  }
  bool bytesExact = o.w.isSigned && llvm::all_of(o.w.zeroPoints, [](int64_t z) {
                      return z == 0;
                    });
  std::optional<MicroKernel> kernel =
      getTargetInfo(target).selectKernel(allowBytes && bytesExact);
  if (!kernel)
    return llvm::createStringError("the target has no kernels");
  o.kernel = *kernel;
  return o;
}

std::string kernelName(Operation *op) {
  if (auto name = op->getAttrOfType<StringAttr>("name");
      name && !name.getValue().empty())
    return name.str();
  return op->getName().getStringRef().str();
}

} // namespace mlir::qnn::kernels
