//===- Passes.td - qnn conversion passes -------------------*- tablegen -*-===//

#ifndef QNN_CONVERSION_PASSES_TD
#define QNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNToLinalg : Pass<"qnn-to-linalg", "ModuleOp"> {
  let summary = "Lower qnn ops to linalg/tensor/arith/math with exact numerics";
  let description = [{
    The reference semantics of qnn (the micro-kernels are `qnn-to-kernels`;
    `microkernels=<target>` is that pass's old spelling, kept as an alias).

    Quantized tensors become tensors of their
    integer storage type; every op is lowered to `linalg.generic` and named
    linalg ops with PyTorch 1.13's arithmetic (see docs/numerics.md):
    quantize is `clamp(rint(x * (1.0f / scale)) + zp)`, integer
    convolutions accumulate in i32, and requantization is float32 with round
    half to even. The sigmoid and tanh of the recurrent cells are expanded
    into MLIR's polynomial approximations (arith and `math.fma`), so no
    target depends on its libm's rounding for them.

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
  let options = [
    Option<"microkernels", "microkernels", "std::string",
           /*default=*/"\"reference\"",
           "Alias of qnn-to-kernels{target=}: reference (none, the "
           "default) or a micro-kernel target">,
    Option<"winograd", "winograd", "bool", /*default=*/"true",
           "With micro-kernels: run 3x3 stride-1 convs (>= 16 channels) of "
           "the 16-bit kernels as exact integer Winograd F(2x2, 3x3)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::arm_neon::ArmNeonDialect"
  ];
}

def ConvertQNNToKernels : Pass<"qnn-to-kernels", "ModuleOp"> {
  let summary = "Lower quantized conv/linear to one target's micro-kernels, "
                "the rest as qnn-to-linalg does";
  let description = [{
    Quantized conv1d/2d/3d (grouped: one batched GEMM), conv_transpose,
    depthwise conv2d and linear with constant weights, and the dynamic linear
    and recurrent gate matmuls, become packed GEMMs whose loop nest uses the
    target's dot instruction (vpmaddwd, vpdpbusd, smlal, sdot) with weights
    prepacked into constant globals and a fused requantizing epilogue
    (lib/Conversion/QNNToKernels, docs/MicroKernels.md). The kernel patterns
    run ahead of qnn-to-linalg's in the same conversion, and every op they
    decline takes the reference pattern; the results are bit-identical to
    qnn-to-linalg's. With `kernel-remarks=1` each quantized conv/linear
    that no kernel takes gets a remark saying why (qnn-compile
    `--qnn-kernel-remarks`).
    On a module with the unit attribute `qnn.optimize_size` (qnn-compile
    `--optimize-size`), the 16-bit kernels' packed weights are not int16
    constants: an int8 constant is widened (or Winograd-transformed) at the
    first call into a zero-initialized mutable global behind an atomic ready
    flag, with the same values, so the results stay bit-identical; weights
    that do not fit int8 keep the int16 constant.

    ```mlir
    // qnn-opt --qnn-to-kernels="target=x86-64-avx2"
    %y = qnn.conv2d %x, %w, %b {...} : ... -> tensor<1x64x56x56x!quant.uniform<u8:f32, 0.05:0>>
    // becomes a memref.global of packed weights and an scf/vector loop nest
    // calling llvm.x86.avx2.pmadd.wd, storing i8 channels-last rows
    ```
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"generic\"",
           "Micro-kernel target: generic, x86-64-avx2, x86-64-avx512vnni, "
           "aarch64-neon, aarch64-neon-dotprod, native, or reference (none)">,
    Option<"winograd", "winograd", "bool", /*default=*/"true",
           "Run 3x3 stride-1 convs (>= 16 channels) of the 16-bit kernels as "
           "exact integer Winograd F(2x2, 3x3)">,
    Option<"kernelRemarks", "kernel-remarks", "bool", /*default=*/"false",
           "Emit a remark for each quantized conv/linear the kernels leave "
           "to the reference lowering, naming the op and the reason">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::arm_neon::ArmNeonDialect"
  ];
}

#endif // QNN_CONVERSION_PASSES_TD
