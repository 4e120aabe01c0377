//===- QuantizeOps.cpp - workflow ops to linalg -----------------*- C++ -*-===//
//
// quantize, dequantize, requantize, qconstant, the stubs, observers and
// fake-quant.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QParams.h"
#include "qnn/Dialect/QNN/IR/TypeRules.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

struct QConstantLowering : OpConversionPattern<QConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = llvm::dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "untyped value");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType qtype = getQuantizedElementType(op.getType());
    Type storage = rewriter.getIntegerType(qtype.getStorageTypeIntegralWidth());
    ArrayRef<int64_t> shape = shapeOf(op.getResult());
    Value result;
    if (std::optional<TensorQuant> q = getTensorQuant(op.getType())) {
      result = mapElementwise(rewriter, loc, adaptor.getInput(), shape,
                              storage,
                              [&](OpBuilder &b, Location l, ValueRange args) {
                                return quantizeScalar(b, l, args[0], *q);
                              });
    } else {
      auto perAxis = llvm::cast<quant::UniformQuantizedPerAxisType>(qtype);
      PerAxisConstants p = buildPerAxisConstants(rewriter, loc, perAxis);
      result = mapWithChannelInput(
          rewriter, loc, adaptor.getInput(), {p.invScales, p.zeroPoints},
          p.axis, shape, storage,
          [&](OpBuilder &b, Location l, ValueRange args) {
            return quantizeScalar(b, l, args[0], args[1], args[2],
                                  qtype.getStorageTypeMin(),
                                  qtype.getStorageTypeMax(),
                                  qtype.getStorageTypeIntegralWidth());
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DequantizeLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, toFloatTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(),
                                         op.getInput().getType()));
    return success();
  }
};

struct RequantizeLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Dequantize then quantize, in float32, as PyTorch does when a kernel's
    // output qparams differ from its input's; per-axis sides read their
    // per-channel parameters.
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    quant::QuantizedType outT = getQuantizedElementType(op.getType());
    ArrayRef<int64_t> shape = shapeOf(op.getResult());
    Value f = toFloatTensor(rewriter, loc, x, op.getInput().getType());
    Type storage = rewriter.getIntegerType(outT.getStorageTypeIntegralWidth());
    Value result;
    if (std::optional<TensorQuant> out = getTensorQuant(outT)) {
      result = mapElementwise(rewriter, loc, f, shape, storage,
                              [&](OpBuilder &b, Location l, ValueRange a) {
                                return quantizeScalar(b, l, a[0], *out);
                              });
    } else {
      auto perAxis = llvm::cast<quant::UniformQuantizedPerAxisType>(outT);
      PerAxisConstants p = buildPerAxisConstants(rewriter, loc, perAxis);
      result = mapWithChannelInput(
          rewriter, loc, f, {p.invScales, p.zeroPoints}, p.axis, shape,
          storage, [&](OpBuilder &b, Location l, ValueRange a) {
            return quantizeScalar(b, l, a[0], a[1], a[2],
                                  outT.getStorageTypeMin(),
                                  outT.getStorageTypeMax(),
                                  outT.getStorageTypeIntegralWidth());
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Stubs and observers are identities at run time.
template <typename OpTy>
struct IdentityLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getOperands()[0]);
    return success();
  }
};

/// The weight fake-quant of a QAT conv_bn/linear_bn: that op applies it to
/// the BN-scaled weight itself (lowerWithBatchNorm).
static bool isBatchNormWeightFakeQuant(FakeQuantOp op) {
  if (!op.getResult().hasOneUse())
    return false;
  OpOperand &use = *op.getResult().use_begin();
  return llvm::isa<ConvBn1dOp, ConvBn2dOp, ConvBn3dOp, LinearBnOp>(
             use.getOwner()) &&
         use.getOperandNumber() == 1;
}

struct FakeQuantLowering : OpConversionPattern<FakeQuantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FakeQuantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Its result is unused once the BN op is lowered; a calibration hook
    // here would observe the raw weight.
    if (isBatchNormWeightFakeQuant(op)) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    FailureOr<Value> result =
        buildFakeQuant(rewriter, op.getLoc(), adaptor.getInput(), op);
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

} // namespace

