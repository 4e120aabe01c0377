//===- Epilogue.cpp - requantizing GEMM epilogues ---------------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

/// The per-channel offsets (i32) and multipliers (f32) of an epilogue,
/// zero-padded to `nPadded` channels, as constant globals.
std::pair<Value, Value> epilogueConstants(OpBuilder &b, Location loc,
                                          Operation *anchor, StringRef name,
                                          ArrayRef<int32_t> offsets,
                                          ArrayRef<float> multipliers,
                                          int64_t nPadded) {
  Value offsetsBuf = paddedConstant(b, loc, anchor, (name + "_offsets").str(),
                                    offsets, nPadded);
  Value multBuf = paddedConstant(b, loc, anchor,
                                 (name + "_multipliers").str(), multipliers,
                                 nPadded);
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
  switch (p.rounding) {
  case Rounding::Portable:
    return roundAddClampI32(b, loc, y, zeroPoint, p.qmin, p.out.qmax);
  case Rounding::Mxcsr256: {
    assert(lanes == 8 && "vcvtps2dq ymm converts 8 lanes");
    Value i = callIntrinsic(b, loc, module, "llvm.x86.avx.cvt.ps2dq.256",
                            accType, {y});
    return clampI32(b, loc, arith::AddIOp::create(b, loc, i, zeroPoint), p.qmin,
                    p.out.qmax);
  }
  case Rounding::Embedded512:
    break;
  }
  Value c = clampBeforeZeroPoint(b, loc, y, zeroPoint, p.qmin, p.out.qmax);
  return arith::AddIOp::create(b, loc, roundNearest512(b, loc, module, c),
                               zeroPoint);
}

/// `vcvtps2dq {rn-sae}` of 16 floats: round half to even whatever MXCSR
/// says (Rounding::Embedded512).
Value roundNearest512(OpBuilder &b, Location loc, ModuleOp module, Value y) {
  auto accType = VectorType::get({16}, b.getI32Type());
  assert(llvm::cast<VectorType>(y.getType()).getNumElements() == 16 &&
         "vcvtps2dq zmm converts 16 lanes");
  return callIntrinsic(
      b, loc, module, "llvm.x86.avx512.mask.cvtps2dq.512", accType,
      {y,
       arith::ConstantOp::create(
           b, loc, DenseElementsAttr::get(accType, b.getI32IntegerAttr(0))),
       arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(-1)),
       arith::ConstantOp::create(
           b, loc, b.getI32IntegerAttr(8 /*nearest, no exceptions*/))});
}

/// Requantized i32 values (already in [qmin, qmax]) as the output storage
/// type; see GemmProblem::saturatingNarrow.
Value narrowToStorage(OpBuilder &b, Location loc, const GemmProblem &p,
                      Value q) {
  auto type = llvm::cast<VectorType>(q.getType());
  if (p.saturatingNarrow)
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

} // namespace mlir::qnn::kernels
