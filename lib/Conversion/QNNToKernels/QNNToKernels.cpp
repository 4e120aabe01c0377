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

void KernelRemarks::decline(Operation *op, const Twine &reason) {
  auto [it, inserted] = index.insert({op, declined.size()});
  if (inserted)
    declined.push_back(
        {op->getLoc(), op->getName().getStringRef().str(), reason.str()});
  else
    declined[it->second].reason = reason.str();
}

void KernelRemarks::accept(Operation *op) { accepted.insert(op); }

void KernelRemarks::emit() const {
  for (auto [op, i] : index)
    if (!accepted.contains(op))
      emitRemark(declined[i].loc)
          << "qnn-to-kernels: '" << declined[i].op
          << "' takes the reference lowering: " << declined[i].reason;
}

LogicalResult mlir::qnn::kernels::decline(KernelRemarks *remarks,
                                          ConversionPatternRewriter &rewriter,
                                          Operation *op, const Twine &reason) {
  if (remarks)
    remarks->decline(op, reason);
  return rewriter.notifyMatchFailure(op, reason);
}

LogicalResult mlir::qnn::kernels::decline(KernelRemarks *remarks,
                                          ConversionPatternRewriter &rewriter,
                                          Operation *op, llvm::Error reason) {
  return decline(remarks, rewriter, op, toString(std::move(reason)));
}

void mlir::qnn::populateMicroKernelPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns,
                                            KernelTarget target, bool winograd,
                                            KernelRemarks *remarks) {
  if (!getTargetInfo(target).hasKernels())
    return;
  populateConvToGemmPatterns(converter, patterns, target, winograd, remarks);
  populateDepthwiseConvPatterns(converter, patterns, target, remarks);
  populateLinearPatterns(converter, patterns, target, remarks);
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
                                "qnn-to-kernels", kernelRemarks)))
      signalPassFailure();
  }
};
} // namespace
