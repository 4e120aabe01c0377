//===- QNNToKernels.cpp - the kernel patterns and targets -------*- C++ -*-===//

#include "Gemm.h"
#include "qnn/Conversion/Passes.h"

#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"


namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNTOKERNELS
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

void mlir::qnn::populateMicroKernelPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns,
                                            KernelTarget target,
                                            bool winograd) {
  if (!getTargetInfo(target).hasKernels())
    return;
  populateConvToGemmPatterns(converter, patterns, target, winograd);
  populateDepthwiseConvPatterns(converter, patterns, target);
  populateLinearPatterns(converter, patterns, target);
}

namespace {
struct ConvertQNNToKernelsPass
    : public qnn::impl::ConvertQNNToKernelsBase<ConvertQNNToKernelsPass> {
  ConvertQNNToKernelsPass() { describeOptions(); }
  ConvertQNNToKernelsPass(ConvertQNNToKernelsOptions options)
      : ConvertQNNToKernelsBase(std::move(options)) {
    describeOptions();
  }
  // The target names come from the target table.
  void describeOptions() { target.setDescription(kernelTargetOptionHelp()); }
  void runOnOperation() override {
    if (failed(lowerQNNToLinalg(getOperation(), target, winograd,
                                "qnn-to-kernels")))
      signalPassFailure();
  }
};
} // namespace
