//===- OperandA.cpp - where the GEMM reads A --------------------*- C++ -*-===//

#include "Gemm.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

namespace mlir::qnn::kernels {

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

/// Pads dim 1 of a [m][k] tensor to a multiple of `kg` with zeros.
Value padColumns(OpBuilder &b, Location loc, Value a, int64_t kg) {
  ArrayRef<int64_t> s = shapeOf(a);
  int64_t padded = llvm::divideCeil(s[1], kg) * kg;
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

} // namespace mlir::qnn::kernels