Value mlir::qnn::buildHostCall(OpBuilder &b, Location loc, StringRef callee,
                               ArrayRef<int64_t> scalars, ValueRange inputs,
                               RankedTensorType resultType) {
  auto identity = [](ShapedType t) {
    return MemRefType::get(t.getShape(), t.getElementType());
  };
  SmallVector<Value> buffers;
  for (Value x : inputs)
    buffers.push_back(bufferization::ToBufferOp::create(
        b, loc, identity(llvm::cast<RankedTensorType>(x.getType())), x,
        /*read_only=*/true));
  Value out = memref::AllocOp::create(b, loc, identity(resultType));
  buffers.push_back(out);
  SmallVector<Value> operands;
  for (int64_t v : scalars)
    operands.push_back(arith::ConstantIntOp::create(b, loc, v, 64));
  for (Value m : buffers) {
    Type element = llvm::cast<MemRefType>(m.getType()).getElementType();
    operands.push_back(memref::CastOp::create(
        b, loc, UnrankedMemRefType::get(element, 0), m));
  }
  func::CallOp::create(b, loc, callee, TypeRange{}, operands);
  return bufferization::ToTensorOp::create(b, loc, resultType, out,
                                           /*restrict=*/true,
                                           /*writable=*/true);
}

FailureOr<Value> mlir::qnn::buildFakeQuant(OpBuilder &b, Location loc, Value x,
                                           FakeQuantOp op) {
  if (auto slot = op->getAttrOfType<IntegerAttr>(kCalibrationSlotAttrName))
    return buildHostCall(b, loc, kCalibrationHookName, {slot.getInt()}, {x},
                         llvm::cast<RankedTensorType>(x.getType()));
  if (!op.getFakeQuantEnabled())
    return x;
  std::optional<ArrayRef<float>> scales = op.getScale();
  std::optional<ArrayRef<int64_t>> zps = op.getZeroPoint();
  if (!scales)
    return op.emitOpError("has no scale/zero_point to fake-quantize with "
                          "(import the QAT model's state from torch, or "
                          "disable fake_quant)");
  int64_t qmin, qmax;
  std::tie(qmin, qmax) = op.getObserver().getQuantRange();
  int64_t n = scales->size();
  SmallVector<float> s(scales->begin(), scales->end()), inv;
  for (float v : s)
    inv.push_back(1.0f / v);
  SmallVector<int32_t> z(zps->begin(), zps->end());
  ArrayRef<int64_t> shape = shapeOf(x);
  if (n == 1 && !op.getObserver().isPerChannel()) {
    Value sc = f32Constant(b, loc, s[0]);
    Value ic = f32Constant(b, loc, inv[0]);
    Value zc = i32Constant(b, loc, z[0]);
    return mapElementwise(b, loc, x, shape, b.getF32Type(),
                          [&](OpBuilder &nb, Location l, ValueRange args) {
                            Value q = quantizeScalar(nb, l, args[0], ic, zc,
                                                     qmin, qmax, 32);
                            return dequantizeScalar(nb, l, q, true, sc, zc);
                          });
  }
  auto f32Type = RankedTensorType::get({n}, b.getF32Type());
  auto i32Type = RankedTensorType::get({n}, b.getI32Type());
  Value sT = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(f32Type, ArrayRef<float>(s)));
  Value iT = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(f32Type, ArrayRef<float>(inv)));
  Value zT = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(i32Type, ArrayRef<int32_t>(z)));
  int64_t axis = 0;
  if (op.getObserver().isPerChannel()) {
    axis = op.getObserver().getChAxis();
    if (axis < 0)
      axis += static_cast<int64_t>(shape.size());
  }
  // A per-tensor state broadcasts along a size-1 view: index 0 always.
  return mapWithChannelInput(
      b, loc, x, {sT, iT, zT}, axis, shape, b.getF32Type(),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value q =
            quantizeScalar(nb, l, args[0], args[2], args[3], qmin, qmax, 32);
        return dequantizeScalar(nb, l, q, true, args[1], args[3]);
      });
}

void mlir::qnn::populateQuantizeOpsToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<QConstantLowering, QuantizeLowering, DequantizeLowering,
               RequantizeLowering, IdentityLowering<QuantStubOp>,
               IdentityLowering<DeQuantStubOp>, IdentityLowering<ObserveOp>,
               FakeQuantLowering>(converter, patterns.getContext());
}
