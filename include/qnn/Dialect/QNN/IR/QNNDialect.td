//===- QNNDialect.td - qnn dialect definition --------------*- tablegen -*-===//
//
// The qnn dialect models PyTorch eager-mode quantization in IR.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_TD
#define QNN_DIALECT_QNN_IR_QNNDIALECT_TD

include "mlir/IR/OpBase.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::mlir::qnn";
  let summary = "PyTorch eager-mode quantization as IR";
  let description = [{
    The `qnn` dialect expresses every stage of PyTorch's eager-mode
    quantization workflow: a float model (one op per `torch.nn` module kind,
    with PyTorch semantics and NCHW layout), the fused model
    (`fuse_modules`), the observed or fake-quantized model (`prepare`,
    `prepare_qat`) and the quantized model (`convert`, `quantize_dynamic`).

    The same module op works on float tensors and on tensors whose element
    type is a `!quant.uniform` type (per-tensor or per-axis); quantized
    results carry their scale and zero point in the result type. Every module
    op carries its module path in `name` and may carry its own `qconfig`.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

// Every `!quant.uniform` operand and result type of a qnn op has valid
// qparams: finite positive scales, zero points in the storage range, and a
// per-axis scale count that matches the tensor.
def QNN_ValidQParams : NativeOpTrait<"ValidQParams"> {
  let cppNamespace = "::mlir::qnn";
}

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic, !listconcat([QNN_ValidQParams], traits)>;

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_TD
