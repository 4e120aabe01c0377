//===- Linear.cpp - static and dynamic quantized linear ---------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#pragma clang fp contract(off)

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace {

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
                    KernelTarget target, KernelRemarks *remarks)
      : OpConversionPattern<LinearOp>(converter, ctx, /*benefit=*/2),
        target(target), remarks(remarks) {}

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> xs = shapeOf(op.getInput());
    ArrayRef<int64_t> ws = shapeOf(op.getWeight());
    if (ws.size() != 2 || xs.size() < 2)
      return decline(remarks, rewriter, op,
                     "not a 2-D weight and an input of rank >= 2");
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
    if (!plan)
      return decline(remarks, rewriter, op, plan.takeError());
    auto &[kernel, problem] = *plan;
    Type opType = rewriter.getIntegerType(kernel.bits);
    bool xSigned = getTensorQuant(op.getInput().getType())->isSigned;
    Value c = emitLinearGemm(
        rewriter, loc, op, kernel, problem, adaptor.getInput(),
        [&](OpBuilder &nb, Location l, ValueRange v) {
          return domain.transform(nb, l, v[0], xSigned, opType);
        });
    rewriter.replaceOp(op, c);
    accepted(remarks, op);
    return success();
  }

  KernelTarget target;
  KernelRemarks *remarks;
};

} // namespace

Value mlir::qnn::buildDynamicLinearMicroKernel(OpBuilder &b, Location loc,
                                               KernelTarget target,
                                               Operation *anchor, Value x,
                                               Value w, Type wType, Value bias,
                                               bool relu) {
  if (!getTargetInfo(target).hasKernels() || !anchor)
    return {};
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  if (ws.size() != 2 || xs.size() < 2 || ShapedType::isDynamicShape(xs))
    return {};
  int64_t kSize = ws[1], n = ws[0], m = 1;
  for (int64_t d : xs.drop_back())
    m *= d;
  if (m == 0)
    return {};
  llvm::Expected<GemmOperands> operands =
      readGemmOperands(target, wType, w, w, bias, bias, n, /*allowBytes=*/true);
  if (!operands) {
    llvm::consumeError(operands.takeError());
    return {};
  }
  const WeightQuant &wQuant = operands->w;
  const SmallVector<int64_t> *raw = &operands->raw;
  const std::optional<SmallVector<float>> &biasValues = operands->bias;
  const MicroKernel *kernel = &operands->kernel;

  // Run-time qparams of the input, as the reference computes them.
  Value scale, zp;
  std::tie(scale, zp) = chooseDynamicQParams(b, loc, x);
  Value inv = arith::DivFOp::create(b, loc, f32Constant(b, loc, 1.0f), scale);
  // Operand domain: 16-bit kernels take q - zp; 8-bit ones q + shift (u8 for
  // vpdpbusd, q - 128 for sdot) and correct by (zp + shift) * column sum.
  // The input is quantized to quint8 (0..255).
  int64_t shift = kernel->operandShift(/*inputSigned=*/false);
  Value corr = arith::AddIOp::create(b, loc, zp, i32Constant(b, loc, (int32_t)shift));

  GemmProblem p;
  p.saturatingNarrow = getTargetInfo(target).epilogue.saturatingNarrow;
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

void mlir::qnn::kernels::populateLinearPatterns(const TypeConverter &converter,
                                             RewritePatternSet &patterns,
                                             KernelTarget target,
                                             KernelRemarks *remarks) {
  patterns.add<LinearMicroKernel>(converter, patterns.getContext(), target,
                                  remarks);
}
