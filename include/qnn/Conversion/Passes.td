//===- Passes.td - qnn conversion passes -------------------*- tablegen -*-===//

#ifndef QNN_CONVERSION_PASSES_TD
#define QNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNToLinalg : Pass<"qnn-to-linalg", "ModuleOp"> {
  let summary = "Lower qnn ops to linalg/tensor/arith/math with exact numerics";
  let description = [{
    The reference semantics of qnn. Quantized tensors become tensors of their
    integer storage type; every op is lowered to `linalg.generic` and named
    linalg ops with PyTorch 1.13's arithmetic (see docs/numerics.md):
    quantize is `clamp(rint(x * (1.0f / scale)) + zp)`, integer
    convolutions accumulate in i32, and requantization is float32 with round
    half to even.

    `qnn.observe` becomes an identity plus reductions whose results leave
    the function as extra results (after the original results, in program
    order): the batch min and max (per tensor, or per channel along
    `ch_axis`) for the min/max observer kinds; for `histogram`, the observed
    tensor itself, because HistogramObserver's merge re-bins against its
    previous state. The function gets a `qnn.observers` attribute naming
    them; `qnn-calibrate` merges each batch with the observer's PyTorch
    update rule.

    ```mlir
    %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
    // becomes a linalg.generic over tensor<4xf32> -> tensor<4xi8> computing
    // trunci(clamp(fptosi(roundeven(x * 10.0)) + 128, 0, 255))
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def MemRefCopyToLinalg : Pass<"qnn-memref-copy-to-linalg", "ModuleOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization expresses copies as `memref.copy`, whose LLVM lowering
    calls `memrefCopy` from MLIR's C runner utilities for strided operands.
    Rewriting them as `linalg.copy` lets them lower to loops, so compiled
    models depend on nothing beyond libc.

    ```mlir
    memref.copy %a, %b : memref<4xf32, strided<[2]>> to memref<4xf32>
    // becomes
    linalg.copy ins(%a : memref<4xf32, strided<[2]>>) outs(%b : memref<4xf32>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // QNN_CONVERSION_PASSES_TD
