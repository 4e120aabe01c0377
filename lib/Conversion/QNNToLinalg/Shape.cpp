//===- Shape.cpp - shape ops to tensor and linalg ops -----------*- C++ -*-===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QParams.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// `op`'s result type converted to storage types (a ranked tensor).
RankedTensorType convertedResultType(const TypeConverter *converter,
                                     Operation *op) {
  return llvm::cast<RankedTensorType>(
      converter->convertType(op->getResult(0).getType()));
}

/// flatten and reshape keep the values (and qparams): a tensor.reshape.
template <typename OpTy>
struct ReshapeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType =
        convertedResultType(this->getTypeConverter(), op);
    ArrayRef<int64_t> shape = resultType.getShape();
    auto shapeType =
        RankedTensorType::get({(int64_t)shape.size()}, rewriter.getI64Type());
    Value shapeValue = arith::ConstantOp::create(
        rewriter, op.getLoc(), DenseIntElementsAttr::get(shapeType, shape));
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(
        op, resultType, adaptor.getOperands()[0], shapeValue);
    return success();
  }
};

/// FloatFunctional.cat: quantized inputs are requantized to the result's
/// qparams (dequantize, quantize), then concatenated.
struct CatLowering : OpConversionPattern<CatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    std::optional<TensorQuant> outQ = getTensorQuant(op.getType());
    SmallVector<Value> inputs;
    for (auto [original, converted] :
         llvm::zip_equal(op.getInputs(), adaptor.getInputs())) {
      std::optional<TensorQuant> inQ = getTensorQuant(original.getType());
      if (outQ && inQ && (inQ->scale != outQ->scale ||
                          inQ->zeroPoint != outQ->zeroPoint)) {
        converted = mapElementwise(
            rewriter, loc, converted, shapeOf(converted),
            rewriter.getIntegerType(outQ->width),
            [&](OpBuilder &b, Location l, ValueRange a) {
              return quantizeScalar(b, l, dequantizeScalar(b, l, a[0], *inQ),
                                    *outQ);
            });
      }
      inputs.push_back(converted);
    }
    int64_t rank = shapeOf(op.getResult()).size();
    int64_t dim = static_cast<int64_t>(op.getDim());
    if (dim < 0)
      dim += rank;
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(
        op, getTypeConverter()->convertType(op.getType()), dim, inputs);
    return success();
  }
};

/// permute moves the values (quantized: their storage) unchanged: a
/// linalg.transpose.
struct PermuteLowering : OpConversionPattern<PermuteOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PermuteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedResultType(getTypeConverter(), op);
    if (!resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    int64_t rank = resultType.getRank();
    SmallVector<int64_t> perm;
    for (int64_t d : op.getDims())
      perm.push_back(d < 0 ? d + rank : d);
    Value init = createEmpty(rewriter, op.getLoc(), resultType.getShape(),
                             resultType.getElementType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getInput(), init, perm);
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};

/// slice: a strided tensor.extract_slice of the (storage) values.
struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedResultType(getTypeConverter(), op);
    if (!resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static result shape");
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, adaptor.getInput(), ValueRange(), ValueRange(),
        ValueRange(), op.getStart(), resultType.getShape(), op.getSteps());
    return success();
  }
};

/// pad: a tensor filled with the pad value (quantized: its storage value,
/// quantize_val with the input's qparams), the input inserted at the low
/// padding.
struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedResultType(getTypeConverter(), op);
    ArrayRef<int64_t> inShape = shapeOf(op.getInput());
    if (!resultType.hasStaticShape() || ShapedType::isDynamicShape(inShape))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto value = static_cast<float>(op.getValue().convertToDouble());
    Type elem = resultType.getElementType();
    Attribute fill;
    if (std::optional<TensorQuant> q = getTensorQuant(op.getType()))
      fill = rewriter.getIntegerAttr(
          elem, quantizeValue(value, static_cast<float>(q->scale), q->zeroPoint,
                              q->qmin, q->qmax));
    else
      fill = rewriter.getFloatAttr(elem, value);
    int64_t rank = resultType.getRank();
    SmallVector<int64_t> offsets(rank, 0);
    ArrayRef<int64_t> pad = op.getPad();
    for (size_t i = 0; i < pad.size(); i += 2)
      offsets[rank - 1 - static_cast<int64_t>(i / 2)] = pad[i];
    Value filled =
        createFilled(rewriter, op.getLoc(), resultType.getShape(), fill);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, adaptor.getInput(), filled, ValueRange(), ValueRange(),
        ValueRange(), offsets, inShape, SmallVector<int64_t>(rank, 1));
    return success();
  }
};

} // namespace

void mlir::qnn::populateShapeToLinalgPatterns(const TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering<FlattenOp>, ReshapeLowering<ReshapeOp>,
               CatLowering, PermuteLowering, SliceLowering, PadLowering>(
      converter, patterns.getContext());
}
