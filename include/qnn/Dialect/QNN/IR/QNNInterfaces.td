//===- QNNInterfaces.td - qnn op interfaces ----------------*- tablegen -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNINTERFACES_TD
#define QNN_DIALECT_QNN_IR_QNNINTERFACES_TD

include "mlir/IR/OpBase.td"

def QNN_ModuleOpInterface : OpInterface<"ModuleOpInterface"> {
  let cppNamespace = "::mlir::qnn";
  let description = [{
    An op that stands for one `torch.nn` module instance. It carries the
    module path (`name`) and an optional per-module qconfig, which is what
    `propagate_qconfig_`, `prepare` and `convert` key on.
  }];
  let methods = [
    InterfaceMethod<"The module path, e.g. `layer1.0.conv1`.",
      "::llvm::StringRef", "getModulePath", (ins), [{}],
      [{ return $_op.getName(); }]>,
    InterfaceMethod<"The module's own qconfig, or null.",
      "::mlir::qnn::QConfigAttr", "getQConfig", (ins), [{}],
      [{ return $_op.getQconfigAttr(); }]>,
    InterfaceMethod<"Set (or, with null, clear) the module's qconfig.",
      "void", "setQConfig", (ins "::mlir::qnn::QConfigAttr":$qconfig), [{}],
      [{ $_op.setQconfigAttr(qconfig); }]>,
  ];
}

// Ops whose quantized result reuses the input's scale and zero point, as the
// corresponding PyTorch quantized kernels do (relu, max_pool2d, flatten...).
def QNN_SameQuantParams : NativeOpTrait<"SameQuantParams"> {
  let cppNamespace = "::mlir::qnn";
}

#endif // QNN_DIALECT_QNN_IR_QNNINTERFACES_TD
